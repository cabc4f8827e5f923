"""What the workforce's figures count, and the records behind each count (DOMAIN.md §14: posts,
households per worker, grids per community, the allowance ledger's totals, and each worker's
daily records).

The figures themselves (names, formulas, which way is better) are defined once, with every other
figure, in ``civicgrid.evaluation.definitions``; this module says which records each count is
made of in a period (``core.tallies``). A count over an area takes its subtree.

- The roster is read at the period's last day: the workers serving that day (the posts "before
  and after" are this count in two periods). A grid is led when a grid leader serving that day
  has it among their grids.
- Households are those of the register in the area's grids today (the register keeps no history
  of households).
- Allowances count by their month, training and daily records by their day, leavers by the day
  they left.
- A worker's daily score is 100 less the points taken off plus the points added by the records
  that stand (not struck out) in the period, kept between 0 and 100.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, Model, OuterRef, Q, QuerySet, Sum
from django.urls import reverse

from civicgrid.accounts.models import User
from civicgrid.accounts.selectors import led
from civicgrid.areas.models import Area
from civicgrid.core import tallies
from civicgrid.core.tallies import Behind, Source
from civicgrid.registry.models import Household
from civicgrid.registry.selectors import household_list

from . import selectors
from .choices import Post
from .models import AllowanceEntry, DailyRecord, ServiceHours, Training, Volunteer, Worker
from .services import serving

FULL = Decimal(100)  # a daily score's top, and where it starts


def _serving(first: dt.date, last: dt.date) -> QuerySet[Worker]:
    return serving(Worker.objects.all(), last, last)


def _leaders(first: dt.date, last: dt.date) -> QuerySet[Worker]:
    return _serving(first, last).filter(post=Post.GRID_LEADER)


def _grids(first: dt.date, last: dt.date) -> QuerySet[Area]:
    return Area.objects.filter(level=5, active=True)


def _led(first: dt.date, last: dt.date) -> QuerySet[Area]:
    return _grids(first, last).filter(Exists(_leaders(first, last).filter(grids=OuterRef("pk"))))


def _trained(first: dt.date, last: dt.date) -> QuerySet[Worker]:
    took = Training.objects.filter(worker=OuterRef("pk"), taken_on__gte=first, taken_on__lte=last)
    return _serving(first, last).filter(Exists(took))


def _paid(first: dt.date, last: dt.date) -> QuerySet[AllowanceEntry]:
    return AllowanceEntry.objects.filter(month__gte=first.replace(day=1), month__lte=last)


def _records(first: dt.date, last: dt.date) -> QuerySet[DailyRecord]:
    return DailyRecord.objects.filter(day__gte=first, day__lte=last, struck_by=None)


def _volunteers(first: dt.date, last: dt.date) -> QuerySet[Volunteer]:
    """Volunteers on the roster on the period's last day."""
    return Volunteer.objects.filter(joined_on__lte=last).filter(
        Q(left_on=None) | Q(left_on__gte=last)
    )


SOURCES: dict[str, Source] = {
    "wf_workers": Source(_serving, "area__path"),
    "wf_grid_leaders": Source(_leaders, "area__path"),
    "wf_grids": Source(_grids, "path"),
    "wf_grids_led": Source(_led, "path"),
    "wf_households": Source(lambda f, la: Household.objects.all(), "grid__path"),
    "wf_trained": Source(_trained, "area__path"),
    "wf_left": Source(
        lambda f, la: Worker.objects.filter(left_on__gte=f, left_on__lte=la), "area__path"
    ),
    "wf_allowance_paid": Source(_paid, "worker__area__path", total="amount"),
    "wf_daily_records": Source(_records, "worker__area__path"),
    "wf_volunteers": Source(_volunteers, "area__path"),
    "wf_volunteers_paired": Source(
        lambda f, la: _volunteers(f, la).exclude(social_worker=None), "area__path"
    ),
    "wf_volunteer_hours": Source(
        lambda f, la: ServiceHours.objects.filter(day__gte=f, day__lte=la),
        "volunteer__area__path",
        total="hours",
    ),
}


def worker_counts(workers: Iterable[Worker], first: dt.date, last: dt.date) -> dict[int, dict]:
    """Each worker's daily figures in the period: {worker id: {code: value}}."""
    ids = [w.pk for w in workers]
    out: dict[int, dict] = {pk: defaultdict(int) for pk in ids}
    rows = (
        _records(first, last)
        .filter(worker_id__in=ids)
        .values("worker_id")
        .annotate(
            n=Count("id"),
            off=Sum("points", filter=Q(points__lt=0)),
            on=Sum("points", filter=Q(points__gt=0)),
        )
        .order_by()
    )
    for row in rows:
        values = out[row["worker_id"]]
        values["wk_daily_records"] = row["n"]
        values["wk_points_off"] = float(-(row["off"] or 0))
        values["wk_points_added"] = float(row["on"] or 0)
    for values in out.values():
        net = FULL - Decimal(str(values["wk_points_off"])) + Decimal(str(values["wk_points_added"]))
        values["wk_daily_score"] = float(max(Decimal(0), min(FULL, net)))
    return out


