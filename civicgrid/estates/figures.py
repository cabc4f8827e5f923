"""What property oversight's figures count, and the records behind each (DOMAIN.md §16). The
figures are defined once in ``civicgrid.evaluation.definitions``; a count over an area takes its
subtree (``core.tallies``). Estates are read as they stand on the period's last day; complaints
are the cases of the property complaint class reported in the period; joint meetings are the
joint property meetings held in the period, with the follow-up tasks their decisions gave (a
task is solved when its case is closed)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, Model, OuterRef, QuerySet
from django.urls import reverse

from civicgrid.accounts.models import User
from civicgrid.accounts.selectors import led
from civicgrid.cases.choices import State
from civicgrid.cases.models import Case
from civicgrid.catalogue.seed import PROPERTY_COMPLAINT
from civicgrid.core import tallies
from civicgrid.core.tallies import Behind, Source
from civicgrid.participation.council_models import SOLVED, FollowUp, Meeting

from . import selectors
from .models import Estate


def _estates(first: dt.date, last: dt.date) -> QuerySet[Estate]:
    return Estate.objects.filter(created_at__date__lte=last)


def _managed(last: dt.date) -> Exists:
    return Exists(selectors.serving(last).filter(estate=OuterRef("pk")))


def _blacklisted(first: dt.date, last: dt.date) -> QuerySet[Estate]:
    bad = selectors.listed_now(last).values("company")
    served = selectors.serving(last).filter(estate=OuterRef("pk"), company__in=bad)
    return _estates(first, last).filter(Exists(served))


def _complaints(first: dt.date, last: dt.date) -> QuerySet[Case]:
    return Case.objects.filter(
        case_class__code=PROPERTY_COMPLAINT, reported_at__date__range=(first, last)
    )


def _meetings(first: dt.date, last: dt.date) -> QuerySet[Meeting]:
    return Meeting.objects.filter(
        kind=Meeting.Kind.PROPERTY, status=Meeting.Status.HELD,
        starts_at__date__range=(first, last),
    )  # fmt: skip


def _decisions(first: dt.date, last: dt.date) -> QuerySet[FollowUp]:
    return FollowUp.objects.filter(
        resolution__meeting__in=_meetings(first, last), resolution__passed=True
    )


MEETING_PATH = "resolution__meeting__area__path"

SOURCES: dict[str, Source] = {
    "est_estates": Source(_estates, "area__path"),
    "est_without_company": Source(
        lambda f, la: _estates(f, la).exclude(_managed(la)), "area__path"
    ),
    "est_blacklisted": Source(_blacklisted, "area__path"),
    "est_owners_committee": Source(
        lambda f, la: _estates(f, la).filter(owners_committee__isnull=False), "area__path"
    ),
    "est_complaints": Source(_complaints, "grid__path"),
    "est_complaints_closed": Source(
        lambda f, la: _complaints(f, la).filter(state=State.CLOSED), "grid__path"
    ),
    "est_joint_meetings": Source(_meetings, "area__path"),
    "est_joint_decisions": Source(_decisions, MEETING_PATH),
    "est_joint_solved": Source(lambda f, la: _decisions(f, la).filter(SOLVED), MEETING_PATH),
}


def _row(obj: Model) -> Behind:
    if isinstance(obj, Case):
        return Behind(f"{obj.number} · {obj.get_state_display()}", obj.grid.name,
                      obj.reported_at.date(), reverse("cases:detail", args=[obj.pk]))  # fmt: skip
    if isinstance(obj, Meeting):
        return Behind(obj.title, obj.area.name, obj.starts_at.date(),
                      reverse("participation:meeting", args=[obj.pk]))  # fmt: skip
    if isinstance(obj, FollowUp):
        meeting = obj.resolution.meeting
        return Behind(obj.task, meeting.area.name, obj.due_on,
                      reverse("participation:meeting", args=[meeting.pk]))  # fmt: skip
    assert isinstance(obj, Estate)
    return Behind(obj.name, obj.area.name, None, reverse("estates:estate", args=[obj.pk]))


def _cases_seen(user: User) -> QuerySet[Case]:
    return Case.objects.visible_to(user)


TALLY = tallies.Tally(
    SOURCES,
    {
        Estate: selectors.estates,
        Case: _cases_seen,
        Meeting: lambda user: led(Meeting.objects.all(), user, "area__path"),
        FollowUp: lambda user: led(FollowUp.objects.all(), user, MEETING_PATH),
    },
    {
        Estate: ("area",),
        Case: ("grid",),
        Meeting: ("area",),
        FollowUp: ("resolution__meeting__area",),
    },
    _row,
)
counts = TALLY.counts
behind = TALLY.behind
