"""What the street consultation committees' and residents' votes' figures count, and the records
behind each (DOMAIN.md §18: a street's 民意民智协调委员会 meets quarterly, is told of major matters,
submits opinions; residents' committees are directly elected; residents decide options by vote).
The figures are defined once in ``civicgrid.evaluation.definitions``; a count over an area takes
its subtree (``core.tallies``). Meetings are the street consultation meetings held in the period;
notices those sent in it; opinions those the committee's members gave in it, resolved as any
opinion is (its case closed, its proposal deliberated, its meeting held, or marked resolved).
Elections and option votes are those counted in the period (by the day voting closed); one stood
when more than half its roll voted; an option vote carried when an option won its majority."""

from __future__ import annotations

import datetime as dt

from django.db.models import Model, QuerySet
from django.urls import reverse

from civicgrid.accounts.scope import areas_around
from civicgrid.core import tallies
from civicgrid.core.tallies import Behind, Source

from .council_models import CouncilNotice, Meeting, Opinion
from .models import Call, Proposal, Purpose
from .opinions import RESOLVED


def _meetings(first: dt.date, last: dt.date) -> QuerySet[Meeting]:
    return Meeting.objects.filter(
        kind=Meeting.Kind.CONSULTATION, status=Meeting.Status.HELD,
        starts_at__date__range=(first, last),
    )  # fmt: skip


def _opinions(first: dt.date, last: dt.date) -> QuerySet[Opinion]:
    return Opinion.objects.filter(
        channel=Opinion.Channel.COMMITTEE, collected_on__range=(first, last)
    )


def _counted(purpose: str):
    def counted(first: dt.date, last: dt.date) -> QuerySet[Call]:
        return Call.objects.filter(
            purpose=purpose, status=Call.Status.TALLIED, voting_until__date__range=(first, last)
        )

    return counted


_elections, _option_votes = _counted(Purpose.ELECTION), _counted(Purpose.OPTIONS)

SOURCES: dict[str, Source] = {
    "pt_elections": Source(_elections, "area__path"),
    "pt_elections_stood": Source(lambda f, la: _elections(f, la).filter(stands=True), "area__path"),
    "pt_option_votes": Source(_option_votes, "area__path"),
    "pt_option_votes_carried": Source(
        lambda f, la: _option_votes(f, la).filter(proposals__status=Proposal.Status.WON).distinct(),
        "area__path",
    ),
    "pt_consultation_meetings": Source(_meetings, "area__path"),
    "pt_notices": Source(
        lambda f, la: CouncilNotice.objects.filter(sent_at__date__range=(f, la)),
        "council__area__path",
    ),
    "pt_committee_opinions": Source(_opinions, "area__path"),
    "pt_committee_opinions_resolved": Source(
        lambda f, la: _opinions(f, la).filter(RESOLVED), "area__path"
    ),
}


def _row(obj: Model) -> Behind:
    if isinstance(obj, Call):
        return Behind(obj.title, obj.area.name, obj.voting_until.date(),
                      reverse("participation:call", args=[obj.pk]))  # fmt: skip
    if isinstance(obj, Meeting):
        return Behind(obj.title, obj.area.name, obj.starts_at.date(),
                      reverse("participation:meeting", args=[obj.pk]))  # fmt: skip
    if isinstance(obj, CouncilNotice):
        return Behind(obj.title, obj.council.area.name, obj.sent_at.date(),
                      reverse("participation:council", args=[obj.council_id]))  # fmt: skip
    assert isinstance(obj, Opinion)
    return Behind(obj.text[:60], obj.area.name, obj.collected_on,
                  reverse("participation:opinions"))  # fmt: skip


TALLY = tallies.Tally(
    SOURCES,
    {
        Call: lambda user: Call.objects.filter(area__in=areas_around(user)),
        Meeting: lambda user: Meeting.objects.filter(area__in=areas_around(user)),
        CouncilNotice: lambda user: CouncilNotice.objects.filter(
            council__area__in=areas_around(user)
        ),
        Opinion: lambda user: Opinion.objects.filter(area__in=areas_around(user)),
    },
    {Call: ("area",), Meeting: ("area",), CouncilNotice: ("council__area",), Opinion: ("area",)},
    _row,
)
counts = TALLY.counts
behind = TALLY.behind
