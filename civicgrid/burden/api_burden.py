"""API: complaints of unadmitted work (file, list, the review office's finding), each
community's burden (the ranking with the departments that load them, and one community), and
the tasks pushed to communities with the refused attempts — the same rules and scope as the
pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.responses import Status
from pydantic import Field

from civicgrid.accounts.models import OrgUnit
from civicgrid.areas.models import Area
from civicgrid.core.errors import DomainError, ErrorCode

from . import complaints, figures, tasks
from .admission import DEPARTMENTS
from .burden_views import _number, years

router = Router(tags=["duties"])


def _operation_id(name: str) -> str:
    """The operation's id as it was when these operations were the duty lists' app's."""
    return f"civicgrid_duties_api_burden_{name}"


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
    operation_id=_operation_id("complaint_file"),
)
def complaint_file(request, payload: ComplaintIn):
    community = Area.objects.filter(code=payload.community).first()
    department = OrgUnit.objects.filter(code=payload.department, kind__in=DEPARTMENTS).first()
    if department is None:
        raise DomainError(
            _("No department has this code."), code=ErrorCode.INVALID, field="department"
        )
    done = complaints.complaint_file(
        actor=request.auth,
        community=community,
        department=department,
        what=payload.what,
        details=payload.details,
        hours=payload.hours,
    )
    return Status(201, _complaint(done))


@router.get(
    "/community-complaints",
    response=list[ComplaintOut],
    summary="Complaints you see",
    operation_id=_operation_id("complaint_list"),
)
def complaint_list(request):
    """The review office sees all; a department those about it; a community's people theirs."""
    return [_complaint(c) for c in complaints.complaint_list(user=request.auth)[:500]]


@router.post(
    "/community-complaints/{complaint_id}/finding",
    response=ComplaintOut,
    summary="Uphold or dismiss a complaint, with reasons (the review office)",
    operation_id=_operation_id("complaint_decide"),
)
def complaint_decide(request, complaint_id: int, payload: FindingIn):
    complaint = get_object_or_404(complaints.complaint_list(user=request.auth), pk=complaint_id)
    done = complaints.complaint_decide(
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
        "change_percent": _number(figures.change(row.hours_per_month, before.hours_per_month)),
    }


@router.get(
    "/community-burden",
    response=BurdenRankingOut,
    summary="The communities you see, most loaded first, and the departments that load them",
    operation_id=_operation_id("burden_ranking"),
)
def burden_ranking(request, query: Query[YearQuery]):
    year, baseline = years(query.dict())
    communities = list(figures.visible_communities(request.auth).order_by("code"))
    if not communities:
        raise Http404
    found, loads = figures.compared(communities, year, baseline)
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
    operation_id=_operation_id("burden_community"),
)
def burden_community(request, code: str, query: Query[YearQuery]):
    area = get_object_or_404(figures.visible_communities(request.auth), code=code)
    year, baseline = years(query.dict())
    (row,) = figures.burdens([area], year)
    (before,) = figures.burdens([area], baseline)
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


# -- tasks pushed to communities (their operation ids as when they were beside the lists) --


class TaskIn(Schema):
    department: str = Field(..., description="your department's unit code", examples=["DEPT-mz"])
    communities: list[str] = Field(..., description="community area codes")
    kind: Literal["ledger", "report", "data", "meeting", "inspection"]
    title: str = Field(..., max_length=200, examples=["低保对象月报"])
    item_code: str = Field(..., description="the admitted list item it rests on", examples=["A-01"])
    every: Literal["once", "week", "month", "quarter", "year"]
    first_due: dt.date
    hours: Decimal = Field(Decimal(0), ge=0, le=9999)


class TaskOut(Schema):
    id: int
    department: str
    community: str
    kind: str
    title: str
    item_code: str
    every: str
    first_due: dt.date
    hours: float


class RefusalOut(Schema):
    source: str = Field(..., description="task, dispatch or complaint")
    department: str | None = Field(None, description="the unit that pushed (its code)")
    community: str
    case: str | None = Field(None, description="the case number (a dispatch or a complaint)")
    what: str
    rule: str
    at: dt.datetime


class PushedOut(Schema):
    tasks: list[TaskOut]
    refused: list[RefusalOut]


def _task(t) -> dict:
    return {
        "id": t.pk,
        "department": t.department.code,
        "community": t.community.code,
        "kind": t.kind,
        "title": t.title,
        "item_code": t.item_code,
        "every": t.every,
        "first_due": t.first_due,
        "hours": float(t.hours),
    }


def _refusal(r) -> dict:
    return {
        "source": r.source,
        "department": r.department.code if r.department_id else None,
        "community": r.community.code,
        "case": r.case.number if r.case_id else None,
        "what": r.what,
        "rule": r.rule,
        "at": r.created_at,
    }


@router.post(
    "/community-tasks",
    response={201: PushedOut, 409: PushedOut},
    summary="Push a recurring task to communities (only on an admitted item)",
    operation_id="civicgrid_duties_api_task_push",
)
def task_push(request, payload: TaskIn):
    department = OrgUnit.objects.filter(code=payload.department).first()
    if department is None:
        raise DomainError(
            _("No unit has this code or name."), code=ErrorCode.INVALID, field="department"
        )
    found = {a.code: a for a in Area.objects.filter(code__in=payload.communities)}
    for n, code in enumerate(payload.communities):
        if code not in found:
            raise DomainError(
                _("No area has this code."), code=ErrorCode.INVALID, field=f"communities.{n}"
            )
    done = tasks.task_push(
        actor=request.auth,
        department=department,
        communities=[found[c] for c in dict.fromkeys(payload.communities)],
        kind=payload.kind,
        title=payload.title,
        item_code=payload.item_code,
        every=payload.every,
        first_due=payload.first_due,
        hours=payload.hours,
    )
    body = {
        "tasks": [_task(t) for t in done.tasks],
        "refused": [_refusal(r) for r in done.refused],
    }
    # 201 when it reached a community; 409 when every community refused it (the rules cited)
    return Status(201 if done.tasks else 409, body)


@router.get(
    "/community-tasks",
    response=PushedOut,
    summary="Tasks and refused attempts you see",
    operation_id="civicgrid_duties_api_task_list",
)
def task_list(request):
    """The review office sees all; a department its own; a community's people theirs."""
    return {
        "tasks": [_task(t) for t in tasks.task_list(user=request.auth)[:500]],
        "refused": [_refusal(r) for r in tasks.refusal_list(user=request.auth)[:500]],
    }