def _row(obj: Model) -> Behind:
    if isinstance(obj, Worker):
        text = f"{obj.name}（{obj.get_post_display()}）"
        day = obj.left_on or obj.term_starts
        return Behind(text, obj.area.name, day, reverse("workforce:worker", args=[obj.pk]))
    if isinstance(obj, Area):
        parent = obj.parent.name if obj.parent is not None else ""
        return Behind(obj.name, parent, None, reverse("areas:detail", args=[obj.code]))
    if isinstance(obj, Household):
        return Behind(obj.number, obj.grid.name, None,
                      reverse("registry:household", args=[obj.pk]))  # fmt: skip
    if isinstance(obj, Volunteer):
        return Behind(obj.person.name, obj.area.name, obj.joined_on,
                      reverse("workforce:volunteers") + f"?community={obj.area.code}")  # fmt: skip
    if isinstance(obj, ServiceHours):
        v = obj.volunteer
        return Behind(f"{v.person.name}：{obj.activity}", v.area.name, obj.day,
                      reverse("workforce:volunteers") + f"?community={v.area.code}",
                      obj.hours)  # fmt: skip
    assert isinstance(obj, AllowanceEntry | DailyRecord)
    w = obj.worker
    url = reverse("workforce:worker", args=[w.pk])
    if isinstance(obj, AllowanceEntry):
        return Behind(w.name, w.area.name, obj.month, url, obj.amount)
    assert isinstance(obj, DailyRecord)
    text = f"{w.name}：{obj.get_kind_display()}（{obj.points:+}）"
    return Behind(text, w.area.name, obj.day, url, obj.points)


RELATED = {
    Worker: ("area",),
    Area: ("parent",),
    Household: ("grid",),
    AllowanceEntry: ("worker__area",),
    DailyRecord: ("worker__area",),
    Volunteer: ("area", "person"),
    ServiceHours: ("volunteer__area", "volunteer__person"),
}
SEEN: dict[type[Model], Callable[[User], QuerySet]] = {
    Worker: selectors.workers,
    Area: lambda user: Area.objects.all(),  # the area asked for is in the user's scope
    Household: lambda user: household_list(user=user),
    AllowanceEntry: selectors.allowances,
    DailyRecord: lambda user: DailyRecord.objects.filter(
        worker__in=selectors.workers(user).values("pk")
    ),
    Volunteer: lambda user: led(Volunteer.objects.all(), user, "area__path"),
    ServiceHours: lambda user: ServiceHours.objects.filter(
        volunteer__in=led(Volunteer.objects.all(), user, "area__path").values("pk")
    ),
}


TALLY = tallies.Tally(SOURCES, SEEN, RELATED, _row)


def worker_behind(user: User, worker: int | str | None, first: dt.date, last: dt.date):
    """A worker's daily records in the period that stand, newest first (what their daily
    figures are made of): (the worker, the records), or None when the user does not see them."""
    wanted = str(worker)
    found = selectors.workers(user).filter(pk=int(wanted)).first() if wanted.isdigit() else None
    if found is None:
        return None
    qs = _records(first, last).filter(worker=found).select_related(*RELATED[DailyRecord])
    return found, [_row(r) for r in qs.order_by("-day", "-pk")[: tallies.SHOWN]]


counts = TALLY.counts
behind = TALLY.behind


@dataclass(frozen=True)
class Coverage:
    """A community's grids, households and workers on a day, as its figures count them (the
    figures of the day's period: each count leads to the records behind it)."""

    area: Area
    grids: int
    households: int
    grid_leaders: int  # serving on the day
    workers: int  # every post serving on the day

    @property
    def households_per_worker(self) -> float | None:
        return round(self.households / self.workers, 1) if self.workers else None

    @property
    def households_per_grid_leader(self) -> float | None:
        return round(self.households / self.grid_leaders, 1) if self.grid_leaders else None


COVERAGE = ("wf_grids", "wf_households", "wf_grid_leaders", "wf_workers")


def coverage(user: User, day: dt.date) -> list[Coverage]:
    """For each community the user leads: its grids, households, grid leaders and workers on
    ``day``, counted by the figures' own sources (one query a count for all communities)."""
    communities = [a for a in selectors.areas_kept(user) if a.level == 4]
    sources = {code: SOURCES[code] for code in COVERAGE}
    counted = tallies.counts(sources, communities, day, day)
    return [Coverage(c, *(int(counted[c.pk][code]) for code in COVERAGE)) for c in communities]
