"""Reads for the pages and the API: which organisations, tenders and subsidies a user sees, the
standings of a tender, and who sees them (``permissions.can_see_tender_scores`` decides).

Scoring arithmetic. A tender's criteria carry weights adding up to 100. Each panel member first
declares their interests: the bids they may not score (a member who works for a bidding
organisation may never score its bid, declared or not). Then each member scores every bid they
are free to score on every criterion, 0–100. A bid's mark on a criterion is the mean of the
points its free members gave; its total is the sum over the criteria of weight × mark / 100,
rounded to 0.01 — so a total is out of 100. The award goes to the highest total; equal totals go
to the lower price, then to the earlier bid. Every score stays on the record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q, QuerySet

from civicgrid.accounts import permissions
from civicgrid.accounts.models import User
from civicgrid.accounts.scope import areas_around
from civicgrid.accounts.selectors import ancestor_paths
from civicgrid.areas.models import Area

from .models import Bid, Organisation, Score, Subsidy, Tender

CENT = Decimal("0.01")


def own_organisations(user: User) -> QuerySet[Organisation]:
    """The organisations the user acts for."""
    units = {g.unit_id for g in permissions.grants(user)}
    return Organisation.objects.filter(unit_id__in=units).select_related("unit")


def areas_led(user: User) -> list[Area]:
    """The district, streets and communities the user leads (where they register organisations,
    open tenders and decide subsidies)."""
    if not permissions.leads_somewhere(user):  # every page's menu asks: no areas read
        return []
    return [a for a in areas_around(user).filter(level__lte=4).order_by("code")
            if permissions.can_lead(user, a)]  # fmt: skip


def organisation_list(*, user: User) -> QuerySet[Organisation]:
    """Organisations serving the areas the user works in, and their own."""
    units = {g.unit_id for g in permissions.grants(user)}
    return Organisation.objects.filter(
        Q(service_area__in=areas_around(user)) | Q(unit_id__in=units)
    ).select_related("unit", "service_area", "hub")


def tender_list(*, user: User) -> QuerySet[Tender]:
    """Tenders of the areas the user works in, and those their organisations may bid for or
    their panel seats concern."""
    served = own_organisations(user).values("service_area__path")
    paths = [row["service_area__path"] for row in served]
    q = Q(area__in=areas_around(user)) | Q(panel=user)
    for path in paths:
        q |= Q(area__path__startswith=path) | Q(area__path__in=ancestor_paths(path))
    return Tender.objects.filter(q).distinct().select_related("area", "buyer")


def subsidy_list(*, user: User) -> QuerySet[Subsidy]:
    """The subsidies of the organisations serving the areas the user leads, and their own
    organisations' subsidies."""
    led = Subsidy.objects.filter(organisation__service_area__in=areas_led(user))
    own = Subsidy.objects.filter(
        organisation__unit_id__in={g.unit_id for g in permissions.grants(user)}
    )
    return (led | own).distinct().select_related("organisation__unit")


def subsidy_recipients() -> QuerySet[Subsidy]:
    """Approved and paid subsidies, for the public list (organisation, purpose, amount, date)."""
    return (
        Subsidy.objects.filter(status__in=(Subsidy.Status.APPROVED, Subsidy.Status.PAID))
        .select_related("organisation__unit")
        .order_by("-paid_on", "-updated_at")
    )


# -- the panel and the standings ------------------------------------------------------------------

Panel = tuple[list[User], dict[int, set[int]]]


def panel_of(tender: Tender) -> Panel:
    """(the panel's members, each declared member's id → the bids they declared a conflict
    with), read once for every bid of the tender."""
    declared = {
        d.member_id: {b.pk for b in d.conflicts.all()}
        for d in tender.declarations.prefetch_related("conflicts")
    }
    return list(tender.panel.all()), declared


def free_members(tender: Tender, bid: Bid, panel: Panel | None = None) -> list[User]:
    """The panel members free to score ``bid``: declared, no conflict declared, not working for
    the bidder. ``panel`` is ``panel_of(tender)`` when the caller has read it already."""
    members, declared = panel or panel_of(tender)
    return [
        m
        for m in members
        if m.pk in declared
        and bid.pk not in declared[m.pk]
        and not permissions.works_for(m, bid.organisation.unit_id)
    ]


@dataclass
class Standing:
    bid: Bid
    marks: list[Decimal | None] = field(default_factory=list)  # per criterion: the mean
    total: Decimal | None = None
    missing: int = 0  # scores still to come; -1: nobody may score it
    rank: int | None = None


def tender_standings(tender: Tender) -> list[Standing]:
    """Every bid's marks and total, ranked (see the module's note for the arithmetic)."""
    criteria = tender.criteria
    scores: dict[tuple[int, int, int], Decimal] = {}
    for s in Score.objects.filter(bid__tender=tender):
        scores[(s.bid_id, s.member_id, s.criterion)] = s.points
    out = []
    panel = panel_of(tender)
    for b in tender.bids.select_related("organisation__unit").order_by("id"):
        free = free_members(tender, b, panel)
        row = Standing(bid=b)
        total = Decimal(0)
        for n, c in enumerate(criteria):
            given = [scores[(b.pk, m.pk, n)] for m in free if (b.pk, m.pk, n) in scores]
            row.missing += len(free) - len(given)
            mark = sum(given, Decimal(0)) / len(given) if given else None
            row.marks.append(mark.quantize(CENT, ROUND_HALF_UP) if mark is not None else None)
            total += Decimal(c["weight"]) * (mark or 0) / 100
        row.total = total.quantize(CENT, ROUND_HALF_UP) if free and not row.missing else None
        if not free:
            row.missing = -1
        out.append(row)
    ranked = sorted(
        (r for r in out if r.total is not None),
        key=lambda r: (-(r.total or 0), r.bid.amount, r.bid.pk),
    )
    for n, row in enumerate(ranked, start=1):
        row.rank = n
    return sorted(out, key=lambda r: (r.rank is None, r.rank or 0, r.bid.pk))


def tender_scores_visible(*, user: User, tender: Tender) -> bool:
    """Whether ``user`` sees the tender's scores and standings (``permissions`` decides)."""
    return permissions.can_see_tender_scores(
        user,
        area=tender.area,
        panel_ids=set(tender.panel.values_list("pk", flat=True)),
        awarded=tender.status == Tender.Status.AWARDED,
    )


def tender_scores(*, user: User, tender: Tender) -> tuple[list[Standing], QuerySet[Score]]:
    """The standings and every score, for those who see them; nothing for anyone else."""
    if not tender_scores_visible(user=user, tender=tender):
        return [], Score.objects.none()
    every = Score.objects.filter(bid__tender=tender).select_related(
        "member", "bid__organisation__unit"
    )
    return tender_standings(tender), every
