"""The property oversight API (``estates/services.py`` says the rules): estates with who manages
them, service terms and the complaints about their service, and the district's blacklist of
property companies. Estates for the leaders
of their community and those above (anyone else: 404); phones masked."""

from __future__ import annotations

import datetime as dt

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.responses import Status
from pydantic import Field

from civicgrid.accounts.models import OrgUnit
from civicgrid.areas.models import Area
from civicgrid.core.api.schemas import given
from civicgrid.core.errors import refused
from civicgrid.participation.council_models import Council
from civicgrid.registry.models import Building

from . import complaints, selectors, services
from .models import Blacklisting, Estate, ServiceTerm

router = Router(tags=["property oversight"])


class EstateTermOut(Schema):
    id: int
    company: str = Field(..., description="the property company's unit code")
    company_name: str
    starts_on: dt.date
    ends_on: dt.date | None
    contact: str
    phone_masked: str
    blacklisted_then: bool
    ended_why: str


class EstateOut(Schema):
    id: int
    code: str
    name: str
    community: str
    buildings: list[str]
    owners_committee: int | None
    self_management: str = Field(..., description="none, owners, community or old_estate")
    arrangement: str
    managed: bool = Field(..., description="a property company manages it today")
    blacklisted: bool = Field(..., description="today's company is on the blacklist")
    terms: list[EstateTermOut]


def _estate(e: Estate) -> dict:
    return {
        "id": e.pk, "code": e.code, "name": e.name, "community": e.area.code,
        "buildings": [b.code for b in e.buildings.all()],
        "owners_committee": e.owners_committee_id, "self_management": e.self_management,
        "arrangement": e.arrangement, "managed": getattr(e, "managed", False),
        "blacklisted": getattr(e, "blacklisted", False),
        "terms": [{"id": t.pk, "company": t.company.code, "company_name": t.company.name,
                   "starts_on": t.starts_on, "ends_on": t.ends_on, "contact": t.contact,
                   "phone_masked": t.phone_masked, "blacklisted_then": t.blacklisted_then,
                   "ended_why": t.ended_why} for t in e.terms.select_related("company")],
    }  # fmt: skip


def _estates(request):
    return selectors.estates(request.auth).prefetch_related("buildings")


@router.get("/estates", response=list[EstateOut], summary="Estates and who manages them")
def estate_list(request, community: str | None = None, unmanaged: bool = False):
    qs = _estates(request)
    if community:
        qs = qs.filter(area__code=community)
    if unmanaged:
        qs = selectors.without_company(qs)
    return [_estate(e) for e in qs[:1000]]


@router.get("/estates/{estate_id}", response=EstateOut, summary="An estate")
def estate_detail(request, estate_id: int):
    return _estate(get_object_or_404(_estates(request), pk=estate_id))


class EstateComplaintOut(Schema):
    number: str
    reported_at: dt.datetime
    building: str | None = Field(..., description="the register's building code")
    lead_unit: str | None = Field(..., description="the unit handling it (its code)")
    state: str


@router.get("/estates/{estate_id}/complaints", response=list[EstateComplaintOut],
            summary="Complaints about an estate's property service")  # fmt: skip
def estate_complaints(request, estate_id: int):
    """Cases of the property complaint class (AP007) made in the estate's buildings that you
    see, newest first (the first 500)."""
    estate = get_object_or_404(_estates(request), pk=estate_id)
    return [
        {"number": c.number, "reported_at": c.reported_at, "state": c.state,
         "building": c.building.code if c.building else None,
         "lead_unit": c.lead_unit.code if c.lead_unit else None}
        for c in complaints.of_estate(estate, request.auth)[:500]
    ]  # fmt: skip


class EstateIn(Schema):
    community: str = Field(..., examples=["310199001001"])
    code: str = Field(..., max_length=40, examples=["XQ-001"])
    name: str = Field(..., max_length=100, examples=["梅园小区"])
    buildings: list[str] = Field([], description="the register's building codes")
    owners_committee: int | None = Field(None, description="an owners' council's id")
    self_management: str = Field("none", examples=["owners"])
    arrangement: str = Field("", max_length=300)


def _community(request, code: str) -> Area:
    """One of the communities the caller leads (another: 404)."""
    return get_object_or_404(
        Area.objects.filter(pk__in=[a.pk for a in selectors.communities(request.auth)]), code=code
    )


def _buildings(codes: list[str]) -> list[Building]:
    found = list(Building.objects.filter(code__in=codes).select_related("grid"))
    if len(found) != len(set(codes)):
        raise refused(_("No building has one of these codes."), "buildings")
    return found


def _council(pk: int | None) -> Council | None:
    return get_object_or_404(Council, pk=pk) if pk else None


def _fields(request, payload: EstateIn) -> dict:
    data = payload.dict()
    data["area"] = _community(request, data.pop("community"))
    data["buildings"] = _buildings(data["buildings"])
    data["owners_committee"] = _council(payload.owners_committee)
    return data


@router.post("/estates", response={201: EstateOut}, summary="Add an estate")
def estate_create(request, payload: EstateIn):
    made = services.estate_save(actor=request.auth, **_fields(request, payload))
    return Status(201, _estate(_estates(request).get(pk=made.pk)))


class EstatePatch(Schema):
    """Any of an estate's fields; what is left out stays as it is."""

    community: str | None = Field(None, examples=["310199001001"])
    code: str | None = Field(None, max_length=40, examples=["XQ-001"])
    name: str | None = Field(None, max_length=100, examples=["梅园小区"])
    buildings: list[str] | None = Field(None, description="the register's building codes (all "
                                        "of them: the list replaces the one before)")  # fmt: skip
    owners_committee: int | None = Field(None, description="an owners' council's id; null: none")
    self_management: str | None = Field(None, examples=["owners"])
    arrangement: str | None = Field(None, max_length=300)


