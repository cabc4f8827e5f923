"""Each community's burden: what its lists and the departments ask of it.

For a year, a community's figures are read on the last day of the year (today, for this year):

- the admitted items in force for its kind (statutory duties and assisting tasks);
- hours a month, reports and meetings a year demanded: for each admitted item, the item's own
  estimate or what the tasks pushed on it actually ask, whichever is more (a department that
  asks more than it declared shows up, one that asks less does not lower the estimate);
- the tasks that reached it, and the unadmitted attempts on its record during the year
  (tasks and dispatches refused, complaints upheld);
- funding received for assisting work against the hours of that work (yuan an hour).

Departments load communities through their assisting items and the tasks they push (tasks on
statutory duties count for the department that pushed them). Trends compare each year with a
baseline year (``CIVICGRID_BURDEN_BASELINE_YEAR``, else the year of the first list version).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Min
from django.utils import timezone

from civicgrid.accounts.models import OrgUnit
from civicgrid.accounts.permissions import can_review_admission
from civicgrid.accounts.scope import areas_around
from civicgrid.areas.choices import AreaLevel
from civicgrid.areas.models import Area
from civicgrid.duties.models import CommunityKind, ListType, ListVersion
from civicgrid.duties.services import in_force
from civicgrid.evaluation.scoring import rank

from .models import CommunityTask, Refusal

PER_YEAR = {"once": 1, "week": 52, "month": 12, "quarter": 4, "year": 1}
ZERO = Decimal(0)
TWELVE = Decimal(12)


@dataclass
class ItemLoad:
    """One admitted item's demand on one community."""

    list_type: str
    code: str
    title: str
    department_id: int | None
    hours_per_month: Decimal
    reports_per_year: int
    meetings_per_year: int
    funding_per_year: Decimal
    tasks: int = 0
    over_estimate: bool = False  # the tasks ask more than the item declared
    department: OrgUnit | None = None  # the unit of ``department_id``, when a page reads it


@dataclass
class Burden:
    community: Area
    kind: CommunityKind | None
    year: int
    items: list[ItemLoad] = field(default_factory=list)
    tasks: int = 0
    refused: int = 0
    departments: dict = field(default_factory=dict)  # department id → hours a month
    rank: int | None = None
    before: Burden | None = None  # the same community's burden in the baseline year
    change: Decimal | None = None  # per cent change of hours a month since then

    def _sum(self, name: str, list_type: str | None = None):
        return sum(
            (getattr(i, name) for i in self.items if list_type in (None, i.list_type)),
            ZERO if name in ("hours_per_month", "funding_per_year") else 0,
        )

    @property
    def statutory(self) -> int:
        return sum(1 for i in self.items if i.list_type == ListType.STATUTORY)

    @property
    def assisting(self) -> int:
        return sum(1 for i in self.items if i.list_type == ListType.ASSISTING)

    @property
    def hours_per_month(self) -> Decimal:
        return self._sum("hours_per_month")

    @property
    def reports_per_year(self) -> int:
        return self._sum("reports_per_year")

    @property
    def meetings_per_year(self) -> int:
        return self._sum("meetings_per_year")

    @property
    def funding_per_year(self) -> Decimal:
        return self._sum("funding_per_year", ListType.ASSISTING)

    @property
    def assisted_hours_per_year(self) -> Decimal:
        return self._sum("hours_per_month", ListType.ASSISTING) * TWELVE

    @property
    def yuan_per_hour(self) -> Decimal | None:
        hours = self.assisted_hours_per_year
        return (self.funding_per_year / hours).quantize(Decimal("0.01")) if hours else None


def as_of(year: int, today: dt.date | None = None) -> dt.date:
    today = today or timezone.localdate()
    return min(dt.date(year, 12, 31), today)


def baseline_year(today: dt.date | None = None) -> int:
    """The year trends are measured against."""
    if settings.CIVICGRID_BURDEN_BASELINE_YEAR:
        return int(settings.CIVICGRID_BURDEN_BASELINE_YEAR)
    first = ListVersion.objects.aggregate(first=Min("effective_from"))["first"]
    return first.year if first else (today or timezone.localdate()).year


def _kinds(communities: list[Area]) -> dict[int, CommunityKind | None]:
    """The kind of each community (by area id), read at once."""
    listed: dict[int, CommunityKind] = {}
    for kind in CommunityKind.objects.prefetch_related("areas"):
        for area in kind.areas.all():
            listed.setdefault(area.pk, kind)
    default = CommunityKind.objects.filter(default=True).first()
    return {c.pk: listed.get(c.pk, default) for c in communities}


def _task_loads(communities: list[Area], on: dt.date) -> dict:
    """(community id, item code) → [hours a month, reports a year, meetings a year, tasks,
    {department id: hours a month}] of the tasks in force on ``on`` in its year."""
    loads: dict = defaultdict(lambda: [ZERO, 0, 0, 0, defaultdict(lambda: ZERO)])
    tasks = CommunityTask.objects.filter(community__in=communities, first_due__lte=on).exclude(
        every=CommunityTask.Every.ONCE, first_due__lt=dt.date(on.year, 1, 1)
    )
    for t in tasks.only("community_id", "item_code", "every", "hours", "kind", "department_id"):
        times = PER_YEAR[t.every]
        hours = t.hours * times / TWELVE
        load = loads[(t.community_id, t.item_code)]
        load[0] += hours
        load[1] += times if t.kind == CommunityTask.Kind.REPORT else 0
        load[2] += times if t.kind == CommunityTask.Kind.MEETING else 0
        load[3] += 1
        load[4][t.department_id] += hours
    return loads


