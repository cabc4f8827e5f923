"""Stage clocks: when a stage starts, its deadline and its yellow and red points are stored.

Limits come from the case's class (sign-for, handling, checking; in working hours or days), the
yellow and red points from the supervision threshold that applies (default 80 % and 100 %).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from civicgrid.areas.choices import AreaLevel
from civicgrid.core.working_time import (
    add_working_seconds,
    current_calendar,
    to_seconds,
    working_seconds_between,
)
from civicgrid.routing import services as routing

from ..choices import Tier


def threshold_of(case) -> tuple[int, int]:
    """The yellow and red points of ``case``'s stages, in % of their limits: the supervision
    threshold that applies to its class, place and dispatch level (routing)."""
    return routing.threshold(case_class=case.case_class, grid=case.grid, level=case.dispatch_level)


def start_stage(
    case,
    stage: str,
    start: dt.datetime,
    *,
    calendar=None,
    percents: tuple[int, int] | None = None,
) -> None:
    """Set ``due_at``, ``yellow_at`` and ``red_at`` for ``stage`` starting at ``start``; the
    yellow and red points are ``percents`` of its limit (by default, the case's threshold)."""
    cal = calendar or current_calendar()
    amount, unit = case.case_class.limit(stage)
    seconds = to_seconds(amount, unit, cal)
    yellow, red = percents or threshold_of(case)
    case.due_at = add_working_seconds(start, seconds, calendar=cal)
    case.yellow_at = add_working_seconds(start, seconds * yellow // 100, calendar=cal)
    case.red_at = add_working_seconds(start, seconds * red // 100, calendar=cal)
    if stage == "handle":
        case.handle_due_at = case.due_at


def handling_deadline(case, start: dt.datetime, *, calendar=None) -> dt.datetime:
    cal = calendar or current_calendar()
    amount, unit = case.case_class.limit("handle")
    return add_working_seconds(start, to_seconds(amount, unit, cal), calendar=cal)


def stop(case) -> None:
    case.due_at = case.yellow_at = case.red_at = None


def shift(case, since: dt.datetime, seconds: int, *, calendar=None) -> None:
    """Move every deadline still ahead of ``since`` later by ``seconds`` of working time."""
    cal = calendar or current_calendar()
    for name in ("due_at", "yellow_at", "red_at", "handle_due_at"):
        value = getattr(case, name)
        if value is not None and value >= since:
            setattr(case, name, add_working_seconds(value, seconds, calendar=cal))


def suspended_seconds(since: dt.datetime, until: dt.datetime, *, calendar=None) -> int:
    return working_seconds_between(since, until, calendar=calendar)


def tier_of_level(level: int) -> str:
    """The tier (三不) an area level belongs to."""
    if level >= AreaLevel.GRID:
        return Tier.GRID
    if level == AreaLevel.COMMUNITY:
        return Tier.COMMUNITY
    if level == AreaLevel.STREET:
        return Tier.STREET
    return Tier.DISTRICT


TIER_ORDER: list[str] = [Tier.GRID, Tier.COMMUNITY, Tier.STREET, Tier.DISTRICT]

# Where a case closed at the grid or the community was really settled, if below them: a
# dispute its commercial building's mediation committee settled is resolved at the building
# (矛盾不出楼宇). ``disputes`` knows which, and hands its answer in at start-up
# (``DisputesConfig.ready()``, as docs/layers.md says a lower floor takes a callback).
Below = Callable[[Any], str | None]
_BELOW: list[Below] = []


def resolved_below_with(answer: Below) -> None:
    """Ask ``answer`` about every case closing at the grid or the community from now on."""
    if answer not in _BELOW:
        _BELOW.append(answer)


def settled_below(step: Any) -> None:
    """After a closing outcome: the tier below the grid the case was settled at, if any."""
    if step.case.tier_resolved not in (Tier.GRID, Tier.COMMUNITY):
        return
    for answer in _BELOW:
        tier = answer(step.case)
        if tier:
            step.set(tier_resolved=tier)
            return
