"""API: party building — party organisations, stationed units and their seats, co-building
agreements with their commitments, and the three lists (needs, resources, projects) — with the
same rules and scope as the pages: what the caller does not see is not found (404); the area's
leaders write."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Schema
from ninja.responses import Status
from pydantic import Field

from civicgrid.accounts.scope import areas_visible_to

from . import cobuilding, reviews, selectors, services
from .choices import Setting
from .models import (
    Agreement,
    Need,
    PartyOrganisation,
    Resource,
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


# --- agreements -----------------------------------------------------------------------------


class PartyCommitmentOut(Schema):
    id: int
    side: str
    text: str
    due_on: dt.date | None
    done_on: dt.date | None


class PartyAgreementOut(Schema):
    id: int
    title: str
    party_organisation: int
    stationed_unit: int
    status: str
    in_force: bool
    signed_on: dt.date | None
    starts_on: dt.date
    ends_on: dt.date
    ended_on: dt.date | None
    ended_why: str
    commitments: list[PartyCommitmentOut]


def _agreement(a: Agreement) -> dict:
    return {
        "id": a.pk, "title": a.title, "party_organisation": a.party_organisation_id,
        "stationed_unit": a.stationed_unit_id, "status": a.status,
        "in_force": a.in_force_on(_today()), "signed_on": a.signed_on, "starts_on": a.starts_on,
        "ends_on": a.ends_on, "ended_on": a.ended_on, "ended_why": a.ended_why,
        "commitments": [
            {"id": c.pk, "side": c.side, "text": c.text, "due_on": c.due_on,
             "done_on": c.done_on}
            for c in a.commitments.all()
        ],
    }  # fmt: skip


class PartyPromiseIn(Schema):
    side: str = Field(..., examples=["unit"])
    text: str = Field(..., max_length=300, examples=["每季度开放职工活动室供社区老人使用"])
    due_on: dt.date | None = None

    def promise(self) -> cobuilding.Promise:
        return cobuilding.Promise(self.side, self.text, self.due_on)


class PartyAgreementIn(Schema):
    party_organisation: int
    stationed_unit: int
    title: str = Field(..., max_length=200, examples=["示范社区与区中心医院共驻共建协议"])
    starts_on: dt.date
    ends_on: dt.date
    commitments: list[PartyPromiseIn] = []


class PartySignIn(Schema):
    signed_on: dt.date = Field(..., examples=["2026-03-02"])


class PartyTerminateIn(Schema):
    on: dt.date = Field(..., examples=["2026-09-30"])
    why: str = Field(..., max_length=2000, examples=["单位迁出本社区"])


class PartyDoneIn(Schema):
    on: dt.date = Field(..., examples=["2026-04-01"])


def _agreements(request):
    return selectors.agreements(request.auth).prefetch_related("commitments")


@router.get("/party/agreements", response=list[PartyAgreementOut], summary="Co-building agreements")
def agreement_list(request):
    return [_agreement(a) for a in _agreements(request)[:2000]]


@router.get("/party/agreements/{agreement_id}", response=PartyAgreementOut, summary="One agreement")
def agreement_get(request, agreement_id: int):
    return _agreement(get_object_or_404(_agreements(request), pk=agreement_id))


@router.post("/party/agreements", response={201: PartyAgreementOut}, summary="Draft an agreement")
def agreement_create(request, payload: PartyAgreementIn):
    user = request.auth
    made = cobuilding.agreement_draft(
        actor=user,
        party_organisation=get_object_or_404(
            selectors.organisations(user), pk=payload.party_organisation
        ),
        stationed_unit=get_object_or_404(
            selectors.stationed_units(user), pk=payload.stationed_unit
        ),
        title=payload.title, starts_on=payload.starts_on, ends_on=payload.ends_on,
        commitments=[c.promise() for c in payload.commitments],
    )  # fmt: skip
    return Status(201, _agreement(made))


@router.post("/party/agreements/{agreement_id}/sign", response=PartyAgreementOut, summary="Sign")
def agreement_sign(request, agreement_id: int, payload: PartySignIn):
    agreement = get_object_or_404(_agreements(request), pk=agreement_id)
    cobuilding.agreement_sign(actor=request.auth, agreement=agreement, signed_on=payload.signed_on)
    return _agreement(_agreements(request).get(pk=agreement_id))


@router.post(
    "/party/agreements/{agreement_id}/terminate", response=PartyAgreementOut, summary="Terminate"
)
def agreement_end(request, agreement_id: int, payload: PartyTerminateIn):
    agreement = get_object_or_404(_agreements(request), pk=agreement_id)
    cobuilding.agreement_terminate(
        actor=request.auth, agreement=agreement, on=payload.on, why=payload.why
    )
    return _agreement(_agreements(request).get(pk=agreement_id))


@router.post(
    "/party/agreements/{agreement_id}/commitments/{commitment_id}/done",
    response=PartyAgreementOut,
    summary="Record a commitment as kept",
)
def commitment_kept(request, agreement_id: int, commitment_id: int, payload: PartyDoneIn):
    agreement = get_object_or_404(_agreements(request), pk=agreement_id)
    commitment = get_object_or_404(agreement.commitments.all(), pk=commitment_id)
    cobuilding.commitment_done(actor=request.auth, commitment=commitment, on=payload.on)
    return _agreement(_agreements(request).get(pk=agreement_id))


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


# --- the three lists ----------------------------------------------------------------------


class PartyNeedOut(Schema):
    id: int
    area: str
    title: str
    detail: str
    category: str
    raised_on: dt.date
    status: str


def _need(n: Need) -> dict:
    return {"id": n.pk, "area": n.area.code, "title": n.title, "detail": n.detail,
            "category": n.category, "raised_on": n.raised_on, "status": n.status}  # fmt: skip


class PartyNeedIn(Schema):
    area: str = Field(..., description="a community's code")
    title: str = Field(..., max_length=200)
    detail: str = ""
    category: str = Field(..., examples=["elderly"])
    raised_on: dt.date


class PartyResourceOut(Schema):
    id: int
    stationed_unit: int
    title: str
    detail: str
    kind: str
    category: str
    value: Decimal | None = Field(None, description="yuan")
    available: bool


def _resource(r: Resource) -> dict:
    return {"id": r.pk, "stationed_unit": r.stationed_unit_id, "title": r.title,
            "detail": r.detail, "kind": r.kind, "category": r.category, "value": r.value,
            "available": r.available}  # fmt: skip


class PartyResourceIn(Schema):
    stationed_unit: int
    title: str = Field(..., max_length=200)
    detail: str = ""
    kind: str = Field(..., examples=["venue"])
    category: str = Field(..., examples=["elderly"])
    value: Decimal | None = Field(None, ge=0, description="yuan")


@router.get("/party/needs", response=list[PartyNeedOut], summary="The needs list")
def need_list(request):
    return [_need(n) for n in selectors.needs(request.auth)[:2000]]


@router.post("/party/needs", response={201: PartyNeedOut}, summary="Raise a need")
def need_create(request, payload: PartyNeedIn):
    made = cobuilding.need_raise(
        actor=request.auth, area=_area(request, payload.area), **payload.dict(exclude={"area"})
    )
    return Status(201, _need(made))


@router.get(
    "/party/needs/{need_id}/matches",
    response=list[PartyResourceOut],
    summary="Resources that could meet a need",
)
def need_matches(request, need_id: int):
    need = get_object_or_404(selectors.needs(request.auth), pk=need_id)
    found = cobuilding.matches(need, today=_today(), among=selectors.resources(request.auth))
    return [_resource(r) for r in found]


@router.post("/party/needs/{need_id}/withdraw", response=PartyNeedOut, summary="Withdraw a need")
def need_withdrawn(request, need_id: int):
    need = get_object_or_404(selectors.needs(request.auth), pk=need_id)
    return _need(cobuilding.need_withdraw(actor=request.auth, need=need))


@router.get("/party/resources", response=list[PartyResourceOut], summary="The resources list")
def resource_list(request):
    return [_resource(r) for r in selectors.resources(request.auth)[:2000]]


@router.post("/party/resources", response={201: PartyResourceOut}, summary="Offer a resource")
def resource_create(request, payload: PartyResourceIn):
    user = request.auth
    unit = get_object_or_404(selectors.stationed_units(user), pk=payload.stationed_unit)
    made = cobuilding.resource_offer(
        actor=user, stationed_unit=unit, **payload.dict(exclude={"stationed_unit"})
    )
    return Status(201, _resource(made))
