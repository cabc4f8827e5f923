"""Rewrite the recent ``AreaDay`` rows from the cases: one pass over the window's reports and one
over its closings, counted per grid and summed up the area tree. Each count is the condition of
``civicgrid.cases.figures`` (the indicators count with the same ones), asked of each report as it
stands at the refresh. ``count_now`` does the same for the open cases and red cards of every area
(``AreaNow``), every minute."""

from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict
from typing import Any

from django.db import transaction
from django.db.models import Count, Q
from django.db.models.functions import ExtractHour, TruncDate
from django.utils import timezone

from civicgrid.areas.models import Area
from civicgrid.cases import figures
from civicgrid.cases.choices import Tier
from civicgrid.cases.models import RUNNING_Q, Case
from civicgrid.cases.transitions import OPEN_STATES
from civicgrid.catalogue.models import CaseClass
from civicgrid.core.bulk import keep_sqlite_statistics
from civicgrid.core.models import Stamp

from .models import AreaDay, AreaNow, Refresh

WRITER = "figures.refresh"  # the row a refresh's rewrite locks
DAYS = 90  # what the charts show; older days keep the figures they were last given
RECENT_DAYS = 2  # rewritten every 10 minutes (today and yesterday); all DAYS every hour
# the counts of each day's reports, by the indicator library's names ("closed" second: the tiers
# count the closed cases resolved at each)
COUNTS = (
    "reported",
    "closed",
    "closed_on_time",
    "due_to_close",
    "rated",
    "satisfied",
    "self_handled",
)


def _ancestors() -> dict[int, list[int]]:
    """Each grid's id → the ids of the grid and every area above it."""
    ids = dict(Area.objects.values_list("code", "id"))
    return {
        pk: [ids[code] for code in path.strip("/").split("/") if code in ids]
        for pk, path in Area.objects.filter(level=5).values_list("id", "path")
    }


def _empty() -> dict:
    row: dict[str, Any] = dict.fromkeys(COUNTS, 0)
    row.update(tiers=defaultdict(int), channels=defaultdict(int), classes=defaultdict(int))
    row.update(hours=[0] * 24, closings=0)
    return row


def refresh(*, days: int = DAYS, now: dt.datetime | None = None) -> Refresh:
    """Rewrite the last ``days`` days (and today) of every area's figures."""
    started = time.perf_counter()
    now = now or timezone.now()
    keep_sqlite_statistics(now)
    tz = timezone.get_current_timezone()
    first = timezone.localdate(now) - dt.timedelta(days=days)
    since = timezone.make_aware(dt.datetime.combine(first, dt.time.min), tz)
    up = _ancestors()
    codes = dict(CaseClass.objects.values_list("id", "code"))
    rows: dict[tuple[int, dt.date], dict] = defaultdict(_empty)
    reports = (
        Case.objects.filter(reported_at__gte=since)
        .annotate(
            day=TruncDate("reported_at", tzinfo=tz), hour=ExtractHour("reported_at", tzinfo=tz)
        )
        .values_list("grid_id", "day", "hour", "channel", "case_class_id", "tier_resolved")
        .annotate(
            reported=Count("id"),
            closed=Count("id", filter=figures.closed()),
            closed_on_time=Count("id", filter=figures.closed_on_time()),
            due_to_close=Count("id", filter=figures.due_to_close(now=now)),
            rated=Count("id", filter=figures.RATED),
            satisfied=Count("id", filter=figures.SATISFIED),
            self_handled=Count("id", filter=figures.SELF_HANDLED),
        )
        .order_by()
    )
    for grid, day, hour, channel, class_id, tier, *counts in reports.iterator(chunk_size=5000):
        n = counts[0]
        for area in up.get(grid, ()):
            row = rows[(area, day)]
            for name, value in zip(COUNTS, counts, strict=True):
                row[name] += value
            if tier in Tier.values:
                row["tiers"][tier] += counts[1]  # the closed ones resolved at this tier
            row["channels"][channel] += n
            row["classes"][codes.get(class_id, "")] += n
            row["hours"][hour] += n
    closings = (
        Case.objects.filter(closed_at__gte=since)
        .annotate(day=TruncDate("closed_at", tzinfo=tz))
        .values_list("grid_id", "day")
        .annotate(n=Count("id"))
        .order_by()
    )
    for grid, day, n in closings:
        for area in up.get(grid, ()):
            rows[(area, day)]["closings"] += n
    objects = [
        AreaDay(
            area_id=area,
            day=day,
            **{name: row[name] for name in COUNTS},
            tiers=dict(row["tiers"]),
            channels=dict(row["channels"]),
            classes=dict(row["classes"]),
            hours=row["hours"],
            closings=row["closings"],
        )
        for (area, day), row in rows.items()
    ]
    with transaction.atomic():
        _one_writer()
        AreaDay.objects.filter(day__gte=first).delete()
        AreaDay.objects.bulk_create(objects, batch_size=2000)
        return Refresh.objects.create(
            at=now, days=days, seconds=round(time.perf_counter() - started, 3)
        )


def _one_writer() -> None:
    """Two refreshes can overlap (a slow one and the next beat, or a task the broker delivered
    again): their rewrites take turns, each deleting what the other wrote, instead of both
    deleting the same rows and the later inserting beside the earlier's (uniq_area_day)."""
    Stamp.objects.get_or_create(key=WRITER)
    Stamp.objects.select_for_update().get(key=WRITER)


def latest() -> Refresh | None:
    return Refresh.objects.order_by("-at").first()


def count_now(*, now: dt.datetime | None = None) -> dt.datetime:
    """Count every area's open cases and red cards at ``now`` (one grouped count over the open
    cases' index by grid) and write one ``AreaNow`` row per area."""
    now = now or timezone.now()
    up = _ancestors()
    totals: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    # one pass over the open cases' index by grid (case_open_grid carries the state, the
    # suspension and the red point); counted by a column it holds, so the rows are not read
    rows = (
        Case.objects.filter(state__in=list(OPEN_STATES))
        .values_list("grid_id")
        .annotate(n=Count("grid"), red=Count("grid", filter=RUNNING_Q & Q(red_at__lte=now)))
        .order_by()
    )
    for grid, n, red in rows:
        for area in up.get(grid, ()):
            totals[area][0] += n
            totals[area][1] += red
    rows = [
        AreaNow(area_id=pk, open=totals[pk][0], red=totals[pk][1], at=now)
        for pk in Area.objects.values_list("id", flat=True)
    ]
    AreaNow.objects.bulk_create(
        rows,
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["area"],
        update_fields=["open", "red", "at"],
    )
    return now


def counted_at() -> dt.datetime | None:
    """When the open cases and red cards were last counted (every row has the same time)."""
    return AreaNow.objects.order_by("-at").values_list("at", flat=True).first()
