"""The live edge of the demo's history: a few open cases whose cards and escalations fall due
around the moment the history ends, so that the scheduler's first sweep has something to tell.

The history ends with the periodic work having last run a little before the latest working
moment (the watermark, ``SweepRun``): every card that crossed before it counts as announced and
every escalation due before it has been applied (by the real sweep, at that moment). A few cases
are placed to cross their yellow and red points, and two to pass an escalation rule's grace,
between the watermark and the end of the history; a few more cross just after it. Working time
stands still at night and at weekends, so "just before" is counted back from the latest working
moment: whenever the demo starts (at once, at 3 a.m., a day later), the first sweep announces
those cards and fires those escalations; during working hours more follow within minutes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from functools import partial
from typing import Any

from civicgrid.cases.choices import Action, Channel, State, Tier
from civicgrid.cases.models import Case, CaseAssignment
from civicgrid.cases.services import outcomes
from civicgrid.cases.services.intake_write import case_number
from civicgrid.core.working_time import add_working_seconds, to_seconds
from civicgrid.routing.models import EscalationRule

MINUTE = 60


def last_working_moment(now: dt.datetime, cal) -> dt.datetime:
    """``now`` if it is working time, else the end of the latest working period before it."""
    day = now.astimezone(cal.tz).date()
    for _ in range(60):
        starts = [(begin, end) for begin, end in cal.windows(day) if begin <= now]
        if starts:
            return min(starts[-1][1], now)
        day -= dt.timedelta(days=1)
    return now


def back(end: dt.datetime, seconds: float, cal) -> dt.datetime:
    """The latest moment from which ``seconds`` of working time end at ``end`` (or just after)."""
    lo = end - dt.timedelta(days=int(seconds / cal.day_seconds) * 3 + 10)
    hi = end
    while hi - lo > dt.timedelta(seconds=1):
        mid = lo + (hi - lo) / 2
        if add_working_seconds(mid, int(seconds), calendar=cal) >= end:
            hi = mid
        else:
            lo = mid
    return hi


class LiveEdge:
    def __init__(self, history):
        self.h = history
        self.cal = history.cal
        self.edge = last_working_moment(history.now, self.cal)
        self.points: list[dt.datetime] = []  # what the first sweep finds due

    def _before(self, minutes: int) -> dt.datetime:
        return back(self.edge, minutes * MINUTE, self.cal)

    def _after(self, seconds: int) -> dt.datetime:
        return add_working_seconds(self.h.now, seconds, calendar=self.cal)

    def _grace(self, priority: str, major: str) -> int:
        rules = EscalationRule.objects.filter(active=True, to_tier__in=[Tier.STREET, Tier.DISTRICT])
        for rule in rules.select_related("major"):
            if (rule.priority and rule.priority == priority) or (
                rule.major is not None and rule.major.code == major
            ):
                return int(Decimal(rule.after_hours) * 3600)
        return 0

    def makers(self) -> list:
        """Functions of a case id that build the live edge's cases (as ``CaseHistory.build``)."""
        out: list[Callable[[int], Any]] = []
        # cards: turned yellow or red just before the history ends, and just after it
        for minutes, card in ((2, "yellow"), (4, "yellow"), (3, "red"), (6, "red")):
            point = self._before(minutes)
            self.points.append(point)
            out.append(partial(self.card, code="06036", point=point, card=card))
        for seconds, card in ((90, "yellow"), (150, "red"), (600, "yellow")):
            point = self._after(seconds)
            out.append(partial(self.card, code="06036", point=point, card=card))
        # escalations: a dispute the community has not settled, an urgent manhole cover
        for code, minutes in (("DS001", 5), ("01001", 8)):
            klass = self.h.classes.get(code)
            if klass is None:
                continue
            grace = self._grace(klass.priority, klass.major.code)
            done = self._before(minutes)  # when the grace ends
            self.points.append(done)
            red = back(done, grace, self.cal) if grace else done
            out.append(partial(self.card, code=code, point=red, card="red", patrol=True))
        out.append(
            lambda pk: self.card(
                pk, "DS004", back(self._after(300), self._grace("", "DS"), self.cal), "red", True
            )
        )
        return out

    def watermark(self) -> dt.datetime:
        """When the periodic work last ran: just before the earliest of the edge's points."""
        return min(self.points) - dt.timedelta(minutes=1)

    def card(self, pk: int, code: str, point: dt.datetime, card: str, patrol: bool = False):
        """An open case being handled whose ``card`` point is ``point``: dispatched so long
        before that its handling clock (at the threshold's yellow or red point) reaches it."""
        h = self.h
        klass = h.classes[code]
        grid = h.grids[pk % len(h.grids)]
        amount, unit = klass.limit("handle")
        seconds = to_seconds(amount, unit, self.cal)
        level = "community" if patrol else "district"
        suggestion = h._lead(klass, grid, level)
        lead = suggestion.lead_unit
        supervisor = h.people.supervisor(grid.pk)
        x0, y0, x1, y1 = grid.bbox
        case = Case(
            pk=pk, number="", kind=klass.kind, case_class=klass,
            channel=Channel.PATROL if patrol else Channel.HOTLINE, state=State.REPORTED,
            priority=klass.priority, description=f"居民反映{klass.name}，请尽快处置",
            answers=h._answers(klass), lon=round((x0 + x1) / 2, 6), lat=round((y0 + y1) / 2, 6),
            grid=grid, dispatch_level=level, tier_opened=Tier.GRID if patrol else Tier.DISTRICT,
            tier_current=Tier.GRID if patrol else Tier.DISTRICT,
            reporter_user=supervisor if patrol else None, version=1,
        )  # fmt: skip
        yellow, red = h.percents(case)
        dispatched = back(point, seconds * (yellow if card == "yellow" else red) // 100, self.cal)
        case.reported_at = reported = dispatched - dt.timedelta(minutes=40)
        case.number = case_number(pk, reported)
        if not patrol:
            case.reporter_name = "王女士"
        reporter = supervisor if patrol else h.users["operator"]
        events: list[tuple] = [("report", "", State.REPORTED, reported, reporter, "", {}, True)]
        registered = dispatched - dt.timedelta(minutes=20)
        h.take(case, events, Action.REGISTER, registered, h.users["shift_lead"],
               outcomes.registered, start=reported)  # fmt: skip
        dispatcher = h.people.dispatcher(level, h.communities.get(grid.code[:-3]))
        h.take(case, events, Action.DISPATCH, dispatched, dispatcher, outcomes.dispatched,
               unit=lead, suggestion=suggestion, followed=True, percents=(yellow, red),
               start=registered)  # fmt: skip
        signed = dispatched + dt.timedelta(minutes=15)
        h.take(case, events, Action.SIGN, signed, h.people.handler(lead.pk), outcomes.signed,
               percents=(yellow, red))  # fmt: skip
        assignments = [CaseAssignment(case_id=pk, unit=lead, role="lead", signed_at=signed)]
        return h._finish(case, events, assignments)
