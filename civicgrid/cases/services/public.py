"""What a reporter without a staff role may do on their case: rate it once it is closed.

The reporter proves who they are by their account (the case's reporter) or by the phone number
they gave when reporting (compared through the blind index; the number is never shown).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from civicgrid.core import pii
from civicgrid.core.errors import DomainError
from civicgrid.core.phone import PhoneError, normalise

from ..models import Case
from .transition import case_transition


def reporter_matches(case: Case, *, user=None, phone: str = "") -> bool:
    if getattr(user, "is_authenticated", False) and case.reporter_user_id == user.pk:
        return True
    if phone and case.reporter_phone_index:
        try:
            return pii.blind_index(normalise(phone)) == case.reporter_phone_index
        except PhoneError:
            return False
    return False


def case_rate_by_reporter(*, case: Case, user, phone: str, rating: str, note: str = "") -> Case:
    if not reporter_matches(case, user=user, phone=phone):
        raise DomainError(
            _("Give the phone number you reported with (or log in with your account)."),
            code="not_reporter",
            field="phone",
        )
    return case_transition(
        case_id=case.pk,
        action="rate",
        actor=user if getattr(user, "is_authenticated", False) else None,
        note=note[:4000],
        data={"rating": rating, "by": "reporter"},
        system=True,
    )
