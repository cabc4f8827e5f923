"""What each user sees of screening campaigns: the campaigns over a place they lead or record
visits in (a district's campaign reaches its grid workers), and those below the places they
lead. Of a campaign's visits, a user sees those in the places they lead or record visits in
(its leaders: all). Anyone else: nothing, and a campaign asked for by id is not found."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from civicgrid.accounts import permissions
from civicgrid.accounts.models import User
from civicgrid.accounts.permissions import RECORD_VISIT
from civicgrid.accounts.selectors import LEADS, ancestor_paths
from civicgrid.cases.choices import State

from .models import Campaign, Finding, Visit


def _paths(user: User) -> set[str]:
    return {g.path for g in permissions.grants(user) if g.role in LEADS or g.allows(RECORD_VISIT)}


def sees(user: User) -> bool:
    return permissions.is_everywhere(user) or bool(_paths(user))


def campaigns(user: User) -> QuerySet[Campaign]:
    qs = Campaign.objects.select_related("area", "lead_unit")
    if permissions.is_everywhere(user):
        return qs
    paths = _paths(user)
    if not paths:
        return qs.none()
    above = {a for p in paths for a in ancestor_paths(p)}
    return qs.filter(Q(area__path__in=above) | permissions.under_paths("area__path", list(paths)))


def visits(user: User, campaign: Campaign) -> QuerySet[Any]:
    """The campaign's visits the user sees, each with its ``found`` findings."""
    qs = campaign.visits.select_related("grid", "building", "visited_by").annotate(
        found=Count("findings")
    )
    if permissions.can_lead(user, campaign.area):
        return qs
    return qs.filter(permissions.under_paths("grid__path", sorted(_paths(user))))


def visits_seen(user: User) -> QuerySet[Visit]:
    """Every visit the user sees, of every campaign they see, in one query: those in the places
    they lead or record visits in (a campaign's leaders lead all its grids)."""
    qs = Visit.objects.filter(campaign__in=campaigns(user).values("pk"))
    if permissions.is_everywhere(user):
        return qs
    return qs.filter(permissions.under_paths("grid__path", sorted(_paths(user))))


def findings(user: User, campaign: Campaign) -> QuerySet[Finding]:
    return Finding.objects.filter(visit__in=visits(user, campaign).values("pk")).select_related(
        "visit__grid", "item", "case"
    )


def report(user: User, campaign: Campaign) -> dict:
    """The campaign's report, of the visits the user sees: places visited, places with
    findings, findings by item, made cases, rectified; by grid."""
    seen = visits(user, campaign)
    found = findings(user, campaign)
    rectified = Q(case__state=State.CLOSED)
    by_item = {
        row["item"]: row
        for row in found.values("item").annotate(
            n=Count("id"), cased=Count("case"), fixed=Count("id", filter=rectified)
        )
    }
    by_grid = {
        row["grid"]: row
        for row in seen.values("grid", "grid__name").annotate(places=Count("id", distinct=True))
    }
    for row in found.values("visit__grid").annotate(
        n=Count("id"), cased=Count("case"), fixed=Count("id", filter=rectified)
    ):
        by_grid[row["visit__grid"]].update(n=row["n"], cased=row["cased"], fixed=row["fixed"])
    totals = {
        "places": seen.count(),
        "with_findings": seen.filter(found__gt=0).count(),
        "findings": found.count(),
        "cased": found.exclude(case=None).count(),
        "rectified": found.filter(rectified).count(),
    }
    return {
        "totals": totals,
        "items": [(item, by_item.get(item.pk, {})) for item in campaign.items.all()],
        "grids": sorted(by_grid.values(), key=lambda r: r["grid__name"]),
    }
