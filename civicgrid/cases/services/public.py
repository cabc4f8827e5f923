"""What the public may do without a staff role: report through the portal, and rate their case
once it is closed — both within abuse limits.

The reporter proves who they are by their account (the case's reporter) or by the phone number
they gave when reporting (compared through the blind index; the number is never shown). Wrong
numbers are counted per case, so nobody can guess a reporter's number by trying them all.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _

from civicgrid.core import pii
from civicgrid.core.errors import DomainError, TooManyAttempts
from civicgrid.core.phone import PhoneError, normalise
from civicgrid.core.ratelimit import Limit

from ..models import Case
from .transition import case_transition


def reporter_matches(case: Case, *, user=None, phone: str = "") -> bool:
    if getattr(user, "is_authenticated", False) and case.reporter_user_id == user.pk:
        return True
    key = _phone_key(phone)
    return bool(key and case.reporter_phone_index and key == case.reporter_phone_index)


def _phone_key(phone: str) -> str | None:
    try:
        return pii.blind_index(normalise(phone)) if phone else None
    except PhoneError:
        return None


def check_public_report(*, address: str | None, phone: str = "") -> None:
    """Count a portal submission against the client address's and the phone's limits."""
    per_address = Limit("portal.report", settings.CIVICGRID_PORTAL_REPORTS_PER_HOUR, 3600)
    per_phone = Limit("portal.phone", settings.CIVICGRID_PORTAL_REPORTS_PER_PHONE_PER_DAY, 86400)
    phone_key = _phone_key(phone)
    if not per_address.hit(address or "unknown") or (phone_key and not per_phone.hit(phone_key)):
        raise TooManyAttempts(
            _(
                "Too many reports from here in a short time. Please try again later, or call "
                "the hotline."
            )
        )


def _failures() -> Limit:
    return Limit("rating.wrong-phone", settings.CIVICGRID_RATING_FAILURES_PER_HOUR, 3600)


def case_rate_by_reporter(
    *, case: Case, user, phone: str, rating: str, note: str = "", resolved: str = ""
) -> Case:
    by_account = reporter_matches(case, user=user)
    if not by_account and _failures().exceeded(str(case.pk)):
        raise TooManyAttempts(
            _("Too many wrong phone numbers for this case. Please try again in an hour."),
            field="phone",
        )
    if not by_account and not reporter_matches(case, phone=phone):
        _failures().hit(str(case.pk))
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
        data={"rating": rating, "resolved": resolved, "by": "reporter"},
        system=True,
    )
