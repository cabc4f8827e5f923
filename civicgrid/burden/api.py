"""API: the community duty lists (in force on a day, and their versions), importing a new
version, and the admission applications — the same rules as the pages. Tasks, complaints and
the burden are ``api_burden.py``'s."""

from __future__ import annotations

import builtins
import datetime as dt
from decimal import Decimal
from typing import Literal

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Schema
from ninja.files import UploadedFile
from ninja.responses import Status
from pydantic import Field

from civicgrid.accounts import permissions
from civicgrid.accounts.models import OrgUnit
from civicgrid.core.client import client_address
from civicgrid.core.errors import DomainError, ErrorCode
from civicgrid.duties.models import CommunityKind, ListType
from civicgrid.duties.services import in_force
from civicgrid.evaluation.models import Scheme

from . import admission
from .lists import import_file, item_dicts
from .models import Application

router = Router(tags=["duties"])


def _operation_id(name: str) -> str:
    """The operation's id as it was when these operations were the duty lists' app's."""
    return f"civicgrid_duties_api_{name}"


class ItemOut(Schema):
    code: str
    title: str
    basis: str
    department: str | None = Field(None, description="the unit's code")
    hours_per_month: float
    reports_per_year: int
    meetings_per_year: int
    funding_per_year: float
    effective_from: dt.date | None
    effective_to: dt.date | None
    case_classes: list[str]
    scheme: int | None
    score_card: int | None


class ListOut(Schema):
    kind: str
    list_type: str
    version: int | None
    effective_from: dt.date | None
    note: str
    items: list[ItemOut]


def _list(kind, list_type: str, on: dt.date) -> dict:
    version = in_force(kind, list_type, on)
    items = (
        list(version.items.select_related("department").prefetch_related("case_classes"))
        if version
        else []
    )
    return {
        "kind": kind.code,
        "list_type": list_type,
        "version": version.number if version else None,
        "effective_from": version.effective_from if version else None,
        "note": version.note if version else "",
        "items": item_dicts(items),
    }


class OnQuery(Schema):
    on: dt.date | None = Field(None, description="the day the lists are read for; today by default")


@router.get(
    "/duty-lists",
    response=list[ListOut],
    summary="The community duty lists in force",
    operation_id=_operation_id("duty_lists"),
)
def duty_lists(request, q: Query[OnQuery]):
    on = q.on or timezone.localdate()
    return [
        _list(kind, list_type, on)
        for kind in CommunityKind.objects.all()
        for list_type in ListType.values
    ]


class ImportIn(Schema):
    effective_from: dt.date = Field(..., examples=["2027-01-01"])
    note: str = Field("", max_length=300, examples=["2027 年清单"])
    dry_run: bool = False


class ImportOut(Schema):
    written: bool
    list: ListOut | None
    errors: builtins.list[dict]


@router.post(
    "/duty-lists/{kind}/{list_type}",
    response={200: ImportOut, 400: ImportOut},
    summary="Import a new version of a list (xlsx or csv, the whole list)",
    operation_id=_operation_id("duty_list_import"),
)
def duty_list_import(
    request,
    kind: str,
    list_type: Literal["statutory", "assisting", "negative", "assessment"],
    payload: Form[ImportIn],
    file: File[UploadedFile],
):
    if not permissions.can_manage_rules(request.auth):
        raise Http404
    kind_obj = get_object_or_404(CommunityKind, code=kind)
    version, errors = import_file(
        name=file.name or "",
        file=file,
        kind=kind_obj,
        list_type=list_type,
        effective_from=payload.effective_from,
        note=payload.note,
        actor=request.auth,
        address=client_address(request),
        dry_run=payload.dry_run,
    )
    body = {
        "written": version is not None,
        "list": _list(kind_obj, list_type, version.effective_from) if version else None,
        "errors": [
            {"row": e.row, "column": e.column, "value": e.value, "message": e.reason}
            for e in errors
        ],
    }
    return Status(400 if errors else 200, body)


class StepOut(Schema):
    action: str
    at: dt.datetime
    note: str


class ApplicationOut(Schema):
    id: int
    department: str
    list_type: str
    kinds: list[str]
    title: str
    reason: str
    basis: str
    hours_per_month: float
    reports_per_year: int
    meetings_per_year: int
    funding_per_year: float
    scheme: int | None
    starts_on: dt.date
    ends_on: dt.date | None
    status: str
    decision_due: dt.date
    decision: str
    item_code: str
    steps: list[StepOut]


