"""Commercial buildings' rules (DOMAIN.md §18).

- The leaders of a community (and those above) keep the profiles of the commercial and
  mixed-use buildings of the register in it, their co-governance members, signed
  responsibilities, joint activities and inspections.
- A member sits from a day, and leaves on a day; an agreement is signed by a sitting member;
  a joint yearly assessment (联考) carries a score out of 100, the other activities none.
- One yearly risk assessment a building and year; any number of joint inspections. Each hazard
  found becomes a case in the loop (“make it a case”: at the building, of the class chosen, by
  default the fire installations' one), once (again only if that case was voided); it is
  rectified when its case is closed.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from civicgrid.accounts import permissions
from civicgrid.accounts.models import OrgUnit, User
from civicgrid.accounts.selectors import ancestor_paths
from civicgrid.areas.models import Area
from civicgrid.cases.models import Case
from civicgrid.cases.selectors import reported
from civicgrid.core.checks import checked, past_day, plain_text
from civicgrid.core.errors import ErrorCode, refused
from civicgrid.participation.liaison import liaison_report
from civicgrid.party.models import PartyOrganisation
from civicgrid.registry.choices import BuildingType
from civicgrid.registry.models import Building

from .choices import ActivityKind, InspectionKind, Severity
from .models import Activity, Agreement, CommercialBuilding, Hazard, Inspection, Member

COMMERCIAL_TYPES = (BuildingType.COMMERCIAL, BuildingType.MIXED)
HAZARD_CLASS = "01013"  # 消防设施异常: the fire installations' class of the national catalogue


def of_place(area_path: str, community: Area) -> bool:
    """A unit's area serves the community: the community itself, above it, or within it."""
    return community.path.startswith(area_path) or area_path.startswith(community.path)


def place_units(community: Area) -> QuerySet[OrgUnit]:
    """The active units of the community's place (above it or within it): the choices."""
    above = ancestor_paths(community.path)
    return OrgUnit.objects.filter(active=True).filter(
        Q(area__path__in=above) | Q(area__path__startswith=community.path)
    )


def keeps(user: User, profile: CommercialBuilding) -> bool:
    return permissions.can_lead(user, profile.area)


def _locked(profile: CommercialBuilding) -> CommercialBuilding:
    """The profile, locked: what happens once a year is checked and written one at a time."""
    return CommercialBuilding.objects.select_for_update().select_related("area").get(pk=profile.pk)


def _kept(actor: User, profile: CommercialBuilding, field: str = "profile") -> None:
    if not keeps(actor, profile):
        raise refused(_("You do not keep this building's profile."), field, ErrorCode.FORBIDDEN)


@transaction.atomic
def profile_save(
    *, actor: User, building: Building | None, party_organisation: PartyOrganisation | None = None,
    service_point: str = "", safety_association: str = "", e_service: str = "",
    enterprises: int = 0, workers: int = 0, profile: CommercialBuilding | None = None,
) -> CommercialBuilding:  # fmt: skip
    """Make a commercial building's profile, or change it (its building stays)."""
    if profile is not None:
        _kept(actor, profile)
        building = profile.building
    if building is None:
        raise refused(_("Choose a building."), "building", ErrorCode.REQUIRED)
    if building.building_type not in COMMERCIAL_TYPES:
        raise refused(_("Choose a commercial or mixed-use building."), "building")
    community = building.grid.parent
    if community is None or not permissions.can_lead(actor, community):
        raise refused(_("You do not keep this building's profile."), "building",
                      ErrorCode.FORBIDDEN)  # fmt: skip
    if profile is None and CommercialBuilding.objects.filter(building=building).exists():
        raise refused(_("This building has a profile already."), "building", ErrorCode.DUPLICATE)
    if party_organisation is not None and not of_place(party_organisation.unit.area.path,
                                                       community):  # fmt: skip
        raise refused(_("Choose a party organisation of the building's place."),
                      "party_organisation")  # fmt: skip
    entry = profile or CommercialBuilding(building=building)
    entry.area, entry.party_organisation = community, party_organisation
    entry.service_point, entry.safety_association = (
        service_point.strip(),
        safety_association.strip(),
    )
    entry.e_service, entry.enterprises, entry.workers = e_service.strip(), enterprises, workers
    checked(entry, exclude=["building", "area"])
    entry.save()
    return entry


@transaction.atomic
def member_add(
    *, actor: User, profile: CommercialBuilding, kind: str, organisation: str,
    unit: OrgUnit | None = None, contact: str = "", joined_on: dt.date | None = None,
) -> Member:  # fmt: skip
    _kept(actor, profile)
    joined_on = past_day(joined_on, "joined_on")
    if unit is not None and (not unit.active or not of_place(unit.area.path, profile.area)):
        raise refused(_("Choose an active unit of the building's place."), "unit")
    member = Member(profile=profile, kind=kind, organisation=organisation.strip(), unit=unit,
                    contact=contact.strip(), joined_on=joined_on)  # fmt: skip
    checked(member, exclude=["profile"])
    member.save()
    return member


