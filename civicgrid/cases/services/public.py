"""What the public may do without a staff role: see what is published of a case, report through
the portal, and rate their case once it is closed — both within abuse limits.

The reporter proves who they are by their account (the case's reporter) or by the phone number
they gave when reporting (compared through the blind index; the number is never shown). Wrong
numbers are counted per case, so nobody can guess a reporter's number by trying them all.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _

from civicgrid.catalogue.choices import PLACE_KINDS
from civicgrid.core import pii
from civicgrid.core.errors import DomainError, TooManyAttempts
from civicgrid.core.phone import PhoneError, normalise
from civicgrid.core.ratelimit import Limit
from civicgrid.core.redact import redact

from ..choices import State
from ..errors import CasesError
from ..models import Case
from ..notify import NOTED_STEPS
from .transition import case_transition


def is_reporters_account(case: Case, user) -> bool:
    """The logged-in reporter of the case or of a report merged into it."""
    if not getattr(user, "is_authenticated", False):
        return False
    return case.reporter_user_id == user.pk or case.merged.filter(reporter_user=user).exists()


def published_case(case: Case, *, user=None) -> dict | None:
    """What the portal shows of a case (decision 0007), or None when it is not published to
    this visitor. Classes closed to the public are shown to their reporter's account only.
    Matters and public-service items show their grid and the public steps' notes, masked
    (core/redact.py); appeals and disputes only their status, class and dates. The rating is
    the reporter's: shown to their account, never to the public."""
    reporter = is_reporters_account(case, user)
    if not case.case_class.public and not reporter:
        return None
    place = case.case_class.kind in PLACE_KINDS
    steps = [
        {
            "at": e.at,
            "label": e.to_state_label if e.from_state != e.to_state else e.action_label,
            "note": redact(e.note) if place and e.note and e.action in NOTED_STEPS else "",
        }
        for e in case.events.filter(public=True).order_by("seq")
    ]
    return {
        "number": case.number,
        "state": case.get_state_display(),
        "class_label": case.case_class.label,
        "grid": case.grid.name if place and case.grid_id else "",
        "reported_at": case.reported_at,
        "handle_due_at": case.handle_due_at if not case.closed_at else None,
        "merged_into": case.merged_into.number if case.merged_into is not None else "",
        "steps": steps,
        "rating": case.get_rating_display() if reporter and case.rating else "",
        "can_rate": case.state == State.CLOSED and not case.rating,
        "is_reporter": reporter,
    }


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
            code=CasesError.NOT_REPORTER,
            field="phone",
        )
    return case_transition(
        case_id=case.pk,
        action="rate",
        actor=user if getattr(user, "is_authenticated", False) else None,
        note=note,
        data={"rating": rating, "resolved": resolved, "by": "reporter"},
        system=True,
    )
