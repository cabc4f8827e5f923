"""The one writer of a meeting's and a micro-project call's state.

Each writer locks the row (``select_for_update`` inside one transaction), asks the table of
``participation/transitions.py`` whether the action may happen in the state it finds, applies
the step's own changes (``effect``, which may still refuse), writes the new state and one step on
the record (who, when, from, to, why) — all or nothing. Two steps on one object at once are taken
one after the other: the second finds the state the first left and is refused if the table no
longer allows it. Who may take a step is the services' question, asked before they call here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from civicgrid.accounts.models import User
from civicgrid.core.checks import checked
from civicgrid.core.errors import DomainError, ErrorCode

from . import transitions
from .choices import CallAction, MeetingAction
from .models import Call, CallStep, Meeting, MeetingStep

MeetingEffect = Callable[[Meeting], Iterable[str]]
CallEffect = Callable[[Call], Iterable[str]]


def _meeting_refusal(action: MeetingAction) -> DomainError:
    if action == MeetingAction.PUBLISH:
        return DomainError(_("Record the minutes first."), code=ErrorCode.CLOSED, field="meeting")
    return DomainError(_("This meeting is over."), code=ErrorCode.CLOSED, field="meeting")


@transaction.atomic
def meeting_transition(
    *,
    meeting_id: int,
    action: MeetingAction,
    actor: User,
    now: dt.datetime,
    note: str = "",
    effect: MeetingEffect | None = None,
) -> Meeting:
    """Move the meeting by ``action``; ``effect`` changes the locked row and returns the fields
    it changed. Refused when the meeting's state does not allow the action."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting_id)
    target = transitions.meeting_next(meeting.status, action)
    if target is None:
        raise _meeting_refusal(action)
    changed = set(effect(meeting)) if effect is not None else set()
    checked(meeting, only=changed)
    from_state, meeting.status = meeting.status, target
    meeting.save(update_fields=sorted(changed | {"status", "updated_at"}))
    step = MeetingStep(meeting=meeting, action=action, from_state=from_state, to_state=target,
                       at=now, actor=actor, note=note)  # fmt: skip
    checked(step, only={"note"})
    step.save()
    return meeting


@transaction.atomic
def call_transition(
    *,
    call_id: int,
    action: CallAction,
    actor: User,
    now: dt.datetime,
    note: str = "",
    effect: CallEffect | None = None,
) -> Call:
    """Move the call by ``action``; ``effect`` changes the locked row (and may write what the
    step brings about, in the same transaction) and returns the fields it changed. Refused when
    the call's state does not allow the action."""
    call = Call.objects.select_for_update().get(pk=call_id)
    target = transitions.call_next(call.status, action)
    if target is None:
        raise DomainError(_("The votes are counted."), code=ErrorCode.DECIDED, field="call")
    changed = set(effect(call)) if effect is not None else set()
    checked(call, only=changed)
    from_state, call.status = call.status, target
    call.save(update_fields=sorted(changed | {"status", "updated_at"}))
    step = CallStep(call=call, action=action, from_state=from_state, to_state=target, at=now,
                    actor=actor, note=note)  # fmt: skip
    checked(step, only={"note"})
    step.save()
    return call