@router.patch("/estates/{estate_id}", response=EstateOut, summary="Change an estate")
def estate_update(request, estate_id: int, payload: EstatePatch):
    """Only the fields sent change; the community's leaders (and those above) keep it."""
    estate = get_object_or_404(_estates(request), pk=estate_id)
    data = {
        "area": estate.area, "code": estate.code, "name": estate.name,
        "buildings": list(estate.buildings.select_related("grid")),
        "owners_committee": estate.owners_committee, "self_management": estate.self_management,
        "arrangement": estate.arrangement,
    }  # fmt: skip
    changes = given(payload, nullable=("owners_committee",))
    if "community" in changes:
        data["area"] = _community(request, changes.pop("community"))
    if "buildings" in changes:
        data["buildings"] = _buildings(changes.pop("buildings"))
    if "owners_committee" in changes:
        data["owners_committee"] = _council(changes.pop("owners_committee"))
    services.estate_save(actor=request.auth, estate=estate, **{**data, **changes})
    return _estate(_estates(request).get(pk=estate_id))


class EstateTermIn(Schema):
    company: str = Field(..., description="the property company's unit code", examples=["PM-01"])
    starts_on: dt.date = Field(..., examples=["2026-12-01"])
    contact: str = Field("", max_length=50, examples=["王经理"])
    phone: str = Field("", max_length=20, examples=["13812345678"])
    despite_blacklist: bool = Field(False, description="say you know the company is blacklisted")


@router.post("/estates/{estate_id}/terms", response={201: EstateOut},
             summary="Give the estate to a property company")  # fmt: skip
def term_give(request, estate_id: int, payload: EstateTermIn):
    estate = get_object_or_404(_estates(request), pk=estate_id)
    company = OrgUnit.objects.filter(code=payload.company).first()
    services.term_give(actor=request.auth, estate=estate,
                       **{**payload.dict(), "company": company})  # fmt: skip
    return Status(201, _estate(_estates(request).get(pk=estate_id)))


class EstateTermEndIn(Schema):
    ends_on: dt.date = Field(..., description="its last day", examples=["2026-12-31"])
    why: str = Field(..., max_length=200, examples=["合同到期，业主大会决定不再续聘"])


@router.post("/estates/{estate_id}/terms/{term_id}/end", response=EstateOut,
             summary="End a property company's service term")  # fmt: skip
def term_end(request, estate_id: int, term_id: int, payload: EstateTermEndIn):
    estate = get_object_or_404(_estates(request), pk=estate_id)
    term = get_object_or_404(ServiceTerm.objects.filter(estate=estate), pk=term_id)
    services.term_end(actor=request.auth, term=term, **payload.dict())
    return _estate(_estates(request).get(pk=estate_id))


class BlacklistOut(Schema):
    id: int
    company: str
    company_name: str
    reason: str
    listed_on: dt.date
    review_on: dt.date
    assessment: int | None
    lifted_on: dt.date | None
    lifted_why: str


def _entry(b: Blacklisting) -> dict:
    return {"id": b.pk, "company": b.company.code, "company_name": b.company.name,
            "reason": b.reason, "listed_on": b.listed_on, "review_on": b.review_on,
            "assessment": b.assessment_id, "lifted_on": b.lifted_on,
            "lifted_why": b.lifted_why}  # fmt: skip


@router.get("/property-blacklist", response=list[BlacklistOut], summary="The blacklist")
def blacklist(request):
    return [_entry(b) for b in selectors.blacklist(request.auth)]


class BlacklistIn(Schema):
    company: str = Field(..., examples=["PM-02"])
    reason: str = Field(..., max_length=2000, examples=["年度考核不合格，居民投诉集中"])
    listed_on: dt.date = Field(..., examples=["2026-12-01"])
    review_on: dt.date = Field(..., examples=["2027-06-01"])
    assessment: int | None = Field(None, description="the assessment it rests on")


@router.post("/property-blacklist", response={201: BlacklistOut}, summary="List a company")
def blacklist_add(request, payload: BlacklistIn):
    data = payload.dict()
    data["company"] = OrgUnit.objects.filter(code=payload.company).first()
    # evaluation's assessment, read through the relation (evaluation reads estates' figures)
    assessments = Blacklisting.assessment.field.related_model._default_manager  # type: ignore[union-attr]
    data["assessment"] = (assessments.filter(pk=payload.assessment).first()
                          if payload.assessment else None)  # fmt: skip
    if payload.assessment and data["assessment"] is None:
        raise refused(_("No assessment has the id %(id)s.") % {"id": payload.assessment},
                      "assessment")  # fmt: skip
    return Status(201, _entry(services.blacklist_add(actor=request.auth, **data)))


class BlacklistLiftIn(Schema):
    on: dt.date = Field(..., description="the day it is lifted (today or before)",
                        examples=["2027-06-01"])  # fmt: skip
    why: str = Field(..., max_length=300, examples=["整改到位，复核合格"])


@router.post("/property-blacklist/{entry_id}/lift", response=BlacklistOut,
             summary="Lift a blacklist entry")  # fmt: skip
def blacklist_lift(request, entry_id: int, payload: BlacklistLiftIn):
    """By the leaders over the company's place (anyone else: 404)."""
    entry = get_object_or_404(selectors.blacklist(request.auth), pk=entry_id)
    services.blacklist_lift(actor=request.auth, entry=entry, **payload.dict())
    return _entry(selectors.blacklist(request.auth).get(pk=entry_id))
