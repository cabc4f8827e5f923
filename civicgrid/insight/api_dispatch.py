"""API: what dispatch reads, for staff clients (a command centre's wall, a hotline's system):
similar cases for a report being taken, repeat demands and hot spots (and recording what was
done), the weekly hot topics, and the rule changes learnt from returns (decided by the
district's administrators). The same checks as the pages; anyone else gets 404."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field

from civicgrid.cases.intake_views import may_take_reports
from civicgrid.catalogue.models import CaseClass
from civicgrid.core.api.paging import PageParams, page
from civicgrid.core.api.schemas import ErrorOut, PageOut
from civicgrid.core.client import client_address
from civicgrid.core.errors import TooManyAttempts

from . import repeats, returns, topics
from .repeat_models import RepeatAlert
from .repeat_views import may_open
from .rule_models import RuleSuggestion
from .similar import similar_cases
from .views import LIMIT

router = Router(tags=["cases"])


class SimilarParams(Schema):
    text: str = Field(..., max_length=500, description="what the caller says")
    lon: float = Field(..., ge=-180, le=180, allow_inf_nan=False, description="WGS84")
    lat: float = Field(..., ge=-90, le=90, allow_inf_nan=False, description="WGS84")
    case_class: str = Field("", max_length=5, description="the class chosen, if any")


class SimilarOut(Schema):
    number: str
    class_code: str
    state: str
    reported_at: dt.datetime
    metres: int
    score: float = Field(..., description="0–1: how alike the words are")
    same_class: bool


@router.get("/similar-cases", response={200: list[SimilarOut], 429: ErrorOut},
            summary="Open and recent cases near a place, alike in words (any class)")  # fmt: skip
def similar(request, params: Query[SimilarParams]):
    if not may_take_reports(request.auth):
        raise Http404
    if not LIMIT.hit(f"user:{request.auth.pk}"):
        raise TooManyAttempts(_("Too many requests: wait a little."))
    code = params.case_class.strip().upper()
    found = similar_cases(request.auth, text=params.text, lon=params.lon, lat=params.lat,
                          case_class=CaseClass.objects.filter(code=code).first() if code else None)  # fmt: skip
    return [{"number": s.case.number, "class_code": s.case.case_class.code, "state": s.case.state,
             "reported_at": s.case.reported_at, "metres": s.metres, "score": s.score,
             "same_class": s.same_class} for s in found]  # fmt: skip


class AlertOut(Schema):
    id: int
    kind: str = Field(..., description="repeat (one building or address) or hot_spot (a grid)")
    class_code: str
    grid: str
    place: str
    count: int
    expected: float | None = Field(None, description="a hot spot: the usual in as many days")
    first_at: dt.datetime
    last_at: dt.datetime
    raised_at: dt.datetime
    handled_at: dt.datetime | None
    note: str
    cases: list[str] = Field(..., description="the numbers of the cases behind it")


def _alert_out(a: RepeatAlert) -> dict:
    return {"id": a.pk, "kind": a.kind, "class_code": a.case_class.code, "grid": a.grid.code,
            "place": a.place, "count": a.count, "expected": a.expected, "first_at": a.first_at,
            "last_at": a.last_at, "raised_at": a.raised_at, "handled_at": a.handled_at,
            "note": a.note, "cases": [c.number for c in a.cases.all()]}  # fmt: skip


class AlertQuery(Schema):
    handled: bool = Field(False, description="the handled ones instead of the open ones")
    kind: Literal["repeat", "hot_spot"] | None = None


def _alerts(user):
    if not may_open(user):
        raise Http404
    return RepeatAlert.objects.visible_to(user).select_related(
        "case_class", "grid", "building").prefetch_related("cases")  # fmt: skip


@router.get("/repeat-alerts", response=PageOut[AlertOut],
            summary="Repeat demands and hot spots in scope, newest first")  # fmt: skip
def alert_list(request, params: Query[PageParams], query: Query[AlertQuery]):
    rows = _alerts(request.auth).filter(handled_at__isnull=not query.handled)
    if query.kind:
        rows = rows.filter(kind=query.kind)
    return page(rows.order_by("-id"), params, _alert_out, descending=True)


@router.get("/repeat-alerts/{alert_id}", response=AlertOut, summary="One repeat demand or hot spot")
def alert_get(request, alert_id: int):
    return _alert_out(get_object_or_404(_alerts(request.auth), pk=alert_id))


class HandledIn(Schema):
    note: str = Field(..., max_length=2000, examples=["已组织城管和物业联合整治"],
                      description="what was done about it")  # fmt: skip


@router.post("/repeat-alerts/{alert_id}/handled", response=AlertOut,
             summary="Record what was done about a repeat demand or hot spot")  # fmt: skip
def alert_handled(request, alert_id: int, payload: HandledIn):
    alert = get_object_or_404(_alerts(request.auth), pk=alert_id)
    return _alert_out(repeats.handled(actor=request.auth, alert=alert, note=payload.note))


class TopicOut(Schema):
    area: str
    area_name: str
    week: dt.date = Field(..., description="its Monday")
    reports: int
    usual: float = Field(..., description="reports a week in the four weeks before")
    classes: list[dict] = Field(..., description="{code, name, count, usual}, most risen first")
    words: list[dict] = Field(..., description="{word, count, usual}, most risen first")


class TopicQuery(Schema):
    week: dt.date | None = Field(None, description="a Monday; the newest made by default")


@router.get("/hot-topics", response=list[TopicOut],
            summary="The weekly hot topics of the areas in scope")  # fmt: skip
def hot_topics(request, query: Query[TopicQuery]):
    if not may_open(request.auth):
        raise Http404
    seen = topics.visible(request.auth)
    week = query.week or seen.order_by("-week").values_list("week", flat=True).first()
    return [{"area": r.area.code, "area_name": r.area.name, "week": r.week, "reports": r.reports,
             "usual": r.usual, "classes": r.classes, "words": r.words}
            for r in seen.filter(week=week).order_by("area__path")]  # fmt: skip


class RuleSuggestionOut(Schema):
    id: int
    class_code: str
    street: str
    from_unit: str
    to_unit: str
    dispatched: int
    returned: int
    kept: int
    status: str
    note: str
    rule: int | None


def _suggestion_out(s: RuleSuggestion) -> dict:
    return {"id": s.pk, "class_code": s.case_class.code, "street": s.area.code,
            "from_unit": s.from_unit.code, "to_unit": s.to_unit.code, "dispatched": s.dispatched,
            "returned": s.returned, "kept": s.kept, "status": s.status, "note": s.note,
            "rule": s.rule_id}  # fmt: skip


def _suggestions(user):
    if not returns.may_decide(user):
        raise Http404
    return RuleSuggestion.objects.select_related("case_class", "area", "from_unit", "to_unit")


@router.get("/rule-suggestions", response=PageOut[RuleSuggestionOut],
            summary="Routing-rule changes learnt from returns (administrators)")  # fmt: skip
def suggestion_list(request, params: Query[PageParams]):
    return page(_suggestions(request.auth).order_by("-id"), params, _suggestion_out,
                descending=True)  # fmt: skip


class RuleDecisionIn(Schema):
    accept: bool = Field(..., examples=[True], description="true writes the rule; false refuses")
    note: str = Field("", max_length=300, description="the reason (required to refuse)")


@router.post("/rule-suggestions/{suggestion_id}/decision", response=RuleSuggestionOut,
             summary="Accept (the rule is written) or refuse a suggested rule change")  # fmt: skip
def suggestion_decide(request, suggestion_id: int, payload: RuleDecisionIn):
    row = get_object_or_404(_suggestions(request.auth), pk=suggestion_id)
    if payload.accept:
        row = returns.accept(actor=request.auth, suggestion=row, address=client_address(request))
    else:
        row = returns.refuse(actor=request.auth, suggestion=row, note=payload.note)
    return _suggestion_out(row)
