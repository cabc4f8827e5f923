"""A model's own checks (required, lengths, choices, ranges) as the domain's refusal: each rule is
written once, on the model field, and a service asks the model instead of checking by hand (nor
cutting a value to fit: a value too long is refused, naming its field)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum.cn import uscc
from stdnum.exceptions import ValidationError as StdnumError

from .errors import DomainError, ErrorCode, errors_from_validation


def refusal(exc: ValidationError, *, prefix: str = "") -> DomainError:
    """The first problem of a ValidationError, naming its field (after ``prefix``)."""
    first = errors_from_validation(exc)[0]
    field = f"{prefix}{first.field}" if first.field else prefix.rstrip(".") or None
    return DomainError(first.message, code=first.code, field=field)


def checked(
    instance: models.Model,
    *,
    only: Collection[str] | None = None,
    exclude: Collection[str] = (),
    unique: bool = False,
    prefix: str = "",
) -> None:
    """``full_clean`` the instance before it is written — only the fields ``only`` names when
    given, never those of ``exclude`` — and its uniqueness when ``unique`` (otherwise the
    database refuses a duplicate and the service that writes it says so). Its first problem is
    a DomainError naming the field (after ``prefix``)."""
    skipped = set(exclude)
    if only is not None:
        skipped |= {f.name for f in instance._meta.concrete_fields if f.name not in only}
    try:
        _texts_fit(instance, skipped)
        instance.full_clean(
            exclude=sorted(skipped) or None, validate_unique=unique, validate_constraints=unique
        )
    except ValidationError as exc:
        raise refusal(exc, prefix=prefix) from None


def _texts_fit(instance: models.Model, exclude: Collection[str]) -> None:
    """A text field's ``max_length``, which Django leaves to forms, holds for every writer."""
    errors = {}
    for field in instance._meta.concrete_fields:
        value = getattr(instance, field.attname)
        if isinstance(field, models.TextField) and field.max_length and field.name not in exclude:
            try:
                MaxLengthValidator(field.max_length)(value or "")
            except ValidationError as exc:
                errors[field.name] = exc.error_list
    if errors:
        raise ValidationError(errors)


def limits(model: type[models.Model], name: str) -> dict[str, Any]:
    """A model field's limits as an API schema's constraints (``max_length``, ``ge``, ``le``):
    the API documents and checks what the model checks, written once, on the model."""
    field = model._meta.get_field(name)
    out: dict[str, Any] = {}
    longest = getattr(field, "max_length", None)
    if longest:
        out["max_length"] = longest
    for validator in getattr(field, "validators", ()):
        if isinstance(validator, MinValueValidator):
            out["ge"] = max(out.get("ge", validator.limit_value), validator.limit_value)
        elif isinstance(validator, MaxValueValidator):
            out["le"] = min(out.get("le", validator.limit_value), validator.limit_value)
    return out


def credit_code(code: str, field: str = "credit_code") -> str:
    """A unified social credit code checked (GB 32100, its check character included) and
    written in capitals; empty stays empty (whether one is required is the caller's rule)."""
    code = code.strip().upper()
    if not code:
        return ""
    try:
        return uscc.validate(code)
    except StdnumError:
        raise DomainError(
            _("Not a valid unified social credit code (GB 32100)."),
            code=ErrorCode.INVALID,
            field=field,
        ) from None


def past_day(day: dt.date | None, field: str) -> dt.date:
    """A day that has come (today or before), or the refusal naming ``field``."""
    if day is None:
        raise DomainError(_("Give the day."), code=ErrorCode.REQUIRED, field=field)
    if day > timezone.localdate():
        raise DomainError(_("This day has not come yet."), code=ErrorCode.INVALID, field=field)
    return day


# markup in a text: a case's description refuses it (``cases`` intake), and so does any text
# that will be written into one (a hazard, a campaign's finding)
MARKUP = re.compile(r"<\s*[a-zA-Z/!]")


def plain_text(value: str, field: str) -> str:
    """``value`` stripped, or the refusal naming ``field`` when it holds HTML."""
    if MARKUP.search(value or ""):
        raise DomainError(_("Write plain text, without HTML."), code=ErrorCode.INVALID, field=field)
    return (value or "").strip()
