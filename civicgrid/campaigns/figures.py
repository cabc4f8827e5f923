"""What the screening campaigns' figures count, and the records behind each (DOMAIN.md §18).
The figures are defined once in ``civicgrid.evaluation.definitions``; a count over an area takes
its subtree (``core.tallies``): a campaign counts in its scope's area and above, a visit and a
finding in their grid. Campaigns are those running at some time in the period; visits are those
made in it, findings those of its visits; a finding is rectified when its case is closed by the period's last day."""

from __future__ import annotations

import datetime as dt

from django.db.models import Model, QuerySet
from django.urls import reverse

from civicgrid.cases.choices import State
from civicgrid.core import tallies
from civicgrid.core.tallies import Behind, Source

from . import selectors
from .models import Campaign, Finding, Visit


def _campaigns(first: dt.date, last: dt.date) -> QuerySet[Campaign]:
    return Campaign.objects.filter(starts_on__lte=last, ends_on__gte=first)


def _visits(first: dt.date, last: dt.date) -> QuerySet[Visit]:
    return Visit.objects.filter(visited_on__range=(first, last))


def _findings(first: dt.date, last: dt.date) -> QuerySet[Finding]:
    return Finding.objects.filter(visit__visited_on__range=(first, last))


FOUND = "visit__grid__path"
SOURCES: dict[str, Source] = {
    "cp_campaigns": Source(_campaigns, "area__path"),
    "cp_visits": Source(_visits, "grid__path"),
    "cp_findings": Source(_findings, FOUND),
    "cp_findings_cased": Source(lambda f, la: _findings(f, la).exclude(case=None), FOUND),
    "cp_findings_rectified": Source(
        lambda f, la: _findings(f, la).filter(
            case__state=State.CLOSED, case__closed_at__date__lte=la
        ),
        FOUND,
    ),
}


def _row(obj: Model) -> Behind:
    if isinstance(obj, Finding):
        visit = obj.visit
        return Behind(f"{visit.place} · {obj.item.text}", visit.grid.name, visit.visited_on,
                      reverse("campaigns:campaign", args=[visit.campaign_id]))  # fmt: skip
    if isinstance(obj, Visit):
        return Behind(obj.place, obj.grid.name, obj.visited_on,
                      reverse("campaigns:campaign", args=[obj.campaign_id]))  # fmt: skip
    assert isinstance(obj, Campaign)
    return Behind(obj.name, obj.area.name, obj.starts_on,
                  reverse("campaigns:campaign", args=[obj.pk]))  # fmt: skip


TALLY = tallies.Tally(
    SOURCES,
    {
        Campaign: selectors.campaigns,
        Visit: selectors.visits_seen,
        Finding: lambda user: Finding.objects.filter(
            visit__in=selectors.visits_seen(user).values("pk")
        ),
    },
    {
        Campaign: ("area",),
        Visit: ("grid",),
        Finding: ("visit__grid", "item"),
    },
    _row,
)
counts = TALLY.counts
behind = TALLY.behind
