"""The workflows of meetings and micro-project calls as tables: which action moves one from
which state to which. Pure Python, no database: ``participation/workflow.py`` is the one writer
of both states and consults these tables.

A meeting is called planned; it is held (its minutes recorded, once someone has signed in) or
cancelled; a held meeting's summary is published to residents, and may be published again
corrected, the meeting staying held:

    planned ─hold→ held ─publish→ held
    planned ─cancel→ cancelled

A call collects proposals, is deliberated and voted on by its dates, not by anyone's action;
the one action that changes its state is the count, once voting has closed:

    open ─tally→ tallied
"""

from __future__ import annotations

from .choices import CallAction, MeetingAction
from .models import Call, Meeting

MEETING_TRANSITIONS: dict[tuple[str, str], str] = {
    (Meeting.Status.PLANNED, MeetingAction.HOLD): Meeting.Status.HELD,
    (Meeting.Status.PLANNED, MeetingAction.CANCEL): Meeting.Status.CANCELLED,
    (Meeting.Status.HELD, MeetingAction.PUBLISH): Meeting.Status.HELD,
}

CALL_TRANSITIONS: dict[tuple[str, str], str] = {
    (Call.Status.OPEN, CallAction.TALLY): Call.Status.TALLIED,
}


def meeting_next(state: str, action: str) -> str | None:
    """The state ``action`` moves a meeting in ``state`` to, or None when it may not."""
    return MEETING_TRANSITIONS.get((state, action))


def call_next(state: str, action: str) -> str | None:
    """The state ``action`` moves a call in ``state`` to, or None when it may not."""
    return CALL_TRANSITIONS.get((state, action))
