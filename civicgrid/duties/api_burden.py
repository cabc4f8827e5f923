"""API: complaints of unadmitted work (file, list, the review office's finding) and each
community's burden (the ranking with the departments that load them, and one community) — the
same rules and scope as the pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.responses import Status
from pydantic import Field

from civicgrid.accounts.models import OrgUnit
from civicgrid.areas.models import Area
from civicgrid.core.errors import DomainError

from . import burden as b
from . import complaints
from .admission import DEPARTMENTS
from .burden_views import _number, years

router = Router(tags=["duties"])


class ComplaintIn(Schema):
    community: str = Field(..., description="your community's area code", examples=["310104001001"])
    department: str = Field(..., description="the department's unit code", examples=["DEPT-sj"])
    what: str = Field(..., max_length=200, examples=["每周报送门店消防检查台账"])
    details: str = Field(..., max_length=4000, examples=["11月20日电话通知，要求每周五前报送"])
    hours: Decimal = Field(Decimal(0), ge=0, le=9999, description="hours it takes a month")


class ComplaintOut(Schema):
    id: int
    community: str
    department: str
    what: str
    details: str
    hours: float
    case: str = Field(..., description="the case number")
    status: str
    finding: str
    decided_at: dt.datetime | None
    filed_at: dt.datetime


class FindingIn(Schema):
    upheld: bool = Field(..., examples=[True])
    finding: str = Field(..., max_length=4000, examples=["未经准入，责令停止下派"])


def _complaint(c) -> dict:
    return {
        "id": c.pk,
        "community": c.community.code,
        "department": c.department.code,
        "what": c.what,
        "details": c.details,
        "hours": float(c.hours),
        "case": c.case.number,
        "status": c.status,
        "finding": c.finding,
        "decided_at": c.decided_at,
        "filed_at": c.created_at,
    }


@router.post(
    "/community-complaints",
    response={201: ComplaintOut},
    summary="Report a department that pushed unadmitted work (a community's people)",
)
def complaint_file(request, payload: ComplaintIn):
    community = Area.objects.filter(code=payload.community).first()
    department = OrgUnit.objects.filter(code=payload.department, kind__in=DEPARTMENTS).first()
    if department is None:
        raise DomainError(_("No department has this code."), code="invalid", field="department")
    done = complaints.file(
        actor=request.auth,
        community=community,
        department=department,
        what=payload.what,
        details=payload.details,
        hours=payload.hours,
    )
    return Status(201, _complaint(done))


@router.get("/community-complaints", response=list[ComplaintOut], summary="Complaints you see")
def complaint_list(request):
    """The review office sees all; a department those about it; a community's people theirs."""
    return [_complaint(c) for c in complaints.visible(request.auth)[:500]]


@router.post(
    "/community-complaints/{complaint_id}/finding",
    response=ComplaintOut,
    summary="Uphold or dismiss a complaint, with reasons (the review office)",
)
def complaint_decide(request, complaint_id: int, payload: FindingIn):
    complaint = get_object_or_404(complaints.visible(request.auth), pk=complaint_id)
    done = complaints.decide(
        complaint=complaint, upheld=payload.upheld, finding=payload.finding, actor=request.auth
    )
    return _complaint(done)


class YearQuery(Schema):
    year: str | None = Field(None, description="default: this year", examples=["2026"])
    baseline: str | None = Field(None, description="default: the configured baseline year")


class BurdenOut(Schema):
    community: str
    name: str
    kind: str | None
    rank: int | None
    statutory: int
    assisting: int
    hours_per_month: float
    reports_per_year: int
    meetings_per_year: int
    tasks: int
    unadmitted_attempts: int
    funding_per_year: float
    yuan_per_hour: float | None
    baseline_hours_per_month: float
    change_percent: float | None


class DepartmentLoadOut(Schema):
    department: str
    hours_per_month: float
    communities: int
    unadmitted_attempts: int


class BurdenRankingOut(Schema):
    year: int
    baseline: int
    communities: list[BurdenOut]
    departments: list[DepartmentLoadOut]


class ItemLoadOut(Schema):
    list_type: str
    code: str
    title: str
    department: str | None
    tasks: int
    hours_per_month: float
    reports_per_year: int
    meetings_per_year: int
    funding_per_year: float
    over_estimate: bool


class CommunityBurdenOut(BurdenOut):
    year: int
    baseline: int
    items: list[ItemLoadOut]


def _burden(row, before) -> dict:
    return {
        "community": row.community.code,
        "name": row.community.name,
        "kind": row.kind.code if row.kind else None,
        "rank": row.rank,
        "statutory": row.statutory,
        "assisting": row.assisting,
        "hours_per_month": float(row.hours_per_month),
        "reports_per_year": row.reports_per_year,
        "meetings_per_year": row.meetings_per_year,
        "tasks": row.tasks,
        "unadmitted_attempts": row.refused,
        "funding_per_year": float(row.funding_per_year),
        "yuan_per_hour": _number(row.yuan_per_hour),
        "baseline_hours_per_month": float(before.hours_per_month),
        "change_percent": _number(b.change(row.hours_per_month, before.hours_per_month)),
    }


@router.get(
    "/community-burden",
    response=BurdenRankingOut,
    summary="The communities you see, most loaded first, and the departments that load them",
)
def burden_ranking(request, query: Query[YearQuery]):
    year, baseline = years(query.dict())
    communities = list(b.visible_communities(request.auth).order_by("code"))
    if not communities:
        raise Http404
    found, loads = b.compared(communities, year, baseline)
    codes = dict(
        OrgUnit.objects.filter(pk__in=[d.department_id for d in loads]).values_list("pk", "code")
    )
    return {
        "year": year,
        "baseline": baseline,
        "communities": [_burden(r, r.before) for r in found],
        "departments": [
            {
                "department": codes[d.department_id],
                "hours_per_month": float(d.hours_per_month),
                "communities": d.communities,
                "unadmitted_attempts": d.refused,
            }
            for d in loads
        ],
    }


@router.get(
    "/community-burden/{code}",
    response=CommunityBurdenOut,
    summary="One community's burden, item by item",
)
def burden_community(request, code: str, query: Query[YearQuery]):
    area = get_object_or_404(b.visible_communities(request.auth), code=code)
    year, baseline = years(query.dict())
    (row,) = b.burdens([area], year)
    (before,) = b.burdens([area], baseline)
    codes = dict(
        OrgUnit.objects.filter(pk__in=[i.department_id for i in row.items]).values_list(
            "pk", "code"
        )
    )
    return {
        **_burden(row, before),
        "year": year,
        "baseline": baseline,
        "items": [
            {
                "list_type": i.list_type,
                "code": i.code,
                "title": i.title,
                "department": codes.get(i.department_id),
                "tasks": i.tasks,
                "hours_per_month": float(i.hours_per_month),
                "reports_per_year": i.reports_per_year,
                "meetings_per_year": i.meetings_per_year,
                "funding_per_year": float(i.funding_per_year),
                "over_estimate": i.over_estimate,
            }
            for i in row.items
        ],
    }
