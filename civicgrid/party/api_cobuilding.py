"""API: co-building — agreements with their commitments, and the three lists they run on (needs,
resources; the projects are in ``api_projects``) — with the same rules and scope as the pages:
what the caller does not see is not found (404); the area's leaders write."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.responses import Status
from pydantic import Field

from . import cobuilding, selectors
from .api import _area, _today
from .models import (
    Agreement,
    Need,
    Resource,
)

router = Router(tags=["party building"])


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
