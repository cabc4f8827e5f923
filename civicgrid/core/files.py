"""Documents people attach (signed agreements, receipts): PDF, JPEG or PNG, of a bounded size."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _

from .errors import DomainError

DOCUMENT_TYPES = (".pdf", ".jpg", ".jpeg", ".png")


def check_document(upload, field: str) -> None:
    """Refuse, naming ``field``, a file that is not a PDF, JPEG or PNG of at most the limit."""
    limit = settings.CIVICGRID_MAX_PHOTO_BYTES
    if not upload.name.lower().endswith(DOCUMENT_TYPES) or upload.size > limit:
        raise DomainError(
            _("The file must be a PDF, JPEG or PNG file of at most %(mb)s MB.")
            % {"mb": limit // (1024 * 1024)},
            code="invalid",
            field=field,
        )
