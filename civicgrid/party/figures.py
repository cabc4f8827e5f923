"""What party building's figures count, and the records behind each count.

The figures themselves (names, formulas, which way is better) are defined once, with every
other figure, in ``civicgrid.evaluation.definitions``; this module says which records each count
is made of in a period, so that the figure and the list behind it are one query. A count over an
area takes the records of its subtree (a party organisation's, a project's or a need's place).

- Rosters are read at the period's last day: the members on them that day.
- Projects count by the day they started (published) or were delivered; livelihood projects by
  their sponsor (Nanhu's 2015 categories).
- Commitments count by their due day, needs by the day they were raised, reviews by the day
  they were made.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Count, Exists, F, Model, OuterRef, Q, QuerySet, Sum
from django.urls import reverse
from django.utils.translation import gettext as _

from civicgrid.accounts.models import User
from civicgrid.areas.models import Area

from . import selectors
from .choices import (
    ActivityKind,
    AgreementStatus,
    CreditCategory,
    NeedStatus,
    ProjectKind,
    ProjectStatus,
    Sponsor,
)
from .models import Activity, Claim, Commitment, CreditEntry, Member, Need, Project, Review

ORG_PATH = "organisation__unit__area__path"


@dataclass(frozen=True)
class Source:
    """One count: its records in a period, where each record is, and how they are counted
    (rows, or the sum of a field)."""

    records: Callable[[dt.date, dt.date], QuerySet]
    path: str
    total: str = ""  # a field summed instead of counting rows


def _roster(first: dt.date, last: dt.date) -> QuerySet[Member]:
    return Member.objects.filter(Q(until=None) | Q(until__gte=last), since__lte=last)


def _showed(first: dt.date, last: dt.date) -> QuerySet[Member]:
    took_part = Activity.objects.filter(
        participants=OuterRef("pk"),
        kind=ActivityKind.IDENTITY_DISPLAY,
        held_on__gte=first,
        held_on__lte=last,
    )
    return _roster(first, last).filter(Exists(took_part))


def _deduction(first: dt.date, last: dt.date) -> Exists:
    return Exists(
        CreditEntry.objects.filter(
            member=OuterRef("pk"), category=CreditCategory.DEDUCTION, on__gte=first, on__lte=last
        )
    )


def _started(kind: str, **more) -> Callable[[dt.date, dt.date], QuerySet[Project]]:
    return lambda first, last: Project.objects.filter(
        kind=kind, starts_on__gte=first, starts_on__lte=last, **more
    ).exclude(status=ProjectStatus.CANCELLED)


def _claimed(first: dt.date, last: dt.date) -> QuerySet[Project]:
    held = Claim.objects.filter(project=OuterRef("pk"), claimed_on__lte=last).filter(
        Q(withdrawn_on=None) | Q(withdrawn_on__gt=last)
    )
    return _started(ProjectKind.PARTY)(first, last).filter(Exists(held))


def _delivered(first: dt.date, last: dt.date) -> QuerySet[Project]:
    return Project.objects.filter(status=ProjectStatus.DONE, ends_on__gte=first, ends_on__lte=last)


def _due(first: dt.date, last: dt.date) -> QuerySet[Commitment]:
    return Commitment.objects.filter(
        due_on__gte=first, due_on__lte=last, agreement__status=AgreementStatus.SIGNED
    )


def _raised(first: dt.date, last: dt.date) -> QuerySet[Need]:
    return Need.objects.filter(raised_on__gte=first, raised_on__lte=last).exclude(
        status=NeedStatus.WITHDRAWN
    )


def _reviewed(first: dt.date, last: dt.date) -> QuerySet[Review]:
    return Review.objects.filter(reviewed_on__gte=first, reviewed_on__lte=last)


COMMITTEE_PATH = "committee__unit__area__path"
SOURCES: dict[str, Source] = {
    "pb_roster": Source(_roster, ORG_PATH),
    "pb_identity_shown": Source(_showed, ORG_PATH),
    "pb_deducted": Source(lambda f, la: _roster(f, la).filter(_deduction(f, la)), ORG_PATH),
    "pb_good_standing": Source(lambda f, la: _roster(f, la).exclude(_deduction(f, la)), ORG_PATH),
    "pb_published": Source(_started(ProjectKind.PARTY), "area__path"),
    "pb_claimed": Source(_claimed, "area__path"),
    "pb_delivered": Source(_delivered, "area__path"),
    "pb_beneficiaries": Source(_delivered, "area__path", total="beneficiaries"),
    "pb_livelihood": Source(_started(ProjectKind.LIVELIHOOD), "area__path"),
    "pb_livelihood_party": Source(
        _started(ProjectKind.LIVELIHOOD, sponsor=Sponsor.PARTY_ORGANISATION), "area__path"
    ),
    "pb_livelihood_cadres": Source(
        _started(ProjectKind.LIVELIHOOD, sponsor=Sponsor.STATIONED_CADRES), "area__path"
    ),
    "pb_commitments_due": Source(_due, f"agreement__party_{ORG_PATH}"),
    "pb_commitments_kept": Source(
        lambda f, la: _due(f, la).filter(done_on__lte=F("due_on")),
        f"agreement__party_{ORG_PATH}",
    ),
    "pb_needs_raised": Source(_raised, "area__path"),
    "pb_needs_met": Source(
        lambda f, la: _raised(f, la).filter(status=NeedStatus.MET), "area__path"
    ),
    "pb_units_reviewed": Source(_reviewed, COMMITTEE_PATH),
    "pb_vetoes": Source(lambda f, la: _reviewed(f, la).filter(veto=True), COMMITTEE_PATH),
}


def counts(areas: Iterable[Area], first: dt.date, last: dt.date) -> dict[int, dict[str, int]]:
    """Every count of ``SOURCES`` for each area's subtree in the period: {area id: {code: n}}.
    One query a count, whatever the number of areas."""
    wanted = list(areas)
    out: dict[int, dict[str, int]] = {a.pk: defaultdict(int) for a in wanted}
    if not wanted:
        return out
    for code, source in SOURCES.items():
        where = Q.create([(f"{source.path}__startswith", a.path) for a in wanted], connector=Q.OR)
        rows = (
            source.records(first, last)
            .filter(where)
            .values_list(source.path)
            .annotate(n=Sum(source.total) if source.total else Count("pk", distinct=True))
            .order_by()
        )
        for path, n in rows:
            for area in wanted:
                if path.startswith(area.path):
                    out[area.pk][code] += n or 0
    return out


@dataclass(frozen=True)
class Behind:
    """One record behind a figure, as the list of them shows it."""

    text: str
    place: str
    day: dt.date | None
    url: str
    value: int | None = None  # what it adds to a sum (people reached)


def _row(obj: Model) -> Behind:
    if isinstance(obj, Member):
        org = obj.organisation
        return Behind(obj.name, str(org), obj.since, reverse("party:organisation", args=[org.pk]))
    if isinstance(obj, Project):
        return Behind(
            obj.title, obj.area.name, obj.ends_on or obj.starts_on,
            reverse("party:project", args=[obj.pk]), obj.beneficiaries,
        )  # fmt: skip
    if isinstance(obj, Commitment):
        a = obj.agreement
        return Behind(obj.text, a.title, obj.due_on, reverse("party:agreement", args=[a.pk]))
    if isinstance(obj, Need):
        return Behind(obj.title, obj.area.name, obj.raised_on, reverse("party:need", args=[obj.pk]))
    assert isinstance(obj, Review)
    unit = obj.stationed_unit
    text = f"{unit.name}（{obj.get_rating_display()}{_('; vetoed') if obj.veto else ''}）"
    return Behind(text, str(obj.committee), obj.reviewed_on, reverse("party:unit", args=[unit.pk]))


RELATED = {
    Member: ("organisation__unit",),
    Project: ("area",),
    Commitment: ("agreement",),
    Need: ("area",),
    Review: ("stationed_unit", "committee__unit"),
}


SEEN = {
    Member: selectors.members,
    Project: selectors.projects,
    Commitment: selectors.commitments,
    Need: selectors.needs,
    Review: selectors.reviews,
}
SHOWN = 1000  # records a list shows: a count is checked by its first thousand, and the rest


def behind(user: User, code: str, area: Area, first: dt.date, last: dt.date) -> list[Behind]:
    """The records a count is made of in ``area``'s subtree, among those the user sees (the
    first ``SHOWN``, newest first)."""
    source = SOURCES[code]
    qs = source.records(first, last).filter(**{f"{source.path}__startswith": area.path})
    qs = qs.filter(pk__in=SEEN[qs.model](user).values("pk"))
    return [_row(o) for o in qs.select_related(*RELATED[qs.model]).order_by("-pk")[:SHOWN]]
