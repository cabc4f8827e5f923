"""Field cleaning shared by imports, forms and the API. Each raises FieldError naming the field."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from civicgrid.core import idnumber, phone

from .choices import Gender, IdType


class FieldError(ValueError):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


def clean_identity(
    id_type: str, value: str, gender: str | None = None, birth: dt.date | None = None
) -> tuple[str, str, dt.date | None]:
    """Normalised (id_number, gender, birth_date); the ID must agree with given gender/birth."""
    value = (value or "").strip().upper()
    if not value:
        raise FieldError("id_number", _("The ID number is required."))
    if id_type != IdType.RESIDENT_ID:
        if not (4 <= len(value) <= 30) or not value.replace("-", "").isalnum():
            raise FieldError("id_number", _("A document number has 4–30 letters and digits."))
        if gender not in (Gender.MALE, Gender.FEMALE):
            raise FieldError("gender", _("Gender is required for other documents."))
        return value, gender, birth
    try:
        parsed = idnumber.parse(value)
    except idnumber.IdNumberError as exc:
        raise FieldError("id_number", str(exc)) from None
    if gender and gender != parsed.gender:
        raise FieldError("gender", _("The gender does not match the ID number."))
    if birth and birth != parsed.birth_date:
        raise FieldError("birth_date", _("The birth date does not match the ID number."))
    return parsed.value, parsed.gender, parsed.birth_date


def clean_phone(value: str, field: str = "phone") -> str:
    if not (value or "").strip():
        return ""
    try:
        return phone.normalise(value)
    except phone.PhoneError as exc:
        raise FieldError(field, str(exc)) from None
