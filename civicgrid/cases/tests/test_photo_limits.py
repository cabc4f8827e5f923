"""Photos are checked for their pixels from the header, before anything is decoded: a small
file that declares a huge picture (a decompression bomb) is refused naming the field."""

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from PIL import Image

from civicgrid.cases.services.photos import clean_photo, clean_photos
from civicgrid.core.errors import DomainError

from .test_intake import jpeg


def png_header(width: int, height: int) -> bytes:
    """A PNG of a few hundred bytes that declares ``width`` × ``height`` pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    idat = zlib.compress(b"\x00" * 1024)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def png(size) -> bytes:
    out = io.BytesIO()
    Image.new("L", size, 0).save(out, "PNG")
    return out.getvalue()


@pytest.mark.parametrize("megapixels", [81, 120, 169, 400])
def test_a_bomb_is_refused_before_decoding(megapixels):
    width = 10_000
    upload = SimpleUploadedFile("bomb.png", png_header(width, megapixels * 100))
    with pytest.raises(DomainError) as refused:
        clean_photo(upload, field="media")
    assert refused.value.code == "photo_too_large" and refused.value.field == "media"
    assert "40" in refused.value.message


@override_settings(CIVICGRID_MAX_PHOTO_PIXELS=1_000_000)
def test_the_pixel_limit_is_a_setting():
    with pytest.raises(DomainError) as refused:
        clean_photo(SimpleUploadedFile("big.png", png((1001, 1000))))
    assert refused.value.code == "photo_too_large" and refused.value.field == "photos"
    assert clean_photo(SimpleUploadedFile("ok.png", png((1000, 1000)))).content_type == "image/png"


def test_a_large_jpeg_is_stored_at_most_2560_pixels_wide():
    photo = clean_photo(jpeg(size=(5120, 3840)))
    assert Image.open(io.BytesIO(photo.content.read())).size == (2560, 1920)


def test_the_number_of_photos_is_capped():
    with pytest.raises(DomainError) as refused:
        clean_photos([jpeg() for _ in range(10)])
    assert refused.value.code == "too_many_photos"
