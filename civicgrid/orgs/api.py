"""API: the social-organisation register (the public directory for anyone logged in), tenders
with bids (multipart with the document), declarations, scores and the standings, award; subsidies
with their steps — the same rules and scope as the pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile
from ninja.responses import Status
from pydantic import Field

from civicgrid.accounts import permissions

from . import procurement, selectors, services
from .models import Organisation, Subsidy, Tender

router = Router(tags=["organisations"])


class OrganisationOut(Schema):
    id: int
    unit: str = Field(..., description="the organisation unit's code")
    name: str
    type: str
    credit_code: str
    serves: str = Field(..., description="the area's code")
    party_branch: str
    staff: int
    volunteers: int
    hub: str | None
    incubation: str
    rating: int | None
    honours: str
    contact_phone: str = Field(..., description="masked")


def _org(o: Organisation) -> dict:
    return {
        "id": o.pk, "unit": o.unit.code, "name": o.unit.name, "type": o.type,
        "credit_code": o.credit_code, "serves": o.service_area.code,
        "party_branch": o.party_branch, "staff": o.staff, "volunteers": o.volunteers,
        "hub": o.hub.name if o.hub else None, "incubation": o.incubation, "rating": o.rating,
        "honours": o.honours, "contact_phone": o.contact_phone_masked,
    }  # fmt: skip


@router.get("/organisations", response=list[OrganisationOut], summary="Social organisations")
def organisation_list(request):
    qs = Organisation.objects.select_related("unit", "service_area", "hub")
    return [_org(o) for o in qs[:1000]]


class BidStandingOut(Schema):
    bid: int
    organisation: str
    amount: float
    marks: list[float | None]
    total: float | None
    rank: int | None


class TenderOut(Schema):
    id: int
    title: str
    buyer: str
    area: str
    needs: str
    budget: float
    criteria: list[dict]
    deadline: dt.datetime
    status: str
    winner: int | None = Field(None, description="the winning bid")
    standings: list[BidStandingOut] = Field(
        ..., description="for the buyer's leaders and the panel, and for all once awarded"
    )


def _tender(t: Tender, user) -> dict:
    standings, _scores = selectors.tender_scores(user=user, tender=t)
    return {
        "id": t.pk, "title": t.title, "buyer": t.buyer.code, "area": t.area.code,
        "needs": t.needs, "budget": float(t.budget), "criteria": t.criteria,
        "deadline": t.deadline, "status": t.status, "winner": t.winner_id,
        "standings": [
            {"bid": r.bid.pk, "organisation": r.bid.organisation.unit.code,
             "amount": float(r.bid.amount),
             "marks": [float(m) if m is not None else None for m in r.marks],
             "total": float(r.total) if r.total is not None else None, "rank": r.rank}
            for r in standings
        ],
    }  # fmt: skip


@router.get("/tenders", response=list[TenderOut], summary="Tenders you may see")
def tender_list(request):
    return [_tender(t, request.auth) for t in selectors.tender_list(user=request.auth)[:200]]


@router.get("/tenders/{tender_id}", response=TenderOut, summary="One tender")
def tender_get(request, tender_id: int):
    return _tender(
        get_object_or_404(selectors.tender_list(user=request.auth), pk=tender_id), request.auth
    )


class BidIn(Schema):
    organisation: int = Field(..., description="your organisation's id", examples=[1])
    amount: Decimal = Field(..., gt=0, le=Decimal("9999999999"), examples=[150000])
    proposal: str = Field(..., max_length=8000, examples=["为辖区高龄老人提供助餐服务"])


class BidOut(Schema):
    id: int
    tender: int
    organisation: int
    amount: float


@router.post("/tenders/{tender_id}/bids", response={201: BidOut}, summary="Bid (multipart)")
def tender_bid(
    request,
    tender_id: int,
    payload: Form[BidIn],
    # not ``UploadedFile | None``: the OpenAPI document would offer a null file
    document: File[UploadedFile] = None,  # type: ignore[assignment]
):
    tender = get_object_or_404(selectors.tender_list(user=request.auth), pk=tender_id)
    organisation = Organisation.objects.filter(pk=payload.organisation).first()
    if organisation is None or not permissions.works_for(request.auth, organisation.unit_id):
        raise Http404
    made = procurement.bid_submit(
        actor=request.auth, tender=tender, organisation=organisation, amount=payload.amount,
        proposal=payload.proposal, document=document,
    )  # fmt: skip
    return Status(201, {"id": made.pk, "tender": tender.pk, "organisation": organisation.pk,
                        "amount": float(made.amount)})  # fmt: skip


class DeclarationIn(Schema):
    conflicts: list[int] = Field(default_factory=list, description="bid ids", examples=[[]])
    note: str = Field("", max_length=300)


@router.post("/tenders/{tender_id}/declaration", response=TenderOut, summary="Declare interests")
def tender_declare(request, tender_id: int, payload: DeclarationIn):
    tender = get_object_or_404(selectors.tender_list(user=request.auth), pk=tender_id)
    procurement.declaration_submit(actor=request.auth, tender=tender, note=payload.note,
                                   conflicts=list(tender.bids.filter(pk__in=payload.conflicts)))  # fmt: skip
    return _tender(tender, request.auth)


class BidScoreIn(Schema):
    bid: int = Field(..., examples=[1])
    points: list[Decimal] = Field(..., description="one per criterion, 0–100", examples=[[80, 70]])


@router.post("/tenders/{tender_id}/scores", response=TenderOut, summary="Score a bid")
def tender_score(request, tender_id: int, payload: BidScoreIn):
    tender = get_object_or_404(selectors.tender_list(user=request.auth), pk=tender_id)
    the_bid = get_object_or_404(tender.bids, pk=payload.bid)
    procurement.bid_score_all(actor=request.auth, bid=the_bid, points=payload.points)
    return _tender(tender, request.auth)


@router.post("/tenders/{tender_id}/award", response=TenderOut, summary="Award (the buyer)")
def tender_award(request, tender_id: int):
    tender = get_object_or_404(selectors.tender_list(user=request.auth), pk=tender_id)
    return _tender(procurement.tender_award(actor=request.auth, tender=tender), request.auth)


class SubsidyIn(Schema):
    organisation: int = Field(..., examples=[1])
    purpose: str = Field(..., max_length=200, examples=["孵化期运营补贴"])
    reason: str = Field(..., max_length=4000, examples=["新成立机构场地租金"])
    requested: Decimal = Field(..., gt=0, le=Decimal("9999999999"), examples=[30000])


class SubsidyOut(Schema):
    id: int
    organisation: int
    purpose: str
    requested: float
    status: str
    approved: float | None
    paid_on: dt.date | None


def _subsidy(x: Subsidy) -> dict:
    return {
        "id": x.pk, "organisation": x.organisation_id, "purpose": x.purpose,
        "requested": float(x.requested), "status": x.status,
        "approved": float(x.approved) if x.approved is not None else None, "paid_on": x.paid_on,
    }  # fmt: skip


@router.post("/subsidies", response={201: SubsidyOut}, summary="Apply for a subsidy")
def subsidy_apply(request, payload: SubsidyIn):
    organisation = Organisation.objects.filter(pk=payload.organisation).first()
    if organisation is None or not permissions.works_for(request.auth, organisation.unit_id):
        raise Http404
    made = services.subsidy_apply(actor=request.auth, organisation=organisation, purpose=payload.purpose,
                           reason=payload.reason, requested=payload.requested)  # fmt: skip
    return Status(201, _subsidy(made))


@router.get("/subsidies", response=list[SubsidyOut], summary="Approved and paid subsidies")
def subsidy_recipients(request):
    """The public list of recipients."""
    return [_subsidy(x) for x in selectors.subsidy_recipients()[:500]]
