"""The callback (回访): the operator calls the reporter of a closed case and records, in one
form, whether they were reached, the rating they gave and a note.

The reporter's number is shown masked everywhere. The one person who needs it whole is the one
calling back: ``reporter_phone_reveal`` gives it to a user who may call back on the case now
and writes the audit row every unmasked view of personal data writes (``registry.PiiAccess``,
DOMAIN.md §3); anyone else is refused as if the case had no number to give.
"""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from civicgrid.core.errors import DomainError, ErrorCode, NotFound
from civicgrid.registry.choices import AccessChannel
from civicgrid.registry.services import pii_audit

from ..choices import Action
from ..models import Case
from .transition import available_actions, case_transition

AUDITED_FIELD = "reporter_phone"


def may_reveal(user, case: Case) -> bool:
    """The reporter left a number and ``user`` may call them back on this case now."""
    return (
        bool(case.reporter_phone_enc)
        and not case.anonymous
        and Action.CALL_BACK in available_actions(user, case)
    )


@transaction.atomic
def reporter_phone_reveal(
    *, user, case: Case, channel: str = AccessChannel.WEB, request: HttpRequest | None = None
) -> str:
    """The reporter's whole number for the one calling back, audited; ``NotFound`` for anyone
    else (they learn nothing, not even that there is a number)."""
    if not may_reveal(user, case):
        raise NotFound(_("No such case."))
    pii_audit(
        user=user,
        subject=f"{case.number} {case.reporter_name} {case.reporter_phone_masked}".strip(),
        fields=AUDITED_FIELD,
        channel=channel,
        request=request,
    )
    return case.reveal("reporter_phone")


def case_call_back(
    *,
    case_id: int,
    actor,
    reached: bool,
    note: str = "",
    rating: str | None = None,
    resolved: bool | None = None,
    expected_version: int | None = None,
    now=None,
) -> Case:
    """Record a callback and, when the reporter was reached and gave one, their rating, as one
    step of the operator's (both or neither). A rating needs the reporter reached."""
    if rating and not reached:
        raise DomainError(
            _("A rating needs the reporter reached: say yes, or leave the rating empty."),
            code=ErrorCode.INVALID,
            field="rating",
        )
    with transaction.atomic():
        case = case_transition(
            case_id=case_id,
            action=Action.CALL_BACK,
            actor=actor,
            note=note,
            data={"reached": reached},
            expected_version=expected_version,
            now=now,
        )
        if rating:
            data: dict = {"rating": rating}
            if resolved is not None:
                data["resolved"] = resolved
            case = case_transition(
                case_id=case_id,
                action=Action.RATE,
                actor=actor,
                data=data,
                expected_version=case.version,
                now=now,
            )
    return case