@transaction.atomic
def member_leave(*, actor: User, member: Member, left_on: dt.date | None) -> Member:
    member = Member.objects.select_for_update().select_related("profile__area").get(pk=member.pk)
    _kept(actor, member.profile, "member")
    if member.left_on is not None:
        raise refused(_("This member has left already."), "member", ErrorCode.CLOSED)
    left_on = past_day(left_on, "left_on")
    if left_on < member.joined_on:
        raise refused(_("This is before the member joined."), "left_on")
    member.left_on = left_on
    member.save(update_fields=["left_on", "updated_at"])
    return member


@transaction.atomic
def agreement_sign(
    *, actor: User, profile: CommercialBuilding, member: Member | None, title: str,
    duties: str, signed_on: dt.date | None, until: dt.date | None = None,
) -> Agreement:  # fmt: skip
    _kept(actor, profile)
    if member is None or member.profile_id != profile.pk:
        raise refused(_("Choose a member of this building's body."), "member", ErrorCode.REQUIRED)
    signed_on = past_day(signed_on, "signed_on")
    if member.joined_on > signed_on or (member.left_on is not None and member.left_on < signed_on):
        raise refused(_("The member did not sit on the body that day."), "signed_on")
    if until is not None and until < signed_on:
        raise refused(_("An agreement runs until a day after it was signed."), "until")
    entry = Agreement(profile=profile, member=member, title=title.strip(), duties=duties.strip(),
                      signed_on=signed_on, until=until, recorded_by=actor)  # fmt: skip
    checked(entry, exclude=["profile", "member", "recorded_by"])
    entry.save()
    return entry


@transaction.atomic
def activity_record(
    *, actor: User, profile: CommercialBuilding, kind: str, held_on: dt.date | None,
    subject: str, attended: int = 0, outcome: str = "", score=None,
) -> Activity:  # fmt: skip
    profile = _locked(profile)
    _kept(actor, profile)
    held_on = past_day(held_on, "held_on")
    if kind == ActivityKind.ASSESSMENT and score is None:
        raise refused(_("Give the assessment's score."), "score", ErrorCode.REQUIRED)
    if kind != ActivityKind.ASSESSMENT and score is not None:
        raise refused(_("Only the joint yearly assessment is scored."), "score")
    if (
        kind == ActivityKind.ASSESSMENT
        and profile.activities.filter(kind=kind, held_on__year=held_on.year).exists()
    ):
        raise refused(_("This year's joint assessment is recorded already."), "held_on",
                      ErrorCode.DUPLICATE)  # fmt: skip
    entry = Activity(profile=profile, kind=kind, held_on=held_on, subject=subject.strip(),
                     attended=attended, outcome=outcome.strip(), score=score,
                     recorded_by=actor)  # fmt: skip
    checked(entry, exclude=["profile", "recorded_by"])
    entry.save()
    return entry


@transaction.atomic
def inspection_record(
    *, actor: User, profile: CommercialBuilding, kind: str, held_on: dt.date | None,
    inspectors: str, summary: str = "",
) -> Inspection:  # fmt: skip
    profile = _locked(profile)
    _kept(actor, profile)
    held_on = past_day(held_on, "held_on")
    if (
        kind == InspectionKind.RISK
        and profile.inspections.filter(kind=kind, year=held_on.year).exists()
    ):
        raise refused(_("This year's risk assessment is recorded already."), "held_on",
                      ErrorCode.DUPLICATE)  # fmt: skip
    entry = Inspection(profile=profile, kind=kind, held_on=held_on, inspectors=inspectors.strip(),
                       summary=summary.strip(), recorded_by=actor)  # fmt: skip
    checked(entry, exclude=["profile", "recorded_by", "year"])
    entry.save()
    return entry


@transaction.atomic
def hazard_add(
    *, actor: User, inspection: Inspection, installation: str, severity: str = Severity.MEDIUM,
    description: str,
) -> Hazard:  # fmt: skip
    _kept(actor, inspection.profile, "inspection")
    entry = Hazard(inspection=inspection, installation=installation, severity=severity,
                   description=plain_text(description, "description"))  # fmt: skip
    checked(entry, exclude=["inspection", "case"])
    entry.save()
    return entry


@transaction.atomic
def hazard_report(*, actor: User, hazard: Hazard, case_class: str = HAZARD_CLASS) -> Case:
    """The hazard as a case at the building (once): the loop routes, handles and checks it."""
    hazard = (
        Hazard.objects.select_for_update(of=("self",))
        .select_related("inspection__profile__building", "inspection__profile__area", "case")
        .get(pk=hazard.pk)
    )
    profile = hazard.inspection.profile
    _kept(actor, profile, "hazard")
    if reported(hazard.case):
        raise refused(_("This hazard is a case already."), "hazard", ErrorCode.DUPLICATE)
    text = _("%(kind)s of %(day)s at %(building)s — %(what)s (%(severity)s): %(text)s") % {
        "kind": hazard.inspection.get_kind_display(), "day": hazard.inspection.held_on,
        "building": profile.building.name, "what": hazard.get_installation_display(),
        "severity": hazard.get_severity_display(), "text": hazard.description,
    }  # fmt: skip
    hazard.case = liaison_report(
        actor=actor, area=profile.area, case_class=case_class.strip() or HAZARD_CLASS, text=text,
        place={"building": profile.building.code}, source={"hazard": hazard.pk},
    )  # fmt: skip
    hazard.save(update_fields=["case", "updated_at"])
    return hazard.case