def _application(a: Application) -> dict:
    return {
        "id": a.pk,
        "department": a.department.code,
        "list_type": a.list_type,
        "kinds": [k.code for k in a.kinds.all()],
        "title": a.title,
        "reason": a.reason,
        "basis": a.basis,
        "hours_per_month": float(a.hours_per_month),
        "reports_per_year": a.reports_per_year,
        "meetings_per_year": a.meetings_per_year,
        "funding_per_year": float(a.funding_per_year),
        "scheme": a.scheme_id,
        "starts_on": a.starts_on,
        "ends_on": a.ends_on,
        "status": a.status,
        "decision_due": a.decision_due,
        "decision": a.decision,
        "item_code": a.item_code,
        "steps": [{"action": s.action, "at": s.at, "note": s.note} for s in a.steps.all()],
    }


@router.get(
    "/admission-applications",
    response=list[ApplicationOut],
    summary="Applications",
    operation_id=_operation_id("application_list"),
)
def application_list(request):
    return [
        _application(a)
        for a in admission.application_list(user=request.auth).prefetch_related("steps")
    ]


class ApplicationIn(Schema):
    department: str = Field(..., description="your department's unit code", examples=["DEPT-mz"])
    list_type: Literal["assisting", "assessment"]
    kinds: list[str] = Field(..., examples=[["urban"]])
    title: str = Field(..., max_length=200, examples=["协助开展燃气安全宣传"])
    reason: str = Field(..., max_length=4000)
    basis: str = Field(..., max_length=300, examples=["《城镇燃气管理条例》"])
    hours_per_month: Decimal = Field(Decimal(0), ge=0, le=9999)
    reports_per_year: int = Field(0, ge=0, le=10_000)
    meetings_per_year: int = Field(0, ge=0, le=10_000)
    funding_per_year: Decimal = Field(Decimal(0), ge=0, le=Decimal("99999999"))
    scheme: int | None = None
    starts_on: dt.date
    ends_on: dt.date | None = None


@router.post(
    "/admission-applications",
    response={201: ApplicationOut},
    summary="Apply for admission",
    operation_id=_operation_id("application_create"),
)
def application_create(request, payload: ApplicationIn):
    department = OrgUnit.objects.filter(code=payload.department).first()
    if department is None:
        raise DomainError(
            _("No unit has this code or name."), code=ErrorCode.INVALID, field="department"
        )
    kinds = list(CommunityKind.objects.filter(code__in=payload.kinds))
    if len(kinds) != len(set(payload.kinds)):
        raise DomainError(_("Unknown kind of community."), code=ErrorCode.INVALID, field="kinds")
    fields = payload.dict(exclude={"department", "list_type", "kinds"})
    if payload.scheme is not None:
        fields["scheme"] = Scheme.objects.filter(pk=payload.scheme, template=False).first()
        if fields["scheme"] is None:
            raise DomainError(
                _("No working scheme has this id."), code=ErrorCode.INVALID, field="scheme"
            )
    application = admission.application_apply(
        actor=request.auth,
        department=department,
        kinds=kinds,
        list_type=payload.list_type,
        **fields,
    )
    return Status(201, _application(application))


class DecisionIn(Schema):
    admit: bool = Field(..., examples=[True])
    reasons: str = Field(..., max_length=4000, examples=["有法律依据，经费到位"])


@router.post(
    "/admission-applications/{application_id}/decision",
    response=ApplicationOut,
    summary="Admit or refuse (the review office)",
    operation_id=_operation_id("application_decide"),
)
def application_decide(request, application_id: int, payload: DecisionIn):
    application = get_object_or_404(
        admission.application_list(user=request.auth), pk=application_id
    )
    decided = admission.application_decide(
        application=application, admit=payload.admit, reasons=payload.reasons, actor=request.auth
    )
    return _application(decided)


class WithdrawIn(Schema):
    note: str = Field("", max_length=4000, examples=["宣传活动结束"])
    on: dt.date | None = None


@router.post(
    "/admission-applications/{application_id}/withdrawal",
    response=ApplicationOut,
    summary="Withdraw an application or an admitted item",
    operation_id=_operation_id("application_withdraw"),
)
def application_withdraw(request, application_id: int, payload: WithdrawIn):
    application = get_object_or_404(
        admission.application_list(user=request.auth), pk=application_id
    )
    withdrawn = admission.application_withdraw(
        application=application, actor=request.auth, note=payload.note, on=payload.on
    )
    return _application(withdrawn)
