"""API: cases — intake, lists with filters and cards, detail, timeline, actions, duplicates.

Intake and actions take ``multipart/form-data`` (or url-encoded) fields so that photos travel
with them; a structured field (``answers``) is a JSON string. Each action is an operation of
its own, its body made from the action's schema (``api_actions.py``).
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Schema
from ninja.files import UploadedFile
from ninja.responses import Status
from pydantic import BaseModel, Field

from civicgrid.core.api.paging import PageParams, page
from civicgrid.core.api.schemas import Id, PageOut
from civicgrid.core.errors import DomainError, ErrorCode, NotFound
from civicgrid.registry.choices import AccessChannel
from civicgrid.routing.services import suggest

from . import answers, api_actions, selectors, transitions
from .api_actions import json_object
from .choices import Action
from .duplicates import duplicate_rows
from .errors import CasesError
from .models import Case
from .services import (
    Report,
    available_actions,
    case_answer,
    case_report,
    case_self_handle,
    case_transition,
    guards,
)
from .services.callback import reporter_phone_reveal
from .services.transition import case_roles

router = Router(tags=["cases"])


class CaseFields(BaseModel):
    """What a list of cases publishes of each. Validated as it is given (a dict of these
    fields): the duplicates listed after each report are read as values (cases.duplicates)."""

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


class CaseOut(Schema, CaseFields):
    """``CaseFields`` of a case (a model instance)."""

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


class AnswerOut(Schema):
    question: str
    answer: str


class CaseDetailOut(CaseOut):
    description: str
    answers: dict
    answers_text: list[AnswerOut] = Field(
        [], description="the answers as people read them: each question and answer by its label"
    )
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
    answered_from: str = Field(
        "",
        max_length=24,
        description="a consultation answered on the spot from this knowledge-base article "
        "(KB-12): recorded and closed at once (operators)",
    )
    note: str = ""


class CreatedOut(Schema):
    case: CaseDetailOut
    replayed: bool = Field(..., description="true when the idempotency key was seen before")
    duplicates: list[CaseFields]


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
        "lead_unit": case.lead_unit.name if case.lead_unit is not None else None,
        "visible": False,
    }


def detail_out(user, case: Case) -> Case:
    """The case with what the detail schema adds: contact (masked unless allowed), the actions
    the caller may take, and the routing suggestion while it waits for dispatch. A case just
    reported carries what the guards read of it (``facts``, set by the intake)."""
    # masked: the whole number only for the callback, revealed on its own request and audited
    case.reporter_phone = case.reporter_phone_masked
    case.answers_text = [
        {"question": q, "answer": a}
        for q, a in answers.lines(case.case_class.questions.all(), case.answers)
    ]
    case.merged_into_number = case.merged_into.number if case.merged_into is not None else None
    facts = getattr(case, "facts", None)
    if facts is None:
        case.actions = available_actions(user, case)
    else:  # what available_actions offers, from the facts the intake knows of its new case
        offered = transitions.available_actions(case.state, case_roles(user, case))
        case.actions = [a for a in offered if guards.refusal(a, facts) is None]
    case.suggestion = None
    if case.state == "registered":
        s = suggest(
            case_class=case.case_class, grid=case.grid, level=case.dispatch_level, case=case
        )
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
def case_create(request, payload: Form[CaseIn], photos: File[list[UploadedFile]] | None = None):
    fields = payload.dict()
    self_handle, note = fields.pop("self_handle"), fields.pop("note")
    answered_from = fields.pop("answered_from").strip()
    fields["answers"] = json_object(fields["answers"], "answers")
    report = Report(**fields, photos=list(photos or []))
    if self_handle and answered_from:
        raise DomainError(
            _("A case is either fixed on the spot or answered on the spot, not both."),
            code=ErrorCode.INVALID,
            field="answered_from",
        )
    if answered_from:
        try:
            case = case_answer(actor=request.auth, report=report, article=answered_from, note=note)
        except DomainError as exc:  # the article is what this request calls answered_from
            if exc.field == "article":
                exc.field = "answered_from"
            raise
    elif self_handle:
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
        "duplicates": duplicate_rows(user=request.auth, case=case),
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


class PhoneOut(Schema):
    phone: str
    tel: str


@router.post(
    "/cases/{case_id}/reporter-phone",
    response=PhoneOut,
    summary="The reporter's whole number, for the operator calling back (audited)",
    description=(
        "Only while the caller may call the reporter back on the case (a closed case, the "
        "operator's role there); every answer is written to the personal data audit. "
        "Anyone else: 404."
    ),
)
def case_reporter_phone(request, case_id: Id):
    case = selectors.case_detail(user=request.auth, case_id=case_id)
    phone = reporter_phone_reveal(
        user=request.auth, case=case, channel=AccessChannel.API, request=request
    )
    return {"phone": phone, "tel": f"tel:{phone}"}


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
            "actor": e.actor.username if e.actor is not None else None,
            "unit": e.actor_unit.name if e.actor_unit is not None else None,
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
    "/cases/{case_id}/duplicates",
    response=list[CaseFields],
    summary="Open cases that may be the same",
)
def case_duplicates(request, case_id: Id):
    case = selectors.case_detail(user=request.auth, case_id=case_id)
    return duplicate_rows(user=request.auth, case=case)


def _act(request, case_id: int, action: str, payload, photos) -> Case | dict:
    selectors.case_detail(user=request.auth, case_id=case_id)  # 404 when out of scope
    case = case_transition(
        case_id=case_id,
        action=action,
        actor=request.auth,
        note=payload.note,
        data=api_actions.given(action, payload),
        photos=list(photos or []),
        expected_version=payload.expected_version,
    )
    try:
        return detail_out(request.auth, _loaded(request.auth, case_id))
    except NotFound:  # the action took the case out of the caller's reach: say where it went
        return acted_out(case, action)


def _operation(action: str) -> None:
    """``POST /cases/{case_id}/actions/<action>``, with the action's own body."""
    body = api_actions.action_body(action)

    def act(request, case_id, payload, photos=None):
        return _act(request, case_id, action, payload, photos)

    act.__name__ = act.__qualname__ = f"case_{action}"
    act.__annotations__ = {
        "case_id": Id,
        "payload": Form[body],  # type: ignore[valid-type,misc]  # a class made at run time, read by ninja
        "photos": File[list[UploadedFile]],
    }
    router.post(
        f"/cases/{{case_id}}/actions/{action}",
        response={200: CaseDetailOut | ActedOut, 409: dict},
        summary=api_actions.summary(action),
        description=api_actions.description(action),
        operation_id=f"case_{action}",
    )(act)


for _action in Action.values:
    _operation(_action)


@router.post("/cases/{case_id}/actions/{action}", include_in_schema=False)
def case_action_unknown(request, case_id: Id, action: str):
    """Every action has its operation above: what reaches this is no action."""
    raise DomainError(_("Unknown action."), code=CasesError.UNKNOWN_ACTION, field="action")
