"""The screening campaigns API (``campaigns/services.py`` says the rules): campaigns with their
checklist and report, their visits and findings (each made a case once). A campaign for the users
who see it (its place's leaders and grid workers, those above and below); visits and findings of
the places each sees; anyone else: 404."""

from __future__ import annotations

import datetime as dt

from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.responses import Status
from pydantic import Field

from civicgrid.accounts.models import OrgUnit
from civicgrid.areas.models import Area
from civicgrid.registry.models import Building

from . import selectors, services
from .models import Campaign, Finding

router = Router(tags=["screening campaigns"])


class CampaignItemOut(Schema):
    id: int
    text: str
    findings: int
    cases: int
    rectified: int


class CampaignSummaryOut(Schema):
    id: int
    name: str
    theme: str
    scope: str = Field(..., description="the area's code")
    starts_on: dt.date
    ends_on: dt.date
    concluded_on: dt.date | None


class CampaignOut(CampaignSummaryOut):
    lead_unit: str | None
    case_class: str
    conclusion: str
    places_visited: int = Field(..., description="of the places you see")
    places_with_findings: int
    findings: int
    cases: int
    rectified: int
    items: list[CampaignItemOut]


def _campaign(request, c: Campaign) -> dict:
    report = selectors.report(request.auth, c)
    t = report["totals"]
    return {
        "id": c.pk, "name": c.name, "theme": c.theme, "scope": c.area.code,
        "starts_on": c.starts_on, "ends_on": c.ends_on,
        "lead_unit": c.lead_unit.code if c.lead_unit else None, "case_class": c.case_class,
        "concluded_on": c.concluded_on, "conclusion": c.conclusion,
        "places_visited": t["places"], "places_with_findings": t["with_findings"],
        "findings": t["findings"], "cases": t["cased"], "rectified": t["rectified"],
        "items": [{"id": i.pk, "text": i.text, "findings": row.get("n", 0),
                   "cases": row.get("cased", 0), "rectified": row.get("fixed", 0)}
                  for i, row in report["items"]],
    }  # fmt: skip


def _mine(request, campaign_id: int) -> Campaign:
    return get_object_or_404(selectors.campaigns(request.auth), pk=campaign_id)


@router.get("/campaigns", response=list[CampaignSummaryOut], summary="Screening campaigns")
def campaign_list(request):
    """The campaigns you see, newest first (the first 500); each one's report is
    ``GET /campaigns/{id}``."""
    return [
        {"id": c.pk, "name": c.name, "theme": c.theme, "scope": c.area.code,
         "starts_on": c.starts_on, "ends_on": c.ends_on, "concluded_on": c.concluded_on}
        for c in selectors.campaigns(request.auth)[:500]
    ]  # fmt: skip


@router.get("/campaigns/{campaign_id}", response=CampaignOut, summary="A screening campaign")
def campaign_detail(request, campaign_id: int):
    return _campaign(request, _mine(request, campaign_id))


class CampaignIn(Schema):
    scope: str = Field(..., description="a district's, street's or community's code",
                       examples=["310101001"])  # fmt: skip
    name: str = Field(..., max_length=100, examples=["暑期非法用工专项排查（2026）"])
    theme: str = Field(..., examples=["hiring"])
    starts_on: dt.date = Field(..., examples=["2026-07-01"])
    ends_on: dt.date = Field(..., examples=["2026-08-31"])
    items: list[str] = Field(..., examples=[["是否签订书面用工协议", "是否使用未满16周岁人员"]])
    lead_unit: str | None = Field(None, description="a unit's code")
    case_class: str = Field("", max_length=10, examples=["05012"])


@router.post("/campaigns", response={201: CampaignOut}, summary="Launch a campaign")
def campaign_launch(request, payload: CampaignIn):
    data = payload.dict()
    data["area"] = Area.objects.filter(code=data.pop("scope")).first()
    data["lead_unit"] = (get_object_or_404(OrgUnit, code=payload.lead_unit)
                         if payload.lead_unit else None)  # fmt: skip
    made = services.campaign_launch(actor=request.auth, **data)
    return Status(201, _campaign(request, _mine(request, made.pk)))


class CampaignConclusionIn(Schema):
    on: dt.date = Field(..., description="the day it was concluded: it had begun, and it has come",
                        examples=["2026-08-31"])  # fmt: skip
    conclusion: str = Field(
        ..., max_length=4000, examples=["共走访 120 处，发现问题 8 处，均已整改"]
    )


@router.post("/campaigns/{campaign_id}/conclusion", response=CampaignOut,
             summary="Conclude a campaign")  # fmt: skip