def burdens(communities: list[Area], year: int, *, today: dt.date | None = None) -> list[Burden]:
    """The burden of each community in ``year`` (a few queries, whatever the number)."""
    on = as_of(year, today)
    kinds = _kinds(communities)
    lists: dict = {}
    for kind in {k for k in kinds.values() if k is not None}:
        for list_type in (ListType.STATUTORY, ListType.ASSISTING):
            version = in_force(kind, list_type, on)
            lists[(kind.pk, list_type)] = (
                [
                    i
                    for i in version.items.all()
                    if (i.effective_from is None or i.effective_from <= on)
                    and (i.effective_to is None or i.effective_to >= on)
                ]
                if version
                else []
            )
    loads = _task_loads(communities, on)
    refused = dict(
        Refusal.objects.filter(community__in=communities, created_at__year=year)
        .values_list("community")
        .annotate(n=Count("id"))
    )
    out = []
    for community in communities:
        its_kind = kinds[community.pk]
        burden = Burden(community=community, kind=its_kind, year=year)
        burden.refused = refused.get(community.pk, 0)
        departments: dict = defaultdict(lambda: ZERO)
        for list_type in (ListType.STATUTORY, ListType.ASSISTING):
            for item in lists.get((its_kind.pk if its_kind else None, list_type), []):
                hours, reports, meetings, n, by_dept = loads.get(
                    (community.pk, item.code), (ZERO, 0, 0, 0, {})
                )
                if list_type == ListType.ASSISTING:  # only the item's own department's tasks
                    hours = by_dept.get(item.department_id, ZERO)
                    by_dept = {item.department_id: hours} if item.department_id else {}
                load = ItemLoad(
                    list_type=list_type,
                    code=item.code,
                    title=item.title,
                    department_id=item.department_id,
                    hours_per_month=max(item.hours_per_month, hours),
                    reports_per_year=max(item.reports_per_year, reports),
                    meetings_per_year=max(item.meetings_per_year, meetings),
                    funding_per_year=item.funding_per_year,
                    tasks=n,
                    over_estimate=hours > item.hours_per_month,
                )
                burden.items.append(load)
                burden.tasks += n
                if list_type == ListType.ASSISTING and item.department_id:
                    departments[item.department_id] += load.hours_per_month
                else:
                    for dept, h in by_dept.items():
                        departments[dept] += h
        burden.departments = {k: v for k, v in departments.items() if v}
        out.append(burden)
    return out


@dataclass
class DepartmentLoad:
    department_id: int
    hours_per_month: Decimal = ZERO
    communities: int = 0
    refused: int = 0


def department_loads(found: list[Burden], year: int) -> list[DepartmentLoad]:
    """The departments that load these communities, most hours first, with the unadmitted
    attempts on their record in the year."""
    loads: dict[int, DepartmentLoad] = {}
    for burden in found:
        for dept, hours in burden.departments.items():
            load = loads.setdefault(dept, DepartmentLoad(dept))
            load.hours_per_month += hours
            load.communities += 1
    attempts = (
        Refusal.objects.filter(community__in=[b.community for b in found], created_at__year=year)
        .exclude(department=None)
        .values_list("department")
        .annotate(n=Count("id"))
    )
    for dept, n in attempts:
        loads.setdefault(dept, DepartmentLoad(dept)).refused = n
    return sorted(loads.values(), key=lambda d: (-d.hours_per_month, -d.refused, d.department_id))


def visible_communities(user):
    """The communities whose burden the user sees: those their grants cover (everyone's for
    the review office and the district's people), and the community of a grid they work in."""
    qs = Area.objects.filter(level=AreaLevel.COMMUNITY, active=True)
    return qs if can_review_admission(user) else areas_around(user, among=qs)


def ranked(found: list[Burden]) -> list[Burden]:
    """Most hours a month first; equal loads share a rank (the evaluation's ranking rule)."""
    return rank(list(found), lambda b: b.hours_per_month, lambda b: b.community.code)


def compared(communities: list[Area], year: int, baseline: int, history: list | None = None):
    """(the communities' burdens in ``year``, ranked, each with its ``before`` in the baseline
    year and the per cent ``change`` of hours; the departments that load them). ``history``
    is ``trend(…)`` when the caller has it: its years are not computed again."""
    known = {entry["year"]: entry["burdens"] for entry in history or []}

    def of(y: int) -> dict:
        return known.get(y) or {x.community.pk: x for x in burdens(communities, y)}

    found = ranked(list(of(year).values()))
    before = of(baseline)
    for row in found:
        then = before[row.community.pk]
        row.before, row.change = then, change(row.hours_per_month, then.hours_per_month)
    return found, department_loads(found, year)


def trend(communities: list[Area], baseline: int, year: int, *, today=None) -> list[dict]:
    """Year by year from ``baseline`` to ``year``: each community's burdens (by area id)."""
    return [
        {"year": y, "burdens": {b.community.pk: b for b in burdens(communities, y, today=today)}}
        for y in range(min(baseline, year), year + 1)
    ]


def change(now, before) -> Decimal | None:
    """Per cent change from ``before`` to ``now`` (None when there was nothing before)."""
    if not before:
        return None
    return ((Decimal(now) - Decimal(before)) * 100 / Decimal(before)).quantize(Decimal("0.1"))
