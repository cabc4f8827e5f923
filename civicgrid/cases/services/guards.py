"""What an action needs of the case beyond the table and the roles: a request waiting to be
decided, a suspension to resume, a rating to reopen on, a tier left to escalate to, photos to
choose from.

One predicate for offering and performing (a button shows exactly when the action would
succeed): ``available_actions`` offers an action only when ``refusal`` finds nothing
against it, and ``case_transition`` refuses it with the same error. What is left to fail is the
action's own input (a note, a unit, the hours), which the form asks for.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from civicgrid.core.errors import DomainError, ErrorCode

from ..choices import Action, Rating, Tier
from ..errors import CasesError
from ..models import CaseAttachment, CaseRequest
from .clock import TIER_ORDER

A = Action
EXTENSION, SUSPENSION = CaseRequest.Kind.EXTENSION, CaseRequest.Kind.SUSPENSION


@dataclass(frozen=True)
class Facts:
    """What the guards read of a case, loaded once (two small queries) per offer or action."""

    suspended: bool
    pending: frozenset[str]
    rating: str
    tier: str
    has_photos: bool
    self_handle_allowed: bool
    answerable: bool


def facts_of(case) -> Facts:
    return Facts(
        suspended=case.suspended_at is not None,
        pending=frozenset(
            CaseRequest.objects.filter(case=case, status=CaseRequest.Status.PENDING).values_list(
                "kind", flat=True
            )
        ),
        rating=case.rating,
        tier=case.tier_current,
        has_photos=CaseAttachment.objects.filter(case=case)
        .exclude(kind=CaseAttachment.Kind.DOCUMENT)
        .exists(),
        self_handle_allowed=case.case_class.self_handle_allowed,
        answerable=case.case_class.answerable,
    )


def _waiting(kind: str):
    def check(f: Facts) -> DomainError | None:
        if kind not in f.pending:
            return DomainError(
                _("There is no request waiting."), code=CasesError.NO_REQUEST, field="action"
            )
        return None

    return check


def _not_waiting(kind: str):
    def check(f: Facts) -> DomainError | None:
        if kind in f.pending:
            return DomainError(
                _("A request of this kind is already waiting."),
                code=ErrorCode.PENDING,
                field="action",
            )
        return None

    return check


def _request_suspension(f: Facts) -> DomainError | None:
    if f.suspended:
        return DomainError(
            _("The case is already suspended."), code=CasesError.SUSPENDED, field="action"
        )
    return _not_waiting(SUSPENSION)(f)


def _resume(f: Facts) -> DomainError | None:
    if not f.suspended:
        return DomainError(
            _("The case is not suspended."), code=CasesError.NOT_SUSPENDED, field="action"
        )
    return None


def _report_handled(f: Facts) -> DomainError | None:
    if f.suspended:
        return DomainError(_("Resume the case first."), code=CasesError.SUSPENDED, field="action")
    return None


def _rate(f: Facts) -> DomainError | None:
    if f.rating:
        return DomainError(
            _("This case has been rated already."), code=CasesError.RATED, field="rating"
        )
    return None


def _reopen(f: Facts) -> DomainError | None:
    if f.rating != Rating.DISSATISFIED:
        return DomainError(
            _("Only a case rated dissatisfied is reopened."),
            code=CasesError.NOT_DISSATISFIED,
            field="action",
        )
    return None


def _escalate(f: Facts) -> DomainError | None:
    if f.tier == Tier.DISTRICT or f.tier not in TIER_ORDER:
        return DomainError(
            _("Choose a tier above the one the case is at."),
            code=ErrorCode.INVALID,
            field="to_tier",
        )
    return None


def _self_handle(f: Facts) -> DomainError | None:
    if not f.self_handle_allowed:
        return DomainError(
            _("This class may not be self-handled on the spot."),
            code=ErrorCode.NOT_ALLOWED,
            field="case_class",
        )
    return None


def _answer(f: Facts) -> DomainError | None:
    if not f.answerable:
        return DomainError(
            _("Only a consultation is answered on the spot: this class is handled by a unit."),
            code=ErrorCode.NOT_ALLOWED,
            field="case_class",
        )
    return None


def _publish_photos(f: Facts) -> DomainError | None:
    if not f.has_photos:
        return DomainError(
            _("Give the ids of the photos to show."), code=ErrorCode.INVALID, field="shown"
        )
    return None


GUARDS = {
    A.REQUEST_EXTENSION: _not_waiting(EXTENSION),
    A.APPROVE_EXTENSION: _waiting(EXTENSION),
    A.REFUSE_EXTENSION: _waiting(EXTENSION),
    A.REQUEST_SUSPENSION: _request_suspension,
    A.APPROVE_SUSPENSION: _waiting(SUSPENSION),
    A.REFUSE_SUSPENSION: _waiting(SUSPENSION),
    A.RESUME: _resume,
    A.REPORT_HANDLED: _report_handled,
    A.RATE: _rate,
    A.REOPEN: _reopen,
    A.ESCALATE: _escalate,
    A.SELF_HANDLE: _self_handle,
    A.ANSWER: _answer,
    A.PUBLISH_PHOTOS: _publish_photos,
}


def refusal(action: str, facts: Facts) -> DomainError | None:
    """Why ``action`` cannot be taken on a case with these ``facts`` (None: nothing against it)."""
    guard = GUARDS.get(Action(action))
    return guard(facts) if guard else None
