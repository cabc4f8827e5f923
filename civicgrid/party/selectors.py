"""What each user sees of party building: the entries of the areas whose register they see
(``view_register``) and of the areas above them (a community's worker sees the street's working
committee and the units stationed at the street, which serve the community too). Anyone else:
nothing, and an entry asked for by id is not found."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from civicgrid.accounts import permissions
from civicgrid.accounts.models import User
from civicgrid.accounts.selectors import ancestor_paths
from civicgrid.areas.models import Area

from .choices import COMMITTEES, AgreementStatus, NeedStatus, ProjectStatus
from .models import (
    Activity,
    Agreement,
    Claim,
    Commitment,
    CreditEntry,
    Member,
    Need,
    PartyOrganisation,
    Project,
    Resource,
    Review,
    Seat,
    StationedUnit,
)


def places(user: User, path_field: str = "path") -> Q | None:
    """Rows whose ``path_field`` is an area the user sees the register of, or one above such an
    area; None for everywhere."""
    paths = permissions.scope_paths(user, permissions.VIEW_REGISTER)
    if paths is None:
        return None
    if not paths:
        return Q(pk__in=[])
    above = {a for p in paths for a in ancestor_paths(p)}
    return permissions.under_paths(path_field, paths) | Q(**{f"{path_field}__in": sorted(above)})


def _seen(qs: QuerySet, user: User, *path_fields: str) -> QuerySet:
    """Rows each of whose places (``path_fields``) the user sees: a seat, an agreement or a
    review ties a party organisation to a unit, and shows only to whom sees both."""
    for path_field in path_fields:
        where = places(user, path_field)
        if where is not None:
            qs = qs.filter(where)
    return qs


def sees_party_building(user: User) -> bool:
    """Whether the user has any page of party building (the menu asks)."""
    return permissions.scope_paths(user, permissions.VIEW_REGISTER) != []


def organisations(user: User) -> QuerySet[PartyOrganisation]:
    return _seen(PartyOrganisation.objects.all(), user, "unit__area__path").select_related(
        "unit__area", "unit__parent", "building"
    )


def stationed_units(user: User) -> QuerySet[StationedUnit]:
    return _seen(StationedUnit.objects.all(), user, "area__path").select_related("area")


def seats(user: User) -> QuerySet[Seat]:
    return _seen(
        Seat.objects.all(), user, "committee__unit__area__path", "stationed_unit__area__path"
    ).select_related("committee__unit", "stationed_unit")


def agreements(user: User) -> QuerySet[Agreement]:
    return _seen(
        Agreement.objects.all(),
        user,
        "party_organisation__unit__area__path",
        "stationed_unit__area__path",
    ).select_related("party_organisation__unit__area", "stationed_unit")


def reviews(user: User) -> QuerySet[Review]:
    return _seen(
        Review.objects.all(), user, "committee__unit__area__path", "stationed_unit__area__path"
    ).select_related("committee__unit", "stationed_unit", "reviewer")


def committees_kept(user: User, unit: StationedUnit) -> QuerySet[PartyOrganisation]:
    """The committees the user keeps that may review ``unit`` (of its area or one above)."""
    ids = [
        o.pk
        for o in organisations(user).filter(level__in=COMMITTEES)
        if permissions.can_lead(user, o.unit.area) and (unit.area.path.startswith(o.unit.area.path))
    ]
    return PartyOrganisation.objects.filter(pk__in=ids).select_related("unit")


def needs(user: User) -> QuerySet[Need]:
    return _seen(Need.objects.all(), user, "area__path").select_related("area")


def resources(user: User) -> QuerySet[Resource]:
    return _seen(Resource.objects.all(), user, "stationed_unit__area__path").select_related(
        "stationed_unit__area"
    )


def projects(user: User) -> QuerySet[Project]:
    return _seen(Project.objects.all(), user, "area__path").select_related(
        "area", "need", "agreement"
    )


def _own(qs: QuerySet, user: User, path_field: str) -> QuerySet:
    """Rows of the areas whose register the user sees, not of the areas above them: who is a
    party member is told only to whom keeps that place's register."""
    paths = permissions.scope_paths(user, permissions.VIEW_REGISTER)
    if paths is None:
        return qs
    return qs.filter(permissions.under_paths(path_field, paths)) if paths else qs.none()


ROSTER_PATH = "organisation__unit__area__path"


