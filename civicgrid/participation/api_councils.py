"""API: councils with their elections, meetings (the published summaries for everyone, the whole
record for those who run them), residents' opinions (collect, route, resolve, the resolution
rate) and claims — the same rules and scope as the pages."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal
from typing import Annotated, Literal

from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from ninja.responses import Status
from pydantic import Field

from civicgrid.accounts.models import OrgUnit
from civicgrid.accounts.scope import areas_around
from civicgrid.areas.choices import AreaLevel
from civicgrid.catalogue.models import CaseClass
from civicgrid.core.checks import limits

from . import councils, opinions
from .models import Claim, Council, Meeting, Opinion, Project, Proposal

router = Router(tags=["participation"])


def _communities(user):
    return areas_around(user).filter(level=AreaLevel.COMMUNITY)


class ElectionOut(Schema):
    held_on: dt.date
    seats: int
    eligible: int
    ballots: int
    invalid: int
    turnout: float
    elected: int


class CouncilOut(Schema):
    id: int
    community: str = Field(
        ..., description="the community's code (a street's, for a street consultation committee)"
    )
    kind: str
    name: str
    term_from: dt.date
    term_until: dt.date
    seats: int
    members: int
    elections: list[ElectionOut]


def _council_areas(user):
    return areas_around(user).filter(level__in=(AreaLevel.STREET, AreaLevel.COMMUNITY))


@router.get("/councils", response=list[CouncilOut], summary="Councils of your communities")
def council_list(request):
    out = []
    for c in Council.objects.filter(area__in=_council_areas(request.auth)).select_related("area"):
        out.append(
            {
                "id": c.pk, "community": c.area.code, "kind": c.kind, "name": c.name,
                "term_from": c.term_from, "term_until": c.term_until, "seats": c.seats,
                "members": councils.current_members(c).count(),
                "elections": [
                    {"held_on": e.held_on, "seats": e.seats, "eligible": e.eligible,
                     "ballots": e.ballots, "invalid": e.invalid, "turnout": float(e.turnout),
                     "elected": e.candidates.filter(elected=True).count()}
                    for e in c.elections.all()
                ],
            }
        )  # fmt: skip
    return out


class NoticeOut(Schema):
    id: int
    title: str
    body: str
    sent_at: dt.datetime


class NoticeIn(Schema):
    title: str = Field(..., max_length=200, examples=["街道 2027 年重点工作征求意见"])
    body: str = Field(
        ..., max_length=8000, examples=["附件为街道 2027 年重点工作安排，请于下周五前提出意见。"]
    )


def _council(request, council_id: int) -> Council:
    return get_object_or_404(Council.objects.filter(area__in=_council_areas(request.auth)),
                             pk=council_id)  # fmt: skip


def _notice(n) -> dict:
    return {"id": n.pk, "title": n.title, "body": n.body, "sent_at": n.sent_at}


@router.get("/councils/{council_id}/notices", response=list[NoticeOut],
            summary="Notices to a council's members")  # fmt: skip
def notice_list(request, council_id: int):
    return [_notice(n) for n in _council(request, council_id).notices.all()[:200]]


@router.post("/councils/{council_id}/notices", response={201: NoticeOut},
             summary="Send a notice to a council's members")  # fmt: skip
def notice_send(request, council_id: int, payload: NoticeIn):
    """Kept on the council and put in the inbox of each member with an account (a council
    member's role on a unit of the council's place). For those who convene there."""
    made = councils.notice_send(actor=request.auth, council=_council(request, council_id),
                                **payload.dict())  # fmt: skip
    return Status(201, _notice(made))


class MeetingTaskCaseOut(Schema):
    id: int
    number: str
    state: str = Field(..., description="the case's state in the loop (closed: solved)")


class MeetingTaskOut(Schema):
    task: str
    unit: str | None = Field(..., description="the unit responsible (its code)")
    due_on: dt.date
    solved: bool = Field(..., description="its case is closed, or it was marked done")
    case: MeetingTaskCaseOut | None = Field(
        ..., description="the case the task became; null when it is none, or when the meeting "
        "is a published one outside the areas you work in",
    )  # fmt: skip


def _task(t, yours: bool) -> dict:
    case = t.case if yours else None
    return {"task": t.task, "unit": t.unit.code if t.unit else None, "due_on": t.due_on,
            "solved": t.solved,
            "case": {"id": case.pk, "number": case.number, "state": case.state}
            if case is not None else None}  # fmt: skip


class ResolutionOut(Schema):
    text: str
    votes_for: int
    votes_against: int
    abstentions: int
    passed: bool
    tasks: list[MeetingTaskOut]


class MeetingOut(Schema):
    id: int
    area: str
    kind: str
    title: str
    starts_at: dt.datetime
    place: str
    status: str
    summary: str
    published_at: dt.datetime | None
    resolutions: list[ResolutionOut]
    signed_in: int = Field(..., description="how many signed in (never who)")
    present_as: dict[str, int] = Field(
        ..., description="how many signed in as each role (a joint property meeting's parties)"
    )


def _meeting(m: Meeting) -> dict:
    present = [a for a in m.attendees.all() if a.signed_in_at is not None]
    yours = getattr(m, "yours", True)  # a published meeting elsewhere: not its cases
    return {
        "id": m.pk, "area": m.area.code, "kind": m.kind, "title": m.title,
        "starts_at": m.starts_at, "place": m.place, "status": m.status, "summary": m.summary,
        "published_at": m.published_at,
        "resolutions": [
            {"text": r.text, "votes_for": r.votes_for, "votes_against": r.votes_against,
             "abstentions": r.abstentions, "passed": r.passed,
             "tasks": [_task(t, yours) for t in r.follow_ups.all()]}
            for r in m.resolutions.all()
        ],
        "signed_in": len(present),
        "present_as": dict(Counter(a.role for a in present if a.role)),
    }  # fmt: skip


@router.get("/meetings", response=list[MeetingOut], summary="Meetings")
def meeting_list(request, published: bool = False):
    """The meetings of the areas you work in; ``published=true`` for every published summary
    (the cases its tasks became only for the areas you work in)."""
    qs = Meeting.objects.select_related("area").prefetch_related(
        "resolutions__follow_ups__unit", "resolutions__follow_ups__case", "attendees"
    )
    around = areas_around(request.auth)
    if published:
        yours = Exists(around.filter(pk=OuterRef("area_id")))
        qs = qs.exclude(published_at=None).annotate(yours=yours)
    else:
        qs = qs.filter(area__in=around)
    return [_meeting(m) for m in qs.order_by("-starts_at")[:200]]


class OpinionIn(Schema):
    community: str = Field(
        ...,
        description="the community's code (a street's, for a street consultation "
        "committee member's opinion: channel committee)",
        examples=["310104001001"],
    )
    channel: Literal["visit", "meeting", "portal", "liaison", "committee"]
    text: Annotated[str, Field(**limits(Opinion, "text"), examples=["小区路灯太暗，夜间出行不便"])]
    collected_on: dt.date | None = None


class OpinionOut(Schema):
    id: int
    community: str
    channel: str
    text: str
    collected_on: dt.date
    route: str
    case: str | None
    proposal: int | None
    meeting: int | None
    resolved: bool
    resolution: str


def _opinion(o: Opinion, resolved: set) -> dict:
    return {
        "id": o.pk, "community": o.area.code, "channel": o.channel, "text": o.text,
        "collected_on": o.collected_on, "route": o.route,
        "case": o.case.number if o.case else None, "proposal": o.proposal_id,
        "meeting": o.meeting_id, "resolved": o.pk in resolved, "resolution": o.resolution,
    }  # fmt: skip


def _resolved(qs) -> set:
    return set(qs.filter(opinions.RESOLVED).values_list("pk", flat=True))


def _opinions(user):
    return Opinion.objects.filter(area__in=_council_areas(user)).select_related("area", "case")


@router.get("/opinions", response=list[OpinionOut], summary="Residents' opinions you see")
def opinion_list(request):
    qs = _opinions(request.auth)
    done = _resolved(qs)
    return [_opinion(o, done) for o in qs[:500]]


@router.post("/opinions", response={201: OpinionOut}, summary="Record an opinion")
def opinion_collect(request, payload: OpinionIn):
    area = _council_areas(request.auth).filter(code=payload.community).first()
    if area is None:
        raise Http404
    made = opinions.opinion_collect(
        actor=request.auth, area=area, channel=payload.channel, text=payload.text,
        collected_on=payload.collected_on,
    )  # fmt: skip
    return Status(201, _opinion(made, set()))


class RouteIn(Schema):
    to: Literal["case", "proposal", "agenda"]
    case_class: Annotated[str, Field(**limits(CaseClass, "code"), examples=["AP005"])] = ""
    meeting: int | None = None
    proposal: int | None = None


@router.post("/opinions/{opinion_id}/route", response=OpinionOut, summary="Route an opinion")
def opinion_route(request, opinion_id: int, payload: RouteIn):
    opinion = get_object_or_404(_opinions(request.auth), pk=opinion_id)
    done = opinions.opinion_route(
        actor=request.auth, opinion=opinion, to=payload.to, case_class=payload.case_class,
        meeting=Meeting.objects.filter(pk=payload.meeting or 0).first(),
        proposal=Proposal.objects.filter(pk=payload.proposal or 0).first(),
    )  # fmt: skip
    return _opinion(done, _resolved(Opinion.objects.filter(pk=done.pk)))


class ResolvedIn(Schema):
    resolution: Annotated[
        str, Field(**limits(Opinion, "resolution"), examples=["已协调物业更换路灯"])
    ]


@router.post(
    "/opinions/{opinion_id}/resolution", response=OpinionOut, summary="Record how it was resolved"
)
def opinion_resolve(request, opinion_id: int, payload: ResolvedIn):
    opinion = get_object_or_404(_opinions(request.auth), pk=opinion_id)
    done = opinions.opinion_resolve(
        actor=request.auth, opinion=opinion, resolution=payload.resolution
    )
    return _opinion(done, {done.pk})


class PeriodQuery(Schema):
    start: dt.date = Field(..., examples=["2026-01-01"])
    end: dt.date = Field(..., examples=["2026-12-31"])


class RateOut(Schema):
    community: str
    collected: int
    resolved: int
    rate: float | None


@router.get("/opinion-rates", response=list[RateOut], summary="Resolution rate per community")
def opinion_rates(request, query: Query[PeriodQuery]):
    rows = opinions.resolution_rates(
        areas=_communities(request.auth), start=query.start, end=query.end
    )
    return [
        {"community": r["area"].code, "collected": r["collected"], "resolved": r["resolved"],
         "rate": float(r["rate"]) if r["rate"] is not None else None}
        for r in rows
    ]  # fmt: skip


class ClaimIn(Schema):
    community: str = Field(..., examples=["310104001001"])
    claimant: Literal["party", "unit", "volunteer"]
    unit: str | None = Field(None, description="the organisation's unit code")
    volunteer: Annotated[str, Field(**limits(Claim, "volunteer"))] = ""
    project: int | None = None
    task: Annotated[str, Field(**limits(Claim, "task"), examples=["楼道清扫志愿服务"])] = ""
    hours: Annotated[Decimal, Field(**limits(Claim, "hours"))] = Decimal(0)


class ClaimOut(Schema):
    id: int
    community: str
    claimant: str
    unit: str | None
    project: int | None
    task: str
    hours: float


def _claim(c: Claim) -> dict:
    return {
        "id": c.pk, "community": c.area.code, "claimant": c.claimant,
        "unit": c.unit.code if c.unit else None, "project": c.project_id, "task": c.task,
        "hours": float(c.hours),
    }  # fmt: skip


@router.get("/claims", response=list[ClaimOut], summary="Claims in your communities")
def claim_list(request):
    qs = Claim.objects.filter(area__in=_communities(request.auth)).select_related("area", "unit")
    return [_claim(c) for c in qs[:500]]


@router.post("/claims", response={201: ClaimOut}, summary="Record a claim and its service hours")
def claim_record(request, payload: ClaimIn):
    area = _communities(request.auth).filter(code=payload.community).first()
    if area is None:
        raise Http404
    made = opinions.claim_record(
        actor=request.auth, area=area, claimant=payload.claimant, hours=payload.hours,
        task=payload.task, volunteer=payload.volunteer,
        unit=OrgUnit.objects.filter(code=payload.unit or "").first(),
        project=Project.objects.filter(pk=payload.project or 0).first(),
    )  # fmt: skip
    return Status(201, _claim(made))
