"""What every register model shares: the grid it sits in (its scope) and the encrypted
personal data fields (ciphertext, blind index, masked form; see core/pii.py)."""

from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from civicgrid.accounts.models import ScopedQuerySet
from civicgrid.accounts.permissions import VIEW_REGISTER
from civicgrid.core import pii
from civicgrid.core.errors import DomainError, ErrorCode
from civicgrid.core.models import BaseModel
from civicgrid.core.phone import PhoneError, normalise


class RegisterModel(BaseModel):
    scope_path = "grid__path"
    scope_capability = VIEW_REGISTER

    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True


def grid_fk(related_name: str, db_index: bool = True):
    """The grid a row sits in. Models with a (grid, id) index pass ``db_index=False``: that
    index already serves grid look-ups, and each extra index slows large imports."""
    return models.ForeignKey(
        "areas.Area",
        verbose_name=_("grid"),
        on_delete=models.PROTECT,
        related_name=related_name,
        db_index=db_index,
    )


class EncryptedPii:
    """Mixin: ``<field>_enc``/``_index``/``_masked`` triples, read through ``reveal``."""

    def set_pii(self, field: str, value: str, mask) -> None:
        setattr(self, f"{field}_enc", pii.encrypt(value))
        setattr(self, f"{field}_index", pii.blind_index(value))
        setattr(self, f"{field}_masked", mask(value))

    def reveal(self, field: str) -> str:
        return pii.decrypt(getattr(self, f"{field}_enc"))

    def set_phone(self, field: str, typed: str, *, form_field: str = "phone") -> None:
        """Set an encrypted phone from what was typed (checked and normalised); empty keeps the
        one on record. A wrong number is refused naming ``form_field``."""
        if not typed.strip():
            return
        try:
            self.set_pii(field, normalise(typed), pii.mask_phone)
        except PhoneError as exc:
            raise DomainError(str(exc), code=ErrorCode.INVALID, field=form_field) from None


def pii_fields(name: str, label):
    """(ciphertext, blind index, masked) fields. Index the blind index in ``Meta.indexes`` (a plain
    btree: exact look-ups only, so no pattern-ops twin on PostgreSQL)."""
    return (
        models.TextField(
            format_lazy(_("{label} (encrypted)"), label=label), blank=True, editable=False
        ),
        models.CharField(
            format_lazy(_("{label} (blind index)"), label=label),
            max_length=64,
            blank=True,
            editable=False,
        ),
        models.CharField(
            format_lazy(_("{label} (masked)"), label=label), max_length=32, blank=True
        ),
    )
