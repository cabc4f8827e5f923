"""The API of community workers' assessments (``evaluation/workers.py``): a rater group's member
rates an item, the party organisation decides on a result, and the results sent to the party
organisations. An assessment the caller does not see is a 404."""

from __future__ import annotations

import datetime as dt

from django.db.models import F
from django.http import Http404
from ninja import Router, Schema
from pydantic import Field

from . import groups, workers
from .api_assessments import AssessmentOut, _assessment, _detail
from .models import Verdict
from .models.schemes import ANSWER_MAX, TEXT_MAX

router = Router(tags=["evaluation"])


class GroupRatingIn(Schema):
    item: int = Field(..., description="the scheme item's id (rated by a group)", examples=[12])
    value: str = Field(
        ..., max_length=ANSWER_MAX, description="a level on the item's scale", examples=["4"]
    )


@router.post(
    "/assessments/{assessment_id}/group-ratings",
    response=AssessmentOut,
    summary="Rate a community worker's item as a member of its rater group",
    description="The work station's staff or the residents' committee: each member rates; the "
    "item's points are the group's mean. Rating again replaces your answer. Nobody is shown who "
    "rated.",
)
def group_rate(request, assessment_id: int, payload: GroupRatingIn):
    a = _assessment(request.auth, assessment_id)
    item = a.round.scheme.items.filter(pk=payload.item).first()
    if item is None:
        raise Http404
    groups.group_rate(assessment=a, item=item, value=payload.value, actor=request.auth)
    return _detail(a)


class VerdictOut(Schema):
    id: int
    assessment: int
    round: int
    worker: int = Field(..., description="the community worker's id")
    worker_name: str
    organisation: int = Field(..., description="the party organisation's id")
    organisation_name: str
    score: float | None = Field(..., description="the score when the result was sent")
    level: str
    sent_at: dt.datetime
    decision: str = Field(..., description="pending, reward, renew, keep or dismiss")
    reasons: str
    decided_on: dt.date | None


def _verdict(v: Verdict) -> dict:
    a = v.assessment
    assert a.worker is not None  # a verdict is a community worker's
    return {
        "id": v.pk,
        "assessment": a.pk,
        "round": a.round_id,
        "worker": a.worker_id,
        "worker_name": a.worker.name,
        "organisation": v.organisation_id,
        "organisation_name": str(v.organisation),
        "score": float(v.score) if v.score is not None else None,
        "level": v.level,
        "sent_at": v.sent_at,
        "decision": v.decision,
        "reasons": v.reasons,
        "decided_on": v.decided_on,
    }


@router.get(
    "/worker-verdicts",
    response=list[VerdictOut],
    summary="Community workers' results sent to the party organisations",
    description="Those of the party organisations you act for, and of the workers whose roster "
    "you keep; the pending first (at most 500).",
)
def verdict_list(request):
    first = F("decided_on").asc(nulls_first=True)
    rows = workers.verdicts(request.auth).order_by(first, "-sent_at", "pk")[:500]
    return [_verdict(v) for v in rows]


class VerdictIn(Schema):
    decision: str = Field(..., description="reward, renew, keep or dismiss", examples=["renew"])
    reasons: str = Field(..., max_length=TEXT_MAX, examples=["年度考核优秀，群众评价好"])
    on: dt.date = Field(
        ...,
        description="the day decided (a dismissal: the day they leave)",
        examples=["2026-12-20"],
    )
    until: dt.date | None = Field(
        None, description="for a renewal: the new term's end", examples=["2029-12-31"]
    )


@router.post(
    "/worker-verdicts/{verdict_id}/decision",
    response=VerdictOut,
    summary="The party organisation's decision on a community worker's result",
    description="Dismissal records that the worker left on the day; a renewal extends the term.",
)
def verdict_decide(request, verdict_id: int, payload: VerdictIn):
    found = workers.verdicts(request.auth).filter(pk=verdict_id).first()
    if found is None:
        raise Http404
    v = workers.decide(verdict=found, actor=request.auth, **payload.dict())
    return _verdict(workers.verdicts(request.auth).get(pk=v.pk))