def rosters(user: User) -> QuerySet[PartyOrganisation]:
    """The organisations whose roster the user sees: those of the places whose register they
    see (not of the places above)."""
    return _own(PartyOrganisation.objects.all(), user, "unit__area__path").select_related(
        "unit__area"
    )


def members(user: User) -> QuerySet[Member]:
    return _own(Member.objects.all(), user, ROSTER_PATH).select_related(
        "organisation__unit__area", "person"
    )


def activities(user: User) -> QuerySet[Activity]:
    return _own(Activity.objects.all(), user, ROSTER_PATH).select_related("organisation__unit")


def credit_entries(user: User) -> QuerySet[CreditEntry]:
    return _own(CreditEntry.objects.all(), user, f"member__{ROSTER_PATH}").select_related(
        "member", "recorded_by"
    )


def claims(user: User) -> QuerySet[Claim]:
    """Claims on the projects the user sees; a member's claim only to whom sees the roster."""
    qs = _seen(Claim.objects.all(), user, "project__area__path")
    return qs.filter(Q(member=None) | Q(member__in=members(user))).select_related(
        "project", "organisation__unit", "member", "stationed_unit"
    )


def commitments(user: User) -> QuerySet[Commitment]:
    return Commitment.objects.filter(agreement__in=agreements(user)).select_related("agreement")


@dataclass(frozen=True)
class TreeRow:
    organisation: PartyOrganisation
    depth: int


def tree(user: User) -> list[TreeRow]:
    """The organisations the user sees, each under its parent (depth-first, by name)."""
    seen = list(organisations(user).order_by("unit__name"))
    by_parent: dict[int | None, list[PartyOrganisation]] = {}
    ids = {o.unit_id for o in seen}
    for o in seen:
        parent = o.unit.parent_id if o.unit.parent_id in ids else None
        by_parent.setdefault(parent, []).append(o)
    rows: list[TreeRow] = []

    def walk(parent: int | None, depth: int) -> None:
        for o in by_parent.get(parent, []):
            rows.append(TreeRow(o, depth))
            walk(o.unit_id, depth + 1)

    walk(None, 0)
    return rows


@dataclass(frozen=True)
class Figures:
    """The co-building figures of what the user sees (DOMAIN.md §13), as of ``today``."""

    organisations: int
    members: int
    stationed_units: int
    seats: int
    agreements_in_force: int
    commitments: int
    commitments_done: int
    needs_open: int
    needs_met: int
    needs: int
    projects_done: int
    beneficiaries: int
    reviews: int  # this year's reviews of stationed units
    vetoes: int  # … of which vetoed the unit's party-building rating


def figures(user: User, *, today: dt.date) -> Figures:
    orgs = organisations(user)
    members = sum(orgs.values_list("members", flat=True))
    agreements_ = agreements(user)
    in_force = agreements_.filter(
        status=AgreementStatus.SIGNED, starts_on__lte=today, ends_on__gte=today
    )
    promised = in_force.aggregate(
        n=Count("commitments"),
        done=Count("commitments", filter=Q(commitments__done_on__isnull=False)),
    )
    need_counts = dict(
        needs(user)
        .exclude(status=NeedStatus.WITHDRAWN)
        .values_list("status")
        .annotate(n=Count("id"))
    )
    done = projects(user).filter(status=ProjectStatus.DONE)
    this_year = reviews(user).filter(year=today.year)
    return Figures(
        organisations=orgs.count(),
        members=members,
        stationed_units=stationed_units(user).filter(active=True).count(),
        seats=seats(user).filter(until__isnull=True).count(),
        agreements_in_force=in_force.count(),
        commitments=promised["n"],
        commitments_done=promised["done"],
        needs_open=need_counts.get(NeedStatus.OPEN, 0),
        needs_met=need_counts.get(NeedStatus.MET, 0),
        needs=sum(need_counts.values()),
        projects_done=done.count(),
        beneficiaries=sum(done.values_list("beneficiaries", flat=True)),
        reviews=this_year.count(),
        vetoes=this_year.filter(veto=True).count(),
    )


def areas_kept(user: User) -> list[Area]:
    """The street and community areas (and the district) whose party-building register the user
    keeps: the choices of the forms."""
    if not permissions.leads_somewhere(user):
        return []
    where = places(user)
    areas = Area.objects.filter(level__lte=4, active=True)
    if where is not None:
        areas = areas.filter(where)
    return [a for a in areas.order_by("path") if permissions.can_lead(user, a)]
