"""What the commercial buildings' figures count, and the records behind each (DOMAIN.md §18).
The figures are defined once in ``civicgrid.evaluation.definitions``; a count over an area takes
its subtree (``core.tallies``). Profiles are read as they stand on the period's last day;
inspections, hazards and activities are those held in the period; a hazard is rectified when
its case is closed by the period's last day."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, Model, OuterRef, Q, QuerySet
from django.urls import reverse

from civicgrid.cases.choices import State
from civicgrid.core import tallies
from civicgrid.core.tallies import Behind, Source
from civicgrid.disputes.models import BuildingCommittee

from . import selectors
from .choices import ActivityKind, InspectionKind
from .models import Activity, Agreement, CommercialBuilding, Hazard

PROFILE = "area__path"


def _profiles(first: dt.date, last: dt.date) -> QuerySet[CommercialBuilding]:
    return CommercialBuilding.objects.filter(created_at__date__lte=last)


def _committee(first: dt.date, last: dt.date) -> QuerySet[CommercialBuilding]:
    sitting = BuildingCommittee.objects.filter(
        building=OuterRef("building"), active=True, established_on__lte=last
    )
    return _profiles(first, last).filter(Exists(sitting))


def _assessed(first: dt.date, last: dt.date) -> QuerySet[CommercialBuilding]:
    return (
        _profiles(first, last)
        .filter(inspections__kind=InspectionKind.RISK, inspections__held_on__range=(first, last))
        .distinct()
    )


def _hazards(first: dt.date, last: dt.date) -> QuerySet[Hazard]:
    return Hazard.objects.filter(inspection__held_on__range=(first, last))


def _agreements(first: dt.date, last: dt.date) -> QuerySet[Agreement]:
    return Agreement.objects.filter(signed_on__lte=last).filter(Q(until=None) | Q(until__gte=last))


def _activities(first: dt.date, last: dt.date) -> QuerySet[Activity]:
    return Activity.objects.filter(
        held_on__range=(first, last), kind__in=[ActivityKind.MEETING, ActivityKind.TRAINING]
    )


HAZARD = "inspection__profile__area__path"
OF_PROFILE = "profile__area__path"

SOURCES: dict[str, Source] = {
    "cb_buildings": Source(_profiles, PROFILE),
    "cb_with_committee": Source(_committee, PROFILE),
    "cb_risk_assessed": Source(_assessed, PROFILE),
    "cb_hazards": Source(_hazards, HAZARD),
    "cb_hazards_rectified": Source(
        lambda f, la: _hazards(f, la).filter(
            case__state=State.CLOSED, case__closed_at__date__lte=la
        ),
        HAZARD,
    ),
    "cb_agreements": Source(_agreements, OF_PROFILE),
    "cb_joint_activities": Source(_activities, OF_PROFILE),
}


def _row(obj: Model) -> Behind:
    if isinstance(obj, Hazard):
        profile = obj.inspection.profile
        return Behind(f"{profile.building.name} · {obj.get_installation_display()}",
                      profile.area.name, obj.inspection.held_on,
                      reverse("commercial:profile", args=[profile.pk]))  # fmt: skip
    if isinstance(obj, Agreement | Activity):
        day = obj.signed_on if isinstance(obj, Agreement) else obj.held_on
        label = obj.title if isinstance(obj, Agreement) else obj.subject
        return Behind(label, obj.profile.area.name, day,
                      reverse("commercial:profile", args=[obj.profile_id]))  # fmt: skip
    assert isinstance(obj, CommercialBuilding)
    return Behind(obj.building.name, obj.area.name, None,
                  reverse("commercial:profile", args=[obj.pk]))  # fmt: skip


TALLY = tallies.Tally(
    SOURCES,
    {
        CommercialBuilding: selectors.profiles,
        Hazard: lambda user: Hazard.objects.filter(
            inspection__profile__in=selectors.profiles(user).values("pk")
        ),
        Agreement: lambda user: Agreement.objects.filter(
            profile__in=selectors.profiles(user).values("pk")
        ),
        Activity: lambda user: Activity.objects.filter(
            profile__in=selectors.profiles(user).values("pk")
        ),
    },
    {
        CommercialBuilding: ("area", "building"),
        Hazard: ("inspection__profile__area", "inspection__profile__building"),
        Agreement: ("profile__area",),
        Activity: ("profile__area",),
    },
    _row,
)
counts = TALLY.counts
behind = TALLY.behind
