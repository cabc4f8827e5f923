"""API: cases — intake, lists with filters and cards, detail, timeline, actions, duplicates.

Intake and actions take ``multipart/form-data`` (or url-encoded) fields so that photos travel
with them; structured fields (``answers``, ``data``) are JSON strings.
"""

from __future__ import annotations

import datetime as dt
import json

from django.urls import reverse
from ninja import File, Form, Query, Router, Schema
from ninja.files import UploadedFile
from ninja.responses import Status
from pydantic import Field

from civicgrid.accounts import permissions
from civicgrid.api.paging import PageParams, page
from civicgrid.api.schemas import Id, PageOut
from civicgrid.core.errors import DomainError, NotFound

from . import selectors
from .models import Case
from .services import Report, available_actions, case_report, case_self_handle, case_transition

router = Router(tags=["cases"])


def _json(value: str, field: str) -> dict:
    if not value:
        return {}
    try:
        parsed = json.loads(value)
    except ValueError:
        raise DomainError("Not valid JSON.", code="invalid", field=field) from None
    if not isinstance(parsed, dict):
        raise DomainError("Give a JSON object.", code="invalid", field=field)
    return parsed


class CaseOut(Schema):
    id: int
    number: str
    kind: str
    class_code: str
    class_name: str
    channel: str
    state: str
    priority: str
    grid_code: str
    lon: float | None
    lat: float | None
    address: str
    lead_unit: str | None = None
    tier_opened: str
    tier_current: str
    tier_resolved: str
    card: str = Field("none", description="none, yellow or red at the moment of the request")
    reported_at: dt.datetime
    due_at: dt.datetime | None
    handle_due_at: dt.datetime | None
    closed_at: dt.datetime | None
    suspended: bool = False
    rating: str
    version: int

    @staticmethod
    def resolve_class_code(obj):
        return obj.case_class.code

    @staticmethod
    def resolve_class_name(obj):
        return obj.case_class.label

    @staticmethod
    def resolve_grid_code(obj):
        return obj.grid.code

    @staticmethod
    def resolve_lead_unit(obj):
        return obj.lead_unit.name if obj.lead_unit_id else None

    @staticmethod
    def resolve_suspended(obj):
        return obj.suspended_at is not None


class CaseDetailOut(CaseOut):
    description: str
    answers: dict
    anonymous: bool
    reporter_name: str
    reporter_phone: str = ""
    merged_into_number: str | None = None
    self_handled: bool
    return_count: int
    rework_count: int
    reopen_count: int
    actions: list[str] = Field([], description="What the caller may do now")
    suggestion: dict | None = Field(None, description="Routing suggestion while registered")


class EventOut(Schema):
    seq: int
    action: str
    from_state: str
    to_state: str
    at: dt.datetime
    actor: str | None
    unit: str | None
    note: str
    public: bool
    data: dict
    attachments: list[str]


class CaseQuery(Schema):
    q: str = Field("", description="a case number, or words of the description")
    state: str = Field("", description="a state, several comma-separated, or `open`")
    case_class: str = ""
    major: str = ""
    kind: str = ""
    channel: str = ""
    area: str = Field("", description="an area code: everything in its subtree")
    unit: str = Field("", description="the lead unit's id")
    card: str = Field("", description="yellow (includes red), red, overdue")
    tier: str = ""
    reported_from: str = Field("", description="YYYY-MM-DD")
    reported_to: str = Field("", description="YYYY-MM-DD")
    mine: str = Field("", description="1: cases assigned to your units")


class CaseIn(Schema):
    case_class: str = Field(..., description="class code, e.g. 06010", examples=["06010"])
    description: str = Field("", examples=["路口垃圾堆放三天无人清运"])
    channel: str = "web"
    lon: float | None = None
    lat: float | None = None
    gcj02: bool = False
    building: str = ""
    address: str = ""
    answers: str = Field("", description='JSON object of answers, e.g. {"volume": "small"}')
    reporter_name: str = ""
    reporter_phone: str = ""
    reporter_email: str = ""
    anonymous: bool = False
    idempotency_key: str = ""
    priority: str = ""
    self_handle: bool = Field(False, description="record and close at once (grid workers)")
    note: str = ""


class CreatedOut(Schema):
    case: CaseDetailOut
    replayed: bool = Field(..., description="true when the idempotency key was seen before")
    duplicates: list[CaseOut]


class ActionIn(Schema):
    note: str = Field("", examples=["已联系责任单位"])
    data: str = Field(
        "", description="JSON object of the action's fields", examples=['{"unit": 12}']
    )
    expected_version: int | None = Field(None, description="the version you saw; 409 if changed")


class ActedOut(Schema):
    """The answer to an action after which the caller no longer sees the case (a handler who
    returned it, or whose unit it was taken from): where it went, and nothing more."""

    id: int
    number: str
    action: str
    state: str = Field(..., description="the state the action left the case in")
    tier_current: str
    lead_unit: str | None = Field(None, description="the unit that holds it now, if any")
    visible: bool = Field(False, description="false: the case is out of your reach now")


def acted_out(case: Case, action: str) -> dict:
    return {
        "id": case.pk,
        "number": case.number,
        "action": action,
        "state": case.state,
        "tier_current": case.tier_current,
        "lead_unit": case.lead_unit.name if case.lead_unit_id else None,
        "visible": False,
    }


