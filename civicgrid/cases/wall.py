"""What the command-centre wall (指挥大屏) shows of the cases of an area, besides the kept
figures (``civicgrid.figures``): the new reports as they come in, the overdue and red-card cases
with the unit responsible, today's reports by channel, the grid workers on duty with where they
were last seen, and how each area below is coloured.

Every function takes the ids of the grids under the area shown (``grid_ids_under``): the caller
has checked that the area lies within the user's scope, and a case in a grid is seen by everyone
whose scope holds the grid. Each reads one indexed query (or two), bounded by a limit or by today.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Count
from django.utils import timezone

from civicgrid.accounts.choices import Role
from civicgrid.accounts.models import RoleAssignment
from civicgrid.areas.models import Area
from civicgrid.registry.models import Visit

from .choices import Action, Channel
from .models import RUNNING_Q, Case, CaseEvent

FEED_LIMIT = 12
OVERDUE_LIMIT = 30
# the channels shown even on a day with none of their reports (the others when they have some)
MAIN_CHANNELS = (Channel.HOTLINE, Channel.PATROL, Channel.WEB, Channel.MOBILE, Channel.WINDOW)
# what a grid worker does on the ground that places them: a report (a patrol), a check on
# site, a case handled on the spot, a handling result
WORKER_ACTIONS = (
    "report",
    Action.VERIFY,
    Action.SELF_HANDLE,
    Action.REPORT_HANDLED,
    Action.PASS_CHECK,
    Action.FAIL_CHECK,
)
WORKER_ROLES = (Role.SUPERVISOR, Role.GRID_LEADER)
SHADES = 5  # the sequential scale's steps
AWAY_SHOWN = 20  # workers not seen today listed on the wall (all are counted)


def midnight(now: dt.datetime) -> dt.datetime:
    return timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)


def _place(case: dict) -> str:
    return case.get("address") or case.get("grid__name") or ""


def new_reports(*, grid_ids: Sequence[int], after: int = 0, limit: int = FEED_LIMIT) -> list[dict]:
    """The latest reports, newest first (those after the case id ``after`` when given): number,
    class, channel, place, grid and time; no reporter's name or phone."""
    qs = Case.objects.filter(grid_id__in=grid_ids)
    if after:
        qs = qs.filter(id__gt=after)
    rows = qs.order_by("-reported_at", "-id").values(
        "id",
        "number",
        "channel",
        "address",
        "reported_at",
        "state",
        "case_class__name",
        "grid__name",
    )[:limit]
    return [
        {
            "id": r["id"],
            "number": r["number"],
            "class_name": r["case_class__name"] or "",
            "channel": r["channel"],
            "channel_label": Channel(r["channel"]).label if r["channel"] in Channel.values else "",
            "place": _place(r),
            "grid": r["grid__name"] or "",
            "at": r["reported_at"],
            "state": r["state"],
        }
        for r in rows
    ]


def overdue(*, grid_ids: Sequence[int], now: dt.datetime, limit: int = OVERDUE_LIMIT) -> dict:
    """The running cases past their current deadline or on a red card, the most overdue first:
    their count, how many are on a red card, and the first ``limit`` with the unit responsible
    (the lead unit; before dispatch, none yet)."""
    # two index-friendly halves rather than one OR, each a range of the running cases' due_at
    # index: past the deadline, and on a red card with the deadline still ahead. A red point
    # always comes with its deadline (the clock sets and clears the three together); asked as
    # "not past" (which takes in no deadline), the database walked every overdue case first:
    # 0.46 s for a district at 10,000,000 cases
    running = Case.objects.filter(RUNNING_Q, grid_id__in=grid_ids)
    past = running.filter(due_at__lt=now)
    red_ahead = running.filter(red_at__lte=now, due_at__gte=now)
    red = running.filter(red_at__lte=now).count()
    count = past.count() + red_ahead.count()
    first = [
        *past.order_by("due_at", "id").values_list("id", flat=True)[:limit],
        *red_ahead.order_by("due_at", "id").values_list("id", flat=True)[:limit],
    ]
    rows = (
        Case.objects.filter(id__in=first)
        .order_by("due_at", "id")
        .values(
            "id",
            "number",
            "state",
            "due_at",
            "red_at",
            "address",
            "case_class__name",
            "grid__name",
            "lead_unit__name",
        )[:limit]
    )
    items = [
        {
            "id": r["id"],
            "number": r["number"],
            "class_name": r["case_class__name"] or "",
            "state": r["state"],
            "due": r["due_at"],
            "red": r["red_at"] is not None and r["red_at"] <= now,
            "place": _place(r),
            "grid": r["grid__name"] or "",
            "unit": r["lead_unit__name"] or "",
        }
        for r in rows
    ]
    return {"count": count, "red": red, "items": items}


def today_by_channel(*, grid_ids: Sequence[int], now: dt.datetime) -> list[dict]:
    """Today's reports (since local midnight) per channel: the main channels always, the others
    when they have reports; most first."""
    got = dict(
        Case.objects.filter(grid_id__in=grid_ids, reported_at__gte=midnight(now))
        .values_list("channel")
        .annotate(n=Count("id"))
        .order_by()
    )
    shown = [c for c in Channel if c in MAIN_CHANNELS or got.get(c.value)]
    rows = [
        {"channel": c.value, "label": str(c.label), "count": got.get(c.value, 0)} for c in shown
    ]
    return sorted(rows, key=lambda r: -r["count"])


