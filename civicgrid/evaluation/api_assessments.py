"""API: assessment schemes, rounds and their standings, one assessment with its scores and
appeals; scoring an item, appealing a score, deciding an appeal. The same rules as the pages:
an assessment is seen by its subject's side and by the leaders over it, or it is a 404."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile
from ninja.responses import Status
from pydantic import Field

from civicgrid.accounts import permissions
from civicgrid.accounts.models import OrgUnit, User
from civicgrid.areas.models import Area
from civicgrid.core.errors import DomainError, ErrorCode
from civicgrid.workforce.models import Worker

from .assessments import (
    appeal_decide,
    appeal_file,
    item_score,
    may_see,
    round_start,
    scheme_copy,
    standings,
)
from .models import Appeal, Assessment, AssessmentRound, ItemScore, Scheme
from .models.schemes import ANSWER_MAX, TEXT_MAX

router = Router(tags=["evaluation"])


class SchemeItemOut(Schema):
    id: int
    section: str
    title: str
    guidance: str
    points: float
    rule: str = Field(..., description="yes_no, scale, deduction or indicator")
    scale_top: int | None
    deduction: float | None
    indicator: str
    rated_by: str = Field(..., description="self, superior, peer, resident, third_party, system")
    evidence_required: bool


class SchemeOut(Schema):
    id: int
    name: str
    description: str
    subject: str = Field(..., description="unit, person or area")
    levels: list[dict]
    template: bool
    items: list[SchemeItemOut]


def _item(i) -> dict:
    return {
        "id": i.pk,
        "section": i.section,
        "title": i.title,
        "guidance": i.guidance,
        "points": float(i.weight),
        "rule": i.rule,
        "scale_top": i.scale_top,
        "deduction": float(i.deduction) if i.deduction is not None else None,
        "indicator": i.indicator,
        "rated_by": i.rated_by,
        "evidence_required": i.evidence_required,
    }


class RoundOut(Schema):
    id: int
    scheme: int
    scheme_name: str
    name: str
    period: str
    scoring_due: str
    appeals_due: str
    closed: bool


class SubjectOut(Schema):
    kind: str
    code: str
    name: str


def _subject(a: Assessment) -> dict:
    if a.unit is not None:
        return {"kind": "unit", "code": a.unit.code, "name": a.unit.name}
    if a.person is not None:
        return {"kind": "person", "code": a.person.username, "name": str(a.person)}
    if a.worker is not None:
        return {"kind": "worker", "code": str(a.worker.pk), "name": a.worker.name}
    assert a.area is not None  # one subject: a unit, a person, an area or a worker
    return {"kind": "area", "code": a.area.code, "name": a.area.name}


class StandingOut(Schema):
    assessment: int
    subject: SubjectOut
    points: float
    possible: float
    score: float | None
    level: str
    rank: int | None
    scored: int
    items: int
    cases: int | None = Field(
        ..., description="a scheme with indicator items: the subject's cases in the period"
    )
    reason: str | None = Field(
        ..., description="why not rated: too_few_cases (for its indicator items), or null"
    )


class AppealOut(Schema):
    id: int
    reason: str
    decision: str
    outcome: str
    points_before: float | None


class ScoreOut(Schema):
    id: int
    item: int
    value: str
    points: float
    note: str
    evidence: bool
    appeals: list[AppealOut]


class AssessmentOut(Schema):
    id: int
    round: RoundOut
    subject: SubjectOut
    standing: StandingOut
    items: list[SchemeItemOut]
    scores: list[ScoreOut]


def _round(r: AssessmentRound) -> dict:
    return {
        "id": r.pk,
        "scheme": r.scheme_id,
        "scheme_name": r.scheme.name,
        "name": r.name,
        "period": r.period,
        "scoring_due": r.scoring_due.isoformat(),
        "appeals_due": r.appeals_due.isoformat(),
        "closed": r.closed,
    }


def _standing(s) -> dict:
    return {
        "assessment": s.assessment.pk,
        "subject": _subject(s.assessment),
        "points": float(s.points),
        "possible": float(s.possible),
        "score": s.score,
        "level": s.level,
        "rank": s.rank,
        "scored": s.scored,
        "items": s.items,
        "cases": s.cases,
        "reason": s.reason or None,
    }


def _visible(user, rnd) -> list[Assessment]:
    qs = rnd.assessments.select_related("unit__area", "person", "area", "worker__area")
    return [a for a in qs if may_see(user, a)]


def _assessment(user, pk: int) -> Assessment:
    a = (
        Assessment.objects.select_related(
            "round__scheme", "unit__area", "person", "area", "worker__area"
        )
        .filter(pk=pk)
        .first()
    )
    if a is None or not may_see(user, a):
        raise Http404
    return a


def _detail(a: Assessment) -> dict:
    scores = a.scores.prefetch_related("appeals")
    return {
        "id": a.pk,
        "round": _round(a.round),
        "subject": _subject(a),
        "standing": _standing(standings(a.round, [a])[0]),
        "items": [_item(i) for i in a.round.scheme.items.all()],
        "scores": [
            {
                "id": s.pk,
                "item": s.item_id,
                "value": s.value,
                "points": float(s.points),
                "note": s.note,
                "evidence": bool(s.evidence),
                "appeals": [
                    {
                        "id": ap.pk,
                        "reason": ap.reason,
                        "decision": ap.decision,
                        "outcome": ap.outcome,
                        "points_before": float(ap.points_before)
                        if ap.points_before is not None
                        else None,
                    }
                    for ap in s.appeals.all()
                ],
            }
            for s in scores
        ],
    }


@router.get("/schemes", response=list[SchemeOut], summary="Assessment schemes and templates")
def scheme_list(request):
    return [
        {
            "id": s.pk,
            "name": s.name,
            "description": s.description,
            "subject": s.subject,
            "levels": s.levels,
            "template": s.template,
            "items": [_item(i) for i in s.items.all()],
        }
        for s in Scheme.objects.filter(active=True).prefetch_related("items")
    ]


@router.get("/assessment-rounds", response=list[RoundOut], summary="Assessment rounds you are in")
def round_list(request):
    return [
        _round(r)
        for r in AssessmentRound.objects.select_related("scheme")
        if _visible(request.auth, r)
    ]


@router.get(
    "/assessment-rounds/{round_id}/standings",
    response=list[StandingOut],
    summary="A round's standings",
)
def round_standings(request, round_id: int):
    rnd = get_object_or_404(AssessmentRound.objects.select_related("scheme"), pk=round_id)
    visible = _visible(request.auth, rnd)
    if not visible:
        raise Http404
    return [_standing(s) for s in standings(rnd, visible)]


@router.get("/assessments/{assessment_id}", response=AssessmentOut, summary="One assessment")
def assessment_detail(request, assessment_id: int):
    return _detail(_assessment(request.auth, assessment_id))


class ScoreIn(Schema):
    item: int = Field(..., description="the scheme item's id")
    value: str = Field(
        ...,
        max_length=ANSWER_MAX,
        description="yes/no, a level on the scale, or how many times",
        examples=["yes"],
    )
    note: str = Field("", max_length=TEXT_MAX, examples=["会议记录已抽查"])


@router.post("/assessments/{assessment_id}/scores", response=AssessmentOut, summary="Score an item")
def assessment_score(
    request,
    assessment_id: int,
    payload: Form[ScoreIn],
    # the stubs cannot see that django-ninja takes an optional upload this way
    evidence: File[UploadedFile] = None,  # type: ignore[assignment]
):
    a = _assessment(request.auth, assessment_id)
    item = a.round.scheme.items.filter(pk=payload.item).first()
    if item is None:
        raise Http404
    item_score(
        assessment=a,
        item=item,
        value=payload.value,
        actor=request.auth,
        note=payload.note,
        evidence=evidence,
    )
    return _detail(a)


class AppealIn(Schema):
    score: int = Field(..., description="the item score's id")
    reason: str = Field(..., max_length=TEXT_MAX, examples=["两项问题已于九月整改销号，附证明"])


@router.post(
    "/assessments/{assessment_id}/appeals", response=AssessmentOut, summary="Appeal a score"
)
def assessment_appeal(request, assessment_id: int, payload: AppealIn):
    a = _assessment(request.auth, assessment_id)
    score = get_object_or_404(ItemScore, pk=payload.score, assessment=a)
    appeal_file(score=score, reason=payload.reason, actor=request.auth)
    return _detail(a)


class AppealDecisionIn(Schema):
    upheld: bool = Field(..., examples=[True])
    outcome: str = Field(..., max_length=TEXT_MAX, examples=["核实两项已销号"])
    value: str | None = Field(None, max_length=ANSWER_MAX, description="the new answer when upheld")


@router.post("/appeals/{appeal_id}/decision", response=AssessmentOut, summary="Decide an appeal")
def appeal_decision(request, appeal_id: int, payload: AppealDecisionIn):
    appeal = get_object_or_404(Appeal.objects.select_related("score__assessment"), pk=appeal_id)
    a = _assessment(request.auth, appeal.score.assessment_id)
    appeal_decide(
        appeal=appeal,
        upheld=payload.upheld,
        outcome=payload.outcome,
        actor=request.auth,
        value=payload.value,
    )
    return _detail(a)


class CopyIn(Schema):
    name: str = Field("", max_length=120, examples=["2027 年党组织质量认证"])


def _manager(user) -> None:
    if not permissions.can_manage_rules(user):
        raise Http404  # district configuration: not there for anyone else


@router.post("/schemes/{scheme_id}/copy", response={201: SchemeOut}, summary="Copy a scheme")
def scheme_copy_api(request, scheme_id: int, payload: CopyIn):
    _manager(request.auth)
    scheme = get_object_or_404(Scheme, pk=scheme_id)
    copy = scheme_copy(scheme, name=payload.name)
    return Status(
        201,
        {
            "id": copy.pk,
            "name": copy.name,
            "description": copy.description,
            "subject": copy.subject,
            "levels": copy.levels,
            "template": copy.template,
            "items": [_item(i) for i in copy.items.all()],
        },
    )


class RoundIn(Schema):
    scheme: int
    name: str = Field(..., max_length=120, examples=["2026 年度认证"])
    period: str = Field(..., examples=["2026"])
    scoring_due: dt.date
    appeals_due: dt.date
    subjects: list[str] = Field(
        ..., description="unit codes, usernames, area codes or community workers' ids, as the "
        "scheme assesses",
        examples=[["310104001"]],
    )  # fmt: skip


@router.post("/assessment-rounds", response={201: RoundOut}, summary="Start an assessment round")
def round_create(request, payload: RoundIn):
    _manager(request.auth)
    scheme = get_object_or_404(Scheme, pk=payload.scheme, active=True)
    models: dict[str, type[OrgUnit] | type[User] | type[Area] | type[Worker]]
    models = {"unit": OrgUnit, "person": User, "area": Area, "worker": Worker}
    model = models[scheme.subject]
    key = {"person": "username", "worker": "pk"}.get(scheme.subject, "code")
    wanted = [c for c in payload.subjects if key != "pk" or c.isdigit()]
    found = {str(getattr(o, key)): o for o in model.objects.filter(**{f"{key}__in": wanted})}
    for n, code in enumerate(payload.subjects):
        if code not in found:
            raise DomainError(
                _("No %(kind)s has the code %(code)s.")
                % {"kind": scheme.get_subject_display(), "code": code},
                code=ErrorCode.INVALID,
                field=f"subjects.{n}",
            )
    rnd = round_start(
        scheme=scheme,
        name=payload.name,
        period=payload.period,
        subjects=[found[c] for c in dict.fromkeys(payload.subjects)],
        scoring_due=payload.scoring_due,
        appeals_due=payload.appeals_due,
    )
    return Status(201, _round(rnd))
