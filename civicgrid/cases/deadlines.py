"""Deadlines as the desk shows them: the one a case runs against now, and the dispatch deadline
of a registered case.

A registered case has no stage clock yet (the handling clock starts at dispatch), but its
dispatch is timed all the same: it is due ``CIVICGRID_STEP_MINUTES["dispatch"]`` working minutes
after the registration, or after the latest return or reopening (``services/steps.py``, the
same deadline the dispatcher's on-time rate counts). Its yellow point is the default
supervision share of that time (80 %); past the deadline it is over.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Max

from civicgrid.core.working_time import add_working_seconds, current_calendar

from .choices import Action, State
from .models import Case, CaseEvent

YELLOW_SHARE = 80  # % of the allowed time: the default supervision threshold


@dataclass(frozen=True)
class Deadline:
    """A deadline with its yellow and red points (None: the point is the deadline itself)."""

    due: dt.datetime
    yellow: dt.datetime | None = None
    red: dt.datetime | None = None

    def level(self, now: dt.datetime) -> str:
        """``ok``, ``yellow``, ``red`` or ``over`` at ``now`` (the ``.cg-deadline`` classes)."""
        if now > self.due:
            return "over"
        if self.red is not None and now >= self.red:
            return "red"
        if self.yellow is not None and now >= self.yellow:
            return "yellow"
        return "ok"


def running(case) -> Deadline | None:
    """The deadline the case's current stage runs against (None when no clock runs)."""
    if case.due_at is None or case.suspended_at is not None:
        return None
    return Deadline(case.due_at, case.yellow_at, case.red_at)


def _dispatch(start: dt.datetime, calendar) -> Deadline | None:
    minutes = settings.CIVICGRID_STEP_MINUTES.get(str(Action.DISPATCH))
    if not minutes:
        return None
    seconds = minutes * 60
    return Deadline(
        due=add_working_seconds(start, seconds, calendar=calendar),
        yellow=add_working_seconds(start, seconds * YELLOW_SHARE // 100, calendar=calendar),
    )


def dispatch_deadlines(cases) -> dict[int, Deadline]:
    """The dispatch deadline of each registered case among ``cases`` (by id), in two queries
    for a page of them."""
    waiting = [c for c in cases if c.state == State.REGISTERED]
    if not waiting:
        return {}
    ids = [c.pk for c in waiting]
    registered = dict(Case.objects.filter(pk__in=ids).values_list("pk", "registered_at"))
    again = dict(
        CaseEvent.objects.filter(case_id__in=ids, action__in=(Action.RETURN, Action.REOPEN))
        .values("case_id")
        .annotate(at=Max("at"))
        .values_list("case_id", "at")
    )
    calendar = current_calendar()
    out = {}
    for pk in ids:
        start = again.get(pk) or registered.get(pk)
        found = _dispatch(start, calendar) if start is not None else None
        if found is not None:
            out[pk] = found
    return out


def dispatch_deadline(case) -> Deadline | None:
    return dispatch_deadlines([case]).get(case.pk)
