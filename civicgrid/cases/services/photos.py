"""Photos attached to cases: checked, located from EXIF, stored without EXIF.

Only JPEG, PNG and WebP are taken, up to ``CIVICGRID_MAX_PHOTO_BYTES`` each and
``CIVICGRID_MAX_PHOTO_PIXELS`` (checked from the header, before decoding). The GPS position
in the EXIF data is read (it helps verify where a photo was taken) and then every EXIF field is
dropped from the stored copy, which is re-encoded from the pixels (upright, at most 2,560 px).
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from civicgrid.core.errors import DomainError, ErrorCode

from ..errors import CasesError
from ..models import CaseAttachment

FORMATS = {
    "JPEG": ("image/jpeg", "jpg"),
    "PNG": ("image/png", "png"),
    "WEBP": ("image/webp", "webp"),
}
MAX_SIDE = 2560
GPS_IFD = 0x8825


@dataclass
class Photo:
    content: ContentFile
    content_type: str
    size: int
    sha256: str
    lon: float | None
    lat: float | None


def _degrees(value, ref) -> float | None:
    try:
        d, m, s = (float(x) for x in value)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    result = d + m / 60 + s / 3600
    return -result if ref in ("S", "W") else result


def gps_of(image: Image.Image) -> tuple[float | None, float | None]:
    gps = image.getexif().get_ifd(GPS_IFD)
    if not gps:
        return None, None
    lat = _degrees(gps.get(2), gps.get(1))
    lon = _degrees(gps.get(4), gps.get(3))
    if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None, None
    return lon, lat


def clean_photo(upload, *, field: str = "photos") -> Photo:
    """Check one uploaded file and return a stripped copy; a bad file names ``field``."""
    limit = settings.CIVICGRID_MAX_PHOTO_BYTES
    if upload.size > limit:
        raise DomainError(
            _("%(name)s is larger than %(mb)s MB.")
            % {"name": upload.name, "mb": limit // (1024 * 1024)},
            code=CasesError.PHOTO_TOO_LARGE,
            field=field,
        )
    not_a_picture = DomainError(
        _("%(name)s is not a JPEG, PNG or WebP picture.") % {"name": upload.name},
        code=CasesError.PHOTO_TYPE,
        field=field,
    )
    too_many_pixels = DomainError(
        _("%(name)s has more than %(mp)s million pixels; send a smaller picture.")
        % {"name": upload.name, "mp": settings.CIVICGRID_MAX_PHOTO_PIXELS // 1_000_000},
        code=CasesError.PHOTO_TOO_LARGE,
        field=field,
    )
    try:
        image = Image.open(upload)  # reads the header only: the size before any pixel
    except Image.DecompressionBombError:
        raise too_many_pixels from None
    except (UnidentifiedImageError, OSError):
        raise not_a_picture from None
    if image.format not in FORMATS:
        raise not_a_picture
    width, height = image.size
    if width * height > settings.CIVICGRID_MAX_PHOTO_PIXELS:
        raise too_many_pixels  # a decompression bomb, or just too large: never decoded
    if image.format == "JPEG":
        image.draft("RGB", (MAX_SIDE, MAX_SIDE))  # decode at the stored size, not the full one
    try:
        image.load()
    except (OSError, Image.DecompressionBombError):
        raise not_a_picture from None
    content_type, ext = FORMATS[image.format]
    lon, lat = gps_of(image)
    clean = ImageOps.exif_transpose(image)
    clean.thumbnail((MAX_SIDE, MAX_SIDE))
    out = io.BytesIO()
    if image.format == "JPEG":
        clean.convert("RGB").save(out, "JPEG", quality=85, optimize=True)
    else:
        clean.save(out, image.format)
    data = out.getvalue()
    digest = hashlib.sha256(data).hexdigest()
    return Photo(
        content=ContentFile(data, name=f"{digest[:16]}.{ext}"),
        content_type=content_type,
        size=len(data),
        sha256=digest,
        lon=lon,
        lat=lat,
    )


def clean_photos(uploads, *, field: str = "photos") -> list[Photo]:
    uploads = list(uploads or [])
    if len(uploads) > settings.CIVICGRID_MAX_PHOTOS:
        raise DomainError(
            _("At most %(n)s photos at a time.") % {"n": settings.CIVICGRID_MAX_PHOTOS},
            code=CasesError.TOO_MANY_PHOTOS,
            field=field,
        )
    return [clean_photo(u, field=field) for u in uploads]


def attach(case, photos: list[Photo], *, kind: str, event=None, public: bool = False) -> list:
    return [
        CaseAttachment.objects.create(
            case=case,
            event=event,
            kind=kind,
            file=p.content,
            content_type=p.content_type,
            size=p.size,
            sha256=p.sha256,
            lon=p.lon,
            lat=p.lat,
            public=public,
        )
        for p in photos
    ]


def publish_photos(ctx, inp) -> None:
    """``inp.shown``: the ids of the case's photos the public may see from now on; the others
    are hidden. Documents (e.g. mediation agreements) are never shown."""
    shown = set(inp.shown)
    photos = {
        a.pk: a.public
        for a in CaseAttachment.objects.filter(case=ctx.case).exclude(
            kind=CaseAttachment.Kind.DOCUMENT
        )
    }
    if not shown <= photos.keys():
        raise DomainError(
            _("Only this case's photos can be shown: %(ids)s is not one.")
            % {"ids": ", ".join(str(i) for i in sorted(shown - photos.keys()))},
            code=ErrorCode.INVALID,
            field="shown",
        )
    published = sorted(i for i in shown if not photos[i])
    hidden = sorted(i for i, public in photos.items() if public and i not in shown)
    if not published and not hidden:
        raise DomainError(_("The public already sees exactly these photos."), field="shown")
    CaseAttachment.objects.filter(pk__in=published).update(public=True)
    CaseAttachment.objects.filter(pk__in=hidden).update(public=False)
    ctx.event_data.update({"published": published, "hidden": hidden})
    ctx.public = False
