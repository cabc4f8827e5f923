"""What community finance's figures count, and the records behind each count (DOMAIN.md §15).
The figures themselves are defined once in ``civicgrid.evaluation.definitions``; a count over an
area takes its subtree (``core.tallies``).

- Budget lines count by their year: those of the years the period touches.
- A community is below the floor when its budget lines for the period's last year add up to less
  than ``CIVICGRID_COMMUNITY_BUDGET_FLOOR``.
- Allocations count by the day received, payments by the day paid, claims by the day spent
  (withdrawn ones left out).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import DecimalField, Model, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import reverse

from civicgrid.areas.models import Area
from civicgrid.core import tallies
from civicgrid.core.tallies import Behind, Source

from . import selectors
from .choices import Category, ClaimStatus
from .models import Allocation, Budget, Claim


def _lines(first: dt.date, last: dt.date) -> QuerySet[Budget]:
    return Budget.objects.filter(year__gte=first.year, year__lte=last.year)


def _below(first: dt.date, last: dt.date) -> QuerySet[Area]:
    total = (
        Budget.objects.filter(area=OuterRef("pk"), year=last.year)
        .values("area")
        .annotate(s=Sum("amount"))
        .values("s")
    )
    money: DecimalField = DecimalField(max_digits=14, decimal_places=2)
    return (
        Area.objects.filter(level=4, active=True)
        .annotate(budget=Coalesce(Subquery(total, output_field=money), Value(Decimal(0)),
                                  output_field=money))
        .filter(budget__lt=selectors.floors()[0])
    )  # fmt: skip


def _claims(first: dt.date, last: dt.date) -> QuerySet[Claim]:
    return Claim.objects.filter(spent_on__gte=first, spent_on__lte=last).exclude(
        status=ClaimStatus.WITHDRAWN
    )


def _paid(first: dt.date, last: dt.date) -> QuerySet[Claim]:
    return Claim.objects.filter(status=ClaimStatus.PAID, paid_on__gte=first, paid_on__lte=last)


SOURCES: dict[str, Source] = {
    "fin_budget": Source(_lines, "area__path", total="amount"),
    "fin_party_budget": Source(
        lambda f, la: _lines(f, la).filter(category=Category.PARTY), "area__path", total="amount"
    ),
    "fin_below_floor": Source(_below, "path"),
    "fin_allocated": Source(
        lambda f, la: Allocation.objects.filter(received_on__gte=f, received_on__lte=la),
        "area__path",
        total="amount",
    ),
    "fin_paid": Source(_paid, "area__path", total="amount"),
    "fin_claims": Source(_claims, "area__path"),
    "fin_claims_refused": Source(
        lambda f, la: _claims(f, la).filter(status=ClaimStatus.REFUSED), "area__path"
    ),
}


def _row(obj: Model) -> Behind:
    if isinstance(obj, Area):
        url = reverse("finance:account", args=[obj.code])
        return Behind(obj.name, obj.parent.name if obj.parent else "", None, url,
                      getattr(obj, "budget", None))  # fmt: skip
    assert isinstance(obj, Budget | Allocation | Claim)
    url = reverse("finance:account", args=[obj.area.code])
    if isinstance(obj, Budget):
        text = f"{obj.year} {obj.get_category_display()}"
        return Behind(text, obj.area.name, None, url, obj.amount)
    if isinstance(obj, Allocation):
        text = f"{obj.get_source_display()}{f'（{obj.department}）' if obj.department else ''}"
        return Behind(text, obj.area.name, obj.received_on, url, obj.amount)
    url = reverse("finance:claim", args=[obj.pk])
    return Behind(obj.title, obj.area.name, obj.paid_on or obj.spent_on, url, obj.amount)


RELATED = {Area: ("parent",), Budget: ("area",), Allocation: ("area", "department"),
           Claim: ("area",)}  # fmt: skip
SEEN = {
    Area: lambda user: Area.objects.filter(pk__in=[a.pk for a in selectors.places(user)]),
    Budget: selectors.budgets,
    Allocation: selectors.allocations,
    Claim: selectors.claims,
}
TALLY = tallies.Tally(SOURCES, SEEN, RELATED, _row)
counts = TALLY.counts
behind = TALLY.behind
