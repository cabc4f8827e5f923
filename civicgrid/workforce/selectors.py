"""What each user sees of the workforce: the rows of the streets and communities they lead
(their leaders and administrators). Pay, grades and allowances are nobody else's business; a
worker's phone is shown masked. Anyone else: nothing, and a worker asked for by id is not found.

The reports count from the roster: posts by unit on two days (Nanhu's 288 → 241 staff),
households per worker of a post (Shushan: ~400 a grid leader), grids per community (~20), and the
allowance ledger's totals by month and year (the district's total comes from the roster, not a
round figure: 998 × 400 × 12 ≈ 4.79 million)."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, QuerySet, Sum

from civicgrid.accounts import permissions
from civicgrid.accounts.models import User
from civicgrid.accounts.selectors import led, led_paths
from civicgrid.areas.models import Area
from civicgrid.registry.models import Building

from .choices import Post
from .models import AllowanceEntry, PayGrade, Selection, Worker
from .services import serving


def sees_workforce(user: User) -> bool:
    return permissions.leads_somewhere(user)


def workers(user: User) -> QuerySet[Worker]:
    return led(Worker.objects.all(), user, "area__path").select_related(
        "area", "unit", "grade", "person"
    )


def selections(user: User) -> QuerySet[Selection]:
    return led(Selection.objects.all(), user, "grid__path").select_related(
        "grid__parent", "appointed"
    )


def allowances(user: User) -> QuerySet[AllowanceEntry]:
    return led(AllowanceEntry.objects.all(), user, "worker__area__path").select_related(
        "worker__area"
    )


def areas_kept(user: User) -> list[Area]:
    """The district, streets and communities the user leads: the forms' choices."""
    if not permissions.leads_somewhere(user):
        return []
    areas = Area.objects.filter(level__lte=4, active=True).order_by("path")
    paths = led_paths(user)
    if paths is not None:
        areas = areas.filter(permissions.paths_q(paths)) if paths else areas.none()
    return list(areas)


def pay_scale() -> QuerySet[PayGrade]:
    return PayGrade.objects.all()


@dataclass(frozen=True)
class MonthTotal:
    month: dt.date
    people: int
    amount: Decimal


def ledger_totals(user: User, year: int) -> list[MonthTotal]:
    """The allowance ledger's totals by month of ``year``."""
    rows = (
        allowances(user)
        .filter(month__year=year)
        .values("month")
        .annotate(people=Count("id"), amount=Sum("amount"))
        .order_by("month")
    )
    return [MonthTotal(r["month"], r["people"], r["amount"] or Decimal(0)) for r in rows]


@dataclass(frozen=True)
class UnitPosts:
    area: Area
    before: Counter
    after: Counter

    @property
    def total_before(self) -> int:
        return sum(self.before.values())

    @property
    def total_after(self) -> int:
        return sum(self.after.values())

    @property
    def lines(self) -> list[tuple[str, int, int]]:
        """Each post held on either day: its name, and how many held it on each."""
        return [
            (str(Post(p).label), self.before[p], self.after[p])
            for p in Post.values
            if self.before[p] or self.after[p]
        ]


def posts_by_area(user: User, before: dt.date, after: dt.date) -> list[UnitPosts]:
    """Each street's and community's posts, by post, on two days (定岗定员: before and after)."""
    counts: dict[int, dict[str, Counter]] = defaultdict(lambda: {"b": Counter(), "a": Counter()})
    areas: dict[int, Area] = {}
    for key, day in (("b", before), ("a", after)):
        for w in serving(workers(user), day, day):
            areas[w.area_id] = w.area
            counts[w.area_id][key][w.post] += 1
    return [
        UnitPosts(areas[pk], counts[pk]["b"], counts[pk]["a"])
        for pk in sorted(areas, key=lambda k: areas[k].path)
    ]


def buildings(user: User) -> QuerySet[Building]:
    """The buildings of the communities the user leads (their boards)."""
    areas = areas_kept(user)
    if not areas:
        return Building.objects.none()
    return Building.objects.filter(active=True).filter(
        permissions.paths_q([a.path for a in areas], "grid__path")
    ).select_related("grid")  # fmt: skip
