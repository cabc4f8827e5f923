"""Amounts of money in yuan, as people type them."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from .errors import DomainError, ErrorCode

LIMIT = Decimal("1e10")


def yuan(value, field: str, *, positive: bool = False) -> Decimal:
    """A non-negative amount (above zero when ``positive``) to the fen, or an error naming
    ``field``; empty is zero."""
    try:
        amount = Decimal(str(value if value not in (None, "") else "0"))
    except (InvalidOperation, ValueError):
        raise DomainError(
            _("Give an amount in yuan."), code=ErrorCode.INVALID, field=field
        ) from None
    if not amount.is_finite() or amount < 0 or amount >= LIMIT or (positive and not amount):
        raise DomainError(_("Give an amount in yuan."), code=ErrorCode.INVALID, field=field)
    return amount.quantize(Decimal("0.01"))
