"""Files people attach: documents (signed agreements, receipts: PDF, JPEG or PNG, of a bounded
size) checked on the way in, and stored photos answered on the way out."""

from __future__ import annotations

from django.conf import settings
from django.http import FileResponse
from django.utils.translation import gettext as _

from .errors import DomainError, ErrorCode

DOCUMENT_TYPES = (".pdf", ".jpg", ".jpeg", ".png")


def check_document(upload, field: str) -> None:
    """Refuse, naming ``field``, a file that is not a PDF, JPEG or PNG of at most the limit."""
    limit = settings.CIVICGRID_MAX_PHOTO_BYTES
    if not upload.name.lower().endswith(DOCUMENT_TYPES) or upload.size > limit:
        raise DomainError(
            _("The file must be a PDF, JPEG or PNG file of at most %(mb)s MB.")
            % {"mb": limit // (1024 * 1024)},
            code=ErrorCode.INVALID,
            field=field,
        )


def stored_file(stored, content_type: str, cache: str = "private, max-age=3600") -> FileResponse:
    """A stored file (a ``FileField``'s value) answered inline as ``content_type``, which the
    browser must not second-guess (``nosniff``), cached as ``cache`` says."""
    response = FileResponse(stored.open("rb"), content_type=content_type)
    response["Cache-Control"] = cache
    response["X-Content-Type-Options"] = "nosniff"
    return response