def on_duty(*, area: Area, now: dt.datetime) -> dict:
    """The grid workers (网格员, grid leaders) of ``area``'s units and, for those seen today, when
    and where they were last seen: their last patrol report, check or handling on a case (the
    case's point), or household visit (the building's point, dated by the day only). Their name
    and grid only."""
    since = midnight(now)
    held = (
        RoleAssignment.objects.filter(
            role__in=WORKER_ROLES, active=True, unit__area__path__startswith=area.path
        )
        .values_list("user_id", "user__display_name", "user__username", "unit__area__name")
        .order_by("user_id", "unit__area__path")
    )
    workers: dict[int, dict] = {}
    for pk, name, username, grid in held:
        if pk not in workers:
            workers[pk] = {"id": pk, "name": name or username, "grid": grid, "seen": None}
    if not workers:
        return {"total": 0, "on_duty": 0, "workers": []}
    seen: dict[int, dict] = {}

    def keep(pk: int, at: dt.datetime, lon, lat, what: str, dated: bool = False) -> None:
        if lon is None or lat is None:
            return
        if pk not in seen or at > seen[pk]["at"]:
            seen[pk] = {"at": at, "lon": lon, "lat": lat, "what": what, "day_only": dated}

    events = CaseEvent.objects.filter(
        action__in=WORKER_ACTIONS, at__gte=since, at__lte=now, actor_id__in=list(workers)
    ).values_list("actor_id", "at", "case__lon", "case__lat", "action")
    labels = {
        "report": "report",
        Action.VERIFY: "check",
        Action.PASS_CHECK: "check",
        Action.FAIL_CHECK: "check",
    }
    for pk, at, lon, lat, action in events.order_by("-at")[:5000]:
        keep(pk, at, lon, lat, labels.get(action, "handling"))
    visits = Visit.objects.filter(
        visited_on=timezone.localdate(now), worker_id__in=list(workers)
    ).values_list("worker_id", "household__house__building__lon", "household__house__building__lat")
    for pk, lon, lat in visits.order_by("-id")[:5000]:
        if pk not in seen:  # a visit has only its day: any step of the day is more precise
            keep(pk, since, lon, lat, "visit", dated=True)
    rows = [{**w, "seen": seen.get(pk)} for pk, w in workers.items()]
    rows.sort(key=lambda w: (w["seen"] is None, -(w["seen"]["at"].timestamp() if w["seen"] else 0)))
    on = [w for w in rows if w["seen"]]
    return {
        "total": len(rows),
        "on_duty": len(on),
        # those seen today, then a few of the others (the count says how many there are)
        "workers": on + [w for w in rows if not w["seen"]][:AWAY_SHOWN],
    }


@dataclass(frozen=True)
class Thresholds:
    """Absolute levels above which an area is amber or red, per grid of its subtree."""

    open_amber: int = 15
    open_red: int = 30
    red_amber: int = 1
    red_red: int = 3


def status(*, open_: int, red: int, grids: int, limits: Thresholds) -> str:
    """``"ok"``, ``"amber"`` or ``"red"``: the open cases and red cards per grid of the area
    against the absolute thresholds (the worse of the two)."""
    grids = max(1, grids)
    per_open, per_red = open_ / grids, red / grids
    if per_open > limits.open_red or per_red > limits.red_red:
        return "red"
    if per_open > limits.open_amber or per_red > limits.red_amber:
        return "amber"
    return "ok"


def scale(values: Iterable[int], steps: int = SHADES) -> list[dict]:
    """A sequential scale over the real range of ``values`` (lowest to highest, not 0 to the
    highest): ``steps`` bins of equal width, each ``{"step", "low", "high"}``; a single value (or
    all equal) makes one bin. Whole numbers: the bins' bounds are rounded, the last reaches the
    highest value."""
    got = sorted(set(values))
    if not got:
        return []
    low, high = got[0], got[-1]
    if low == high:
        return [{"step": steps - 1, "low": low, "high": high}]
    width = (high - low) / steps
    bins = []
    start = low
    for i in range(steps):
        end = high if i == steps - 1 else int(low + width * (i + 1))
        if end < start:
            continue
        bins.append({"step": i, "low": start, "high": end})
        start = end + 1
    return bins


def step_of(value: int, bins: list[dict]) -> int:
    """The bin of ``scale`` that holds ``value`` (the nearest one outside the range)."""
    for b in bins:
        if value <= b["high"]:
            return b["step"]
    return bins[-1]["step"] if bins else 0


def grid_counts(area: Area, children: Sequence[Area]) -> dict[str, int]:
    """How many active grids each child area holds (itself, for a grid)."""
    paths = list(
        Area.objects.grids()
        .filter(path__startswith=area.path, active=True)
        .values_list("path", flat=True)
    )
    return {c.code: sum(1 for p in paths if p.startswith(c.path)) for c in children}
