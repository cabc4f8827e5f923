"""API: party building — party organisations, stationed units with their seats, and the community
party bodies' reviews of stationed units (co-building is in ``api_cobuilding``, projects and
claims in ``api_projects``, rosters in ``api_members``) — with the same rules and scope as the
pages: what the caller does not see is not found (404); the area's leaders write."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Schema
from ninja.responses import Status
from pydantic import Field

from civicgrid.accounts.scope import areas_visible_to

from . import reviews, selectors, services
from .choices import Setting
from .models import (
    PartyOrganisation,
    Review,
    Seat,
    StationedUnit,
)

router = Router(tags=["party building"])


def _area(request, code: str):
    area = areas_visible_to(request.auth).filter(code=code).first()
    if area is None:
        raise Http404
    return area


def _today() -> dt.date:
    return timezone.localdate()


# --- organisations ------------------------------------------------------------------------


class PartyOrganisationOut(Schema):
    id: int
    unit: str = Field(..., description="the organisation unit's code")
    name: str
    area: str = Field(..., description="the area's code")
    parent: int | None = Field(None, description="the parent party organisation's id")
    level: str
    setting: str
    host: str
    building: str | None = Field(None, description="the building's register code")
    secretary: str
    secretary_phone: str = Field(..., description="masked")
    members: int
    founded_on: dt.date | None


def _org(o: PartyOrganisation) -> dict:
    parent = getattr(o.unit.parent, "party_organisation", None) if o.unit.parent_id else None
    return {
        "id": o.pk, "unit": o.unit.code, "name": o.unit.name, "area": o.unit.area.code,
        "parent": parent.pk if parent else None, "level": o.level, "setting": o.setting,
        "host": o.host, "building": o.building.code if o.building else None,
        "secretary": o.secretary, "secretary_phone": o.secretary_phone_masked,
        "members": o.members, "founded_on": o.founded_on,
    }  # fmt: skip


class PartyOrganisationIn(Schema):
    name: str = Field(..., max_length=100, examples=["示范社区大党工委"])
    code: str = Field(..., max_length=40, description="the new unit's code", examples=["P-0101"])
    area: str = Field(..., description="a street's or community's code")
    level: str = Field(..., examples=["big_committee"])
    parent: int | None = Field(None, description="the parent party organisation's id")
    setting: str = Setting.AREA
    host: str = Field("", max_length=100)
    building: str = Field("", description="a building's register code")
    secretary: str = Field("", max_length=50)
    phone: str = Field("", description="the secretary's phone (stored encrypted)")
    members: int = Field(0, ge=0)
    founded_on: dt.date | None = None


@router.get(
    "/party/organisations", response=list[PartyOrganisationOut], summary="Party organisations"
)
def organisation_list(request):
    return [_org(o) for o in selectors.organisations(request.auth)[:2000]]


@router.get(
    "/party/organisations/{org_id}", response=PartyOrganisationOut, summary="One party organisation"
)
def organisation_get(request, org_id: int):
    return _org(get_object_or_404(selectors.organisations(request.auth), pk=org_id))


@router.post(
    "/party/organisations",
    response={201: PartyOrganisationOut},
    summary="Set up a party organisation (the area's leaders)",
)
def organisation_create(request, payload: PartyOrganisationIn):
    user = request.auth
    parent = None
    if payload.parent is not None:
        parent = get_object_or_404(selectors.organisations(user), pk=payload.parent)
    made = services.organisation_create(
        actor=user, area=_area(request, payload.area), parent=parent,
        building=services.building_by_code(payload.building),
        **payload.dict(exclude={"area", "parent", "building"}),
    )  # fmt: skip
    return Status(201, _org(made))


# --- stationed units and seats --------------------------------------------------------------


class PartyStationedOut(Schema):
    id: int
    name: str
    kind: str
    area: str
    address: str
    credit_code: str
    party_body: str
    members: int
    contact_name: str
    contact_phone: str = Field(..., description="masked")
    active: bool


def _unit(u: StationedUnit) -> dict:
    return {
        "id": u.pk, "name": u.name, "kind": u.kind, "area": u.area.code, "address": u.address,
        "credit_code": u.credit_code, "party_body": u.party_body, "members": u.members,
        "contact_name": u.contact_name, "contact_phone": u.contact_phone_masked,
        "active": u.active,
    }  # fmt: skip


class PartyStationedIn(Schema):
    name: str = Field(..., max_length=100, examples=["区第一人民医院"])
    kind: str = Field(..., examples=["institution"])
    area: str = Field(..., description="where it is stationed: a street's or community's code")
    address: str = Field("", max_length=200)
    credit_code: str = Field("", description="GB 32100, checked")
    party_body: str = Field("", max_length=100)
    members: int = Field(0, ge=0)
    contact_name: str = Field("", max_length=50)
    phone: str = Field("", description="the contact's phone (stored encrypted)")


@router.get("/party/stationed-units", response=list[PartyStationedOut], summary="Stationed units")
def stationed_list(request):
    return [_unit(u) for u in selectors.stationed_units(request.auth)[:2000]]


@router.post(
    "/party/stationed-units", response={201: PartyStationedOut}, summary="Register a stationed unit"
)
def stationed_create(request, payload: PartyStationedIn):
    made = services.stationed_unit_save(
        actor=request.auth, area=_area(request, payload.area), **payload.dict(exclude={"area"})
    )
    return Status(201, _unit(made))


class PartySeatOut(Schema):
    id: int
    committee: int
    stationed_unit: int
    post: str
    holder: str
    since: dt.date
    until: dt.date | None


def _seat(s: Seat) -> dict:
    return {"id": s.pk, "committee": s.committee_id, "stationed_unit": s.stationed_unit_id,
            "post": s.post, "holder": s.holder, "since": s.since, "until": s.until}  # fmt: skip


class PartySeatIn(Schema):
    committee: int = Field(..., description="a committee's id", examples=[2])
    stationed_unit: int = Field(..., examples=[5])
    holder: str = Field("", max_length=50, examples=["李书记"])
    since: dt.date = Field(..., examples=["2026-03-01"])
    post: str = "part_time_member"


class PartySeatEndIn(Schema):
    until: dt.date = Field(..., examples=["2026-12-31"])


@router.get("/party/seats", response=list[PartySeatOut], summary="Committee seats")
def seat_list(request):
    return [_seat(s) for s in selectors.seats(request.auth)[:2000]]


@router.post("/party/seats", response={201: PartySeatOut}, summary="Give a unit a seat")
def seat_create(request, payload: PartySeatIn):
    user = request.auth
    seat = services.seat_give(
        actor=user,
        committee=get_object_or_404(selectors.organisations(user), pk=payload.committee),
        stationed_unit=get_object_or_404(
            selectors.stationed_units(user), pk=payload.stationed_unit
        ),
        holder=payload.holder, since=payload.since, post=payload.post,
    )  # fmt: skip
    return Status(201, _seat(seat))


@router.post("/party/seats/{seat_id}/end", response=PartySeatOut, summary="End a seat")
def seat_finish(request, seat_id: int, payload: PartySeatEndIn):
    seat = get_object_or_404(selectors.seats(request.auth), pk=seat_id)
    return _seat(services.seat_end(actor=request.auth, seat=seat, until=payload.until))


# --- reviews of stationed units -----------------------------------------------------------


class PartyAdviceIO(Schema):
    name: str = Field(..., max_length=50, description="the person, in their official capacity")
    post: str = Field("", max_length=100)
    advice: str = Field(..., examples=["commendation"])
    reason: str


class PartyReviewOut(Schema):
    id: int
    committee: int
    stationed_unit: int
    year: int
    rating: str
    veto: bool
    reason: str
    comments: str
    reviewed_on: dt.date
    recommendations: list[PartyAdviceIO]


def _review(r: Review) -> dict:
    return {
        "id": r.pk, "committee": r.committee_id, "stationed_unit": r.stationed_unit_id,
        "year": r.year, "rating": r.rating, "veto": r.veto, "reason": r.reason,
        "comments": r.comments, "reviewed_on": r.reviewed_on,
        "recommendations": [
            {"name": a.name, "post": a.post, "advice": a.advice, "reason": a.reason}
            for a in r.recommendations.all()
        ],
    }  # fmt: skip


class PartyReviewIn(Schema):
    committee: int
    stationed_unit: int
    year: int
    rating: str = Field(..., examples=["good"])
    reviewed_on: dt.date
    comments: str = ""
    veto: bool = False
    reason: str = ""
    recommendations: list[PartyAdviceIO] = []


def _reviews(request):
    return selectors.reviews(request.auth).prefetch_related("recommendations")


@router.get("/party/reviews", response=list[PartyReviewOut], summary="Reviews of stationed units")
def review_list(request):
    return [_review(r) for r in _reviews(request)[:2000]]


@router.post(
    "/party/reviews", response={201: PartyReviewOut}, summary="File a committee's yearly review"
)
def review_create(request, payload: PartyReviewIn):
    user = request.auth
    made = reviews.review_file(
        actor=user,
        committee=get_object_or_404(selectors.organisations(user), pk=payload.committee),
        stationed_unit=get_object_or_404(
            selectors.stationed_units(user), pk=payload.stationed_unit
        ),
        recommendations=[reviews.Advice(**a.dict()) for a in payload.recommendations],
        **payload.dict(exclude={"committee", "stationed_unit", "recommendations"}),
    )  # fmt: skip
    return Status(201, _review(_reviews(request).get(pk=made.pk)))