def detail_out(user, case: Case) -> Case:
    """The case with what the detail schema adds: contact (masked unless allowed), the actions
    the caller may take, and the routing suggestion while it waits for dispatch."""
    if permissions.can_view_reporter(user, case.grid.path) and case.reporter_phone_enc:
        case.reporter_phone = case.reveal("reporter_phone")
    else:
        case.reporter_phone = case.reporter_phone_masked
    case.merged_into_number = case.merged_into.number if case.merged_into_id else None
    case.actions = available_actions(user, case)
    case.suggestion = None
    if case.state == "registered":
        from civicgrid.routing.services import suggest

        s = suggest(case_class=case.case_class, grid=case.grid, level=case.dispatch_level)
        case.suggestion = {
            "unit": s.lead_unit.pk if s.lead_unit else None,
            "unit_name": s.lead_unit.name if s.lead_unit else None,
            "rule": s.rule.pk if s.rule else None,
            "reason": s.reason,
        }
    return case


def _loaded(user, case_id: int) -> Case:
    case = selectors.case_detail(user=user, case_id=case_id)
    case.card = selectors.card_of(case)
    return case


@router.get("/cases", response=PageOut[CaseOut], summary="Cases in scope, newest first")
def case_list(request, params: Query[PageParams], filters: Query[CaseQuery]):
    qs = selectors.case_list(user=request.auth, filters=selectors.CaseFilters(**filters.dict()))
    return page(qs, params, descending=True)


@router.post("/cases", response={201: CreatedOut, 200: CreatedOut}, summary="Report a case")
def case_create(request, payload: Form[CaseIn], photos: File[list[UploadedFile]] = None):
    fields = payload.dict()
    self_handle, note = fields.pop("self_handle"), fields.pop("note")
    fields["answers"] = _json(fields["answers"], "answers")
    report = Report(**fields, photos=list(photos or []))
    if self_handle:
        report_photos, report.photos = report.photos, []
        case = case_self_handle(
            actor=request.auth, report=report, after_photos=report_photos, note=note
        )
    else:
        case = case_report(actor=request.auth, report=report)
    replayed = getattr(case, "replayed", False)
    case.card = selectors.card_of(case)
    body = {
        "case": detail_out(request.auth, case),
        "replayed": replayed,
        "duplicates": selectors.visible_duplicates(user=request.auth, case=case),
    }
    return Status(200 if replayed else 201, body)


class RuleReturnsOut(Schema):
    rule: int
    target: str
    lead_unit: str
    dispatched: int
    returned: int
    share: float | None


@router.get(
    "/cases/returns-by-rule",
    response=list[RuleReturnsOut],
    summary="Returns (not our duty) per responsibility rule, for review",
)
def returns_by_rule(request, since: dt.date | None = None):
    rows = selectors.returns_by_rule(user=request.auth, since=since)
    return [
        {
            "rule": r["rule"].pk,
            "target": r["rule"].target_label(),
            "lead_unit": r["rule"].lead_unit.name,
            "dispatched": r["dispatched"],
            "returned": r["returned"],
            "share": r["share"],
        }
        for r in rows
    ]


@router.get("/cases/{case_id}", response=CaseDetailOut, summary="One case")
def case_detail(request, case_id: Id):
    return detail_out(request.auth, _loaded(request.auth, case_id))


@router.get("/cases/{case_id}/events", response=list[EventOut], summary="The case's timeline")
def case_events(request, case_id: Id):
    case = selectors.case_detail(user=request.auth, case_id=case_id)
    return [
        {
            "seq": e.seq,
            "action": e.action,
            "from_state": e.from_state,
            "to_state": e.to_state,
            "at": e.at,
            "actor": e.actor.username if e.actor_id else None,
            "unit": e.actor_unit.name if e.actor_unit_id else None,
            "note": e.note,
            "public": e.public,
            "data": e.data,
            "attachments": [
                reverse("cases:attachment", args=[case.pk, a.pk]) for a in e.attachments.all()
            ],
        }
        for e in selectors.case_events(user=request.auth, case=case)
    ]


@router.get(
    "/cases/{case_id}/duplicates", response=list[CaseOut], summary="Open cases that may be the same"
)
def case_duplicates(request, case_id: Id):
    case = selectors.case_detail(user=request.auth, case_id=case_id)
    return selectors.visible_duplicates(user=request.auth, case=case)


@router.post(
    "/cases/{case_id}/actions/{action}",
    response={200: CaseDetailOut | ActedOut, 409: dict},
    summary="Act on a case (register, dispatch, sign, report_handled, …)",
    description="Answers the case as the caller now sees it; when the action ends the caller's "
    "access (a handler returning a case), answers where the case went (`visible`: false).",
)
def case_action(
    request,
    case_id: Id,
    action: str,
    payload: Form[ActionIn],
    photos: File[list[UploadedFile]] = None,
):
    selectors.case_detail(user=request.auth, case_id=case_id)  # 404 when out of scope
    case = case_transition(
        case_id=case_id,
        action=action,
        actor=request.auth,
        note=payload.note,
        data=_json(payload.data, "data"),
        photos=list(photos or []),
        expected_version=payload.expected_version,
    )
    try:
        return detail_out(request.auth, _loaded(request.auth, case_id))
    except NotFound:  # the action took the case out of the caller's reach: say where it went
        return acted_out(case, action)
