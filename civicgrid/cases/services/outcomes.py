"""What an action makes of a case: its fields, its clocks and its event's details, worked out
from the case, the moment and the action's typed input, without the database.

The effects (``effects.py``) first make their checks and their own writes (units, requests), then
call these; the demo's history (``demo/cases.py``) calls the same functions on cases it writes in
bulk, so a generated step reads exactly as a real one. ``step`` is the ``Context`` of
``case_transition`` (or one built the same way): ``case``, ``now``, ``calendar``, ``set``,
``changed``, ``event_data`` and ``public``. Where a stage clock starts, ``percents`` are the
yellow and red points of the supervision threshold that applies (looked up when not given).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Protocol

from civicgrid.core.working_time import add_working_seconds, working_seconds_between

from ..actions import Position, Rate, Verify
from ..models import Case
from . import clock

CLOCKS = {"due_at", "yellow_at", "red_at"}
Percents = tuple[int, int] | None


class Step(Protocol):
    """What an outcome reads and writes (``case_transition``'s ``Context`` is one)."""

    case: Case
    now: dt.datetime
    calendar: Any
    changed: set
    event_data: dict
    public: bool | None

    def set(self, **values: Any) -> None: ...


def position(step: Step, inp: Position) -> None:
    """Where the supervisor stood, kept on the event if given."""
    if inp.lon is not None and inp.lat is not None:
        step.event_data["position"] = [round(inp.lon, 6), round(inp.lat, 6)]


def closed(step: Step) -> None:
    """Closed now: on time if handled by the handling deadline, at the tier of the lead unit."""
    case = step.case
    on_time = case.handle_due_at is None or (case.handled_at or step.now) <= case.handle_due_at
    tier = (
        clock.tier_of_level(case.lead_unit.area.level)
        if case.lead_unit is not None
        else case.tier_current
    )
    clock.stop(case)
    step.set(closed_at=step.now, closed_on_time=on_time, tier_resolved=tier)
    step.changed |= CLOCKS
    step.event_data["on_time"] = on_time


def verified(step: Step, inp: Verify) -> None:
    step.event_data["confirmed"] = inp.confirmed
    step.event_data["photo_kind"] = "check"
    position(step, inp)
    step.public = False


def registered(step: Step, *, case_class=None, priority: str | None = None) -> None:
    if case_class is not None:
        step.set(case_class=case_class, kind=case_class.kind)
    if priority:
        step.set(priority=priority)
    step.set(registered_at=step.now)


def settled_at_once(step: Step) -> None:
    """Registered, handled and closed in the one step (self-handled, answered on the spot), at the
    tier it was reported at."""
    step.set(registered_at=step.now, handled_at=step.now)
    closed(step)
    step.set(tier_resolved=step.case.tier_opened)


def self_handled(step: Step) -> None:
    step.set(self_handled=True)
    settled_at_once(step)


def dispatched(step: Step, *, unit, suggestion, followed: bool, percents: Percents = None) -> None:
    """Given to ``unit`` (following ``suggestion`` or not): the handling deadline runs from now,
    and the signing stage's clock starts."""
    case = step.case
    step.set(
        lead_unit=unit,
        routing_rule=suggestion.rule if followed else None,
        dispatched_at=step.now,
        handle_due_at=clock.handling_deadline(case, step.now, calendar=step.calendar),
    )
    clock.start_stage(case, "sign", step.now, calendar=step.calendar, percents=percents)
    step.changed |= CLOCKS
    step.event_data.update(
        {
            "unit": unit.pk,
            "unit_name": unit.name,
            "suggested_unit": suggestion.lead_unit.pk if suggestion.lead_unit else None,
            "rule": suggestion.rule.pk if suggestion.rule else None,
            "followed_suggestion": followed,
            "reason": str(suggestion.reason),
        }
    )


def signed(step: Step, *, percents: Percents = None) -> None:
    """The handling clock started at dispatch (or at the reopening)."""
    case = step.case
    start = case.dispatched_at or step.now
    clock.start_stage(case, "handle", start, calendar=step.calendar, percents=percents)
    step.changed |= CLOCKS | {"handle_due_at"}
    step.public = True


def returned(step: Step) -> None:
    case = step.case
    step.event_data.update({"unit": case.lead_unit_id, "rule": case.routing_rule_id})
    clock.stop(case)
    step.set(
        lead_unit=None, routing_rule=None, handle_due_at=None, return_count=case.return_count + 1
    )
    step.changed |= CLOCKS
    step.public = False


def extended(step: Step, hours: Decimal) -> None:
    """Every running deadline moves later by ``hours`` of working time."""
    seconds = int(hours * 3600)
    case = step.case
    for name in ("due_at", "yellow_at", "red_at", "handle_due_at"):
        value = getattr(case, name)
        if value is not None:
            step.set(**{name: add_working_seconds(value, seconds, calendar=step.calendar)})
    step.event_data["hours"] = str(hours)


def resumed(step: Step) -> None:
    case = step.case
    suspended_at = case.suspended_at
    assert suspended_at is not None  # the table resumes only a suspended case
    seconds = working_seconds_between(suspended_at, step.now, calendar=step.calendar)
    clock.shift(case, suspended_at, seconds, calendar=step.calendar)
    step.changed |= CLOCKS | {"handle_due_at"}
    step.event_data["suspended_working_seconds"] = seconds
    step.set(suspended_at=None)
    step.public = True


def handled(step: Step) -> None:
    """Reported handled: the clocks stop; the working time since the (latest) dispatch is kept
    for the average handling time."""
    case = step.case
    clock.stop(case)
    step.changed |= CLOCKS
    seconds = (
        working_seconds_between(case.dispatched_at, step.now, calendar=step.calendar)
        if case.dispatched_at
        else None
    )
    step.set(handled_at=step.now, handling_seconds=seconds)
    step.event_data["on_time"] = case.handle_due_at is None or step.now <= case.handle_due_at
    step.event_data["photo_kind"] = "after"


def check_sent(step: Step, *, percents: Percents = None) -> None:
    clock.start_stage(step.case, "check", step.now, calendar=step.calendar, percents=percents)
    step.changed |= CLOCKS
    step.public = False


def check_passed(step: Step, inp: Position) -> None:
    step.event_data["photo_kind"] = "check"
    position(step, inp)
    closed(step)


def check_failed(step: Step, inp: Position, *, percents: Percents = None) -> None:
    """Rework: the handling clock starts again, from now."""
    case = step.case
    clock.start_stage(case, "handle", step.now, calendar=step.calendar, percents=percents)
    step.changed |= CLOCKS | {"handle_due_at"}
    step.set(handled_at=None, handling_seconds=None, rework_count=case.rework_count + 1)
    step.event_data["photo_kind"] = "check"
    position(step, inp)


def rated(step: Step, inp: Rate) -> None:
    rating = str(inp.rating)
    step.set(rating=rating)
    step.event_data["rating"] = rating
    # whether the problem was solved, as the reporter says (the hotline's 解决率); optional
    if inp.resolved is not None:
        step.set(resolved=inp.resolved)
        step.event_data["resolved"] = inp.resolved
    if inp.by == "reporter":
        step.event_data["by"] = "reporter"  # rated on the portal by the reporter
    step.public = True


def reopened(step: Step, *, percents: Percents = None) -> None:
    case = step.case
    step.set(
        closed_at=None,
        closed_on_time=None,
        tier_resolved="",
        handled_at=None,
        handling_seconds=None,
        rating="",
        reopen_count=case.reopen_count + 1,
        dispatched_at=step.now,
        handle_due_at=clock.handling_deadline(case, step.now, calendar=step.calendar),
    )
    clock.start_stage(case, "sign", step.now, calendar=step.calendar, percents=percents)
    step.changed |= CLOCKS