def campaign_conclude(request, campaign_id: int, payload: CampaignConclusionIn):
    """For the leaders of the campaign's place (anyone else: 404), once it has begun; a
    concluded campaign takes no more visits or findings."""
    campaign = _mine(request, campaign_id)
    services.campaign_conclude(actor=request.auth, campaign=campaign, on=payload.on,
                               conclusion=payload.conclusion)  # fmt: skip
    return _campaign(request, _mine(request, campaign_id))


class CampaignVisitOut(Schema):
    id: int
    grid: str
    building: str | None
    place: str
    visited_on: dt.date
    note: str
    findings: int


@router.get("/campaigns/{campaign_id}/visits", response=list[CampaignVisitOut],
            summary="A campaign's visits")  # fmt: skip
def visit_list(request, campaign_id: int):
    """The visits of the places you see, newest first (the first 1,000)."""
    campaign = _mine(request, campaign_id)
    return [
        {"id": v.pk, "grid": v.grid.code, "building": v.building.code if v.building else None,
         "place": v.place, "visited_on": v.visited_on, "note": v.note, "findings": getattr(v, "found", 0)}
        for v in selectors.visits(request.auth, campaign).order_by("-visited_on", "-pk")[:1000]
    ]  # fmt: skip


class CampaignVisitIn(Schema):
    grid: str = Field(..., description="a grid's code", examples=["310101001001001"])
    building: str | None = Field(None, description="the register's building code")
    place: str = Field("", max_length=200, examples=["幸福路 12 号 某某网吧"])
    visited_on: dt.date = Field(..., examples=["2026-07-15"])
    note: str = Field("", max_length=500)


@router.post("/campaigns/{campaign_id}/visits", response={201: CampaignVisitOut},
             summary="Record a visit")  # fmt: skip
def visit_record(request, campaign_id: int, payload: CampaignVisitIn):
    campaign = _mine(request, campaign_id)
    data = payload.dict()
    data["grid"] = Area.objects.filter(code=payload.grid).first()
    data["building"] = (get_object_or_404(Building, code=payload.building)
                        if payload.building else None)  # fmt: skip
    v = services.visit_record(actor=request.auth, campaign=campaign, **data)
    return Status(201, {"id": v.pk, "grid": v.grid.code, "place": v.place, "note": v.note,
                        "building": v.building.code if v.building else None,
                        "visited_on": v.visited_on, "findings": 0})  # fmt: skip


class CampaignFindingOut(Schema):
    id: int
    visit: int
    item: int
    description: str
    case: str | None
    rectified: bool


def _finding(f: Finding) -> dict:
    return {"id": f.pk, "visit": f.visit_id, "item": f.item_id, "description": f.description,
            "case": f.case.number if f.case else None,
            "rectified": bool(f.case and f.case.state == "closed")}  # fmt: skip


@router.get("/campaigns/{campaign_id}/findings", response=list[CampaignFindingOut],
            summary="A campaign's findings")  # fmt: skip
def finding_list(request, campaign_id: int):
    campaign = _mine(request, campaign_id)
    return [_finding(f) for f in selectors.findings(request.auth, campaign).order_by("-pk")[:1000]]


class CampaignFindingIn(Schema):
    visit: int = Field(..., examples=[1])
    item: int = Field(..., description="a checklist item's id", examples=[1])
    description: str = Field(..., max_length=2000, examples=["店内有未成年人上网"])


@router.post("/campaigns/{campaign_id}/findings", response={201: CampaignFindingOut},
             summary="Record a finding")  # fmt: skip
def finding_add(request, campaign_id: int, payload: CampaignFindingIn):
    campaign = _mine(request, campaign_id)
    visit = get_object_or_404(selectors.visits(request.auth, campaign), pk=payload.visit)
    item = campaign.items.filter(pk=payload.item).first()
    made = services.finding_add(actor=request.auth, visit=visit, item=item,
                                description=payload.description)  # fmt: skip
    return Status(201, _finding(made))


class CampaignFindingCaseIn(Schema):
    case_class: str = Field("", max_length=10, description="empty: the campaign's class",
                            examples=[""])  # fmt: skip


@router.post("/campaign-findings/{finding_id}/case", response={201: CampaignFindingOut},
             summary="Make a finding a case")  # fmt: skip
def finding_report(request, finding_id: int, payload: CampaignFindingCaseIn):
    finding = get_object_or_404(Finding.objects.select_related("visit__campaign"), pk=finding_id)
    if not selectors.findings(request.auth, finding.visit.campaign).filter(pk=finding.pk).exists():
        return get_object_or_404(Finding.objects.none(), pk=finding_id)
    services.finding_report(actor=request.auth, finding=finding, case_class=payload.case_class)
    return Status(201, _finding(Finding.objects.select_related("case").get(pk=finding.pk)))
