"""What each user sees of community finance: the rows of the streets and communities they lead
(their leaders and administrators, and the street's and district's over a community). Anyone
else: nothing, and a row asked for by id is not found. Published statements are for everyone, and
carry no payee and no one's name.

The overview reads each community's budget for a year against the district's floors, what came
in and what was spent; "funds follow duties" lists each community's assisting tasks in force with
their paying department, the yearly amount the list gives and what was received for them — those
the list gives no money for, or for which nothing came this year, are the unfunded ones."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, QuerySet, Sum

from civicgrid.accounts import permissions
from civicgrid.accounts.models import User
from civicgrid.accounts.selectors import led, led_paths
from civicgrid.areas.models import Area
from civicgrid.duties.models import ListItem, ListType
from civicgrid.duties.services import in_force, kind_of

from .choices import HOLDING, Category, ClaimStatus, Source
from .models import Allocation, Budget, Claim, Statement
from .services import quarter_bounds

ZERO = Decimal(0)


def floors() -> tuple[Decimal, Decimal]:
    """The district's floors: a community's budget a year, and its party-building part."""
    return (Decimal(str(settings.CIVICGRID_COMMUNITY_BUDGET_FLOOR)),
            Decimal(str(settings.CIVICGRID_PARTY_BUDGET_FLOOR)))  # fmt: skip


def sees_finance(user: User) -> bool:
    return permissions.leads_somewhere(user)


def places(user: User) -> list[Area]:
    """The streets and communities the user leads (the forms' choices, the overview's rows)."""
    if not sees_finance(user):
        return []
    areas = Area.objects.filter(level__in=(3, 4), active=True).order_by("path")
    paths = led_paths(user)
    if paths is not None:
        areas = areas.filter(permissions.paths_q(paths)) if paths else areas.none()
    return list(areas)


def budgets(user: User) -> QuerySet[Budget]:
    return led(Budget.objects.all(), user, "area__path").select_related("area")


def allocations(user: User) -> QuerySet[Allocation]:
    return led(Allocation.objects.all(), user, "area__path").select_related(
        "area", "department", "duty_item"
    )


def claims(user: User) -> QuerySet[Claim]:
    return led(Claim.objects.all(), user, "area__path").select_related("area", "budget")


@dataclass
class Standing:
    """A community's or street's money for a year."""

    area: Area
    lines: dict = field(default_factory=dict)  # category → amount
    allocated: Decimal = ZERO
    held: Decimal = ZERO  # approved, not yet paid
    paid: Decimal = ZERO

    @property
    def budget(self) -> Decimal:
        return sum(self.lines.values(), ZERO)

    @property
    def party(self) -> Decimal:
        return self.lines.get(Category.PARTY, ZERO)

    @property
    def below_floor(self) -> bool:
        return self.area.level == 4 and self.budget < floors()[0]

    @property
    def party_below_floor(self) -> bool:
        return self.area.level == 4 and self.party < floors()[1]

    @property
    def left(self) -> Decimal:
        return self.budget - self.held - self.paid


def overview(user: User, year: int) -> list[Standing]:
    """Each place the user leads, with its budget lines of ``year``, what it received in the
    year, what its approved claims hold and what was paid."""
    out = {a.pk: Standing(a) for a in places(user)}
    for line in Budget.objects.filter(area_id__in=list(out), year=year):
        out[line.area_id].lines[line.category] = line.amount
    came = (Allocation.objects.filter(area_id__in=list(out), received_on__year=year)
            .values_list("area_id").annotate(s=Sum("amount")).order_by())  # fmt: skip
    for pk, total in came:
        out[pk].allocated = total or ZERO
    spent = (
        Claim.objects.filter(area_id__in=list(out), budget__year=year, status__in=HOLDING)
        .values_list("area_id", "status")
        .annotate(s=Sum("amount"))
        .order_by()
    )
    for pk, status, total in spent:
        if status == ClaimStatus.PAID:
            out[pk].paid = total or ZERO
        else:
            out[pk].held = total or ZERO
    return list(out.values())


@dataclass(frozen=True)
class Duty:
    """An assisting task in force for a community, with who pays and what came for it."""

    community: Area
    item: ListItem
    received: Decimal

    @property
    def unfunded(self) -> bool:
        return not self.item.funding_per_year or not self.received


def duties(user: User, year: int, today: dt.date | None = None) -> list[Duty]:
    """Each community's assisting tasks in force (the list of its kind), with what was received
    for each in ``year``."""
    communities = [a for a in places(user) if a.level == 4]
    received: dict[tuple[int, int], Decimal] = defaultdict(lambda: ZERO)
    rows = (
        Allocation.objects.filter(area__in=communities, duty_item__isnull=False,
                                  received_on__year=year)
        .values_list("area_id", "duty_item_id")
        .annotate(s=Sum("amount"))
        .order_by()
    )  # fmt: skip
    for area, item, total in rows:
        received[(area, item)] = total or ZERO
    out = []
    versions: dict[int, list[ListItem]] = {}
    for community in communities:
        kind = kind_of(community)
        version = in_force(kind, ListType.ASSISTING, today) if kind else None
        if version is None:
            continue
        if version.pk not in versions:
            versions[version.pk] = list(version.items.select_related("department"))
        out += [Duty(community, item, received[(community.pk, item.pk)])
                for item in versions[version.pk]]  # fmt: skip
    return out


@dataclass(frozen=True)
class StatementLine:
    label: str
    amount: Decimal
    claims: int


@dataclass(frozen=True)
class QuarterStatement:
    area: Area
    year: int
    quarter: int
    first: dt.date
    last: dt.date
    received: list[StatementLine]
    by_category: list[StatementLine]
    by_project: list[StatementLine]
    published: Statement | None

    @property
    def spent(self) -> Decimal:
        return sum((line.amount for line in self.by_category), ZERO)

    @property
    def came(self) -> Decimal:
        return sum((line.amount for line in self.received), ZERO)


def statement(area: Area, year: int, quarter: int) -> QuarterStatement:
    """A quarter's statement: what came in by source, what was paid by category and by project;
    no payee and nobody's name."""
    first, last = quarter_bounds(year, quarter)
    paid = Claim.objects.filter(area=area, status=ClaimStatus.PAID, paid_on__gte=first,
                                paid_on__lte=last)  # fmt: skip
    cats = paid.values_list("budget__category").annotate(s=Sum("amount"), n=Count("id")).order_by()
    projects = (
        paid.values_list("project").annotate(s=Sum("amount"), n=Count("id")).order_by("project")
    )
    came = (Allocation.objects.filter(area=area, received_on__gte=first, received_on__lte=last)
            .values_list("source").annotate(s=Sum("amount"), n=Count("id")).order_by())  # fmt: skip
    return QuarterStatement(
        area, year, quarter, first, last,
        [StatementLine(str(Source(s).label), t, n) for s, t, n in came],
        [StatementLine(str(Category(c).label), t, n) for c, t, n in cats],
        [StatementLine(p or "", t, n) for p, t, n in projects],
        Statement.objects.filter(area=area, year=year, quarter=quarter).first(),
    )  # fmt: skip


def published(area: Area) -> QuerySet[Statement]:
    return Statement.objects.filter(area=area)
