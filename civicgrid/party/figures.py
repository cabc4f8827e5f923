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
from collections.abc import Callable

from django.db.models import Exists, F, Model, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from civicgrid.core import tallies
from civicgrid.core.tallies import Behind, Source

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


TALLY = tallies.Tally(SOURCES, SEEN, RELATED, _row)
counts = TALLY.counts
behind = TALLY.behind
