"""API: disputes — record one on its case, mediation sessions, follow-up visits."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Schema
from ninja.files import UploadedFile
from ninja.responses import Status
from pydantic import Field

from civicgrid.accounts.models import User
from civicgrid.cases import selectors as cases
from civicgrid.core.api.paging import PageParams, page
from civicgrid.core.api.schemas import Id, PageOut
from civicgrid.core.errors import DomainError, ErrorCode

from . import counsel, selectors, services

router = Router(tags=["disputes"])


class PartyOut(Schema):
    name: str
    role: str
    phone: str = Field(..., alias="phone_masked")
    person_id: int | None


class SessionOut(Schema):
    held_at: dt.datetime
    place: str
    minutes: str
    outcome: str
    mediators: list[str]
    has_agreement: bool

    @staticmethod
    def resolve_mediators(obj):
        return [u.username for u in obj.mediators.all()]

    @staticmethod
    def resolve_has_agreement(obj):
        return bool(obj.agreement)


class FollowUpOut(Schema):
    visited_at: dt.datetime
    satisfaction: str
    notes: str


class CounselOut(Schema):
    given_on: dt.date
    adviser: int | None = Field(..., alias="adviser_id", description="the legal adviser's id")
    panel: int | None = Field(..., alias="panel_id", description="the expert panel's id")
    by: str = Field(..., description="the adviser's name and firm, or the panel's name")
    opinion: str

    @staticmethod
    def resolve_by(obj):
        return f"{obj.adviser.name} ({obj.adviser.firm})" if obj.adviser else obj.panel.name


class DisputeOut(Schema):
    case_id: int
    case_number: str = Field(..., alias="case.number")
    risk: str
    complexity: str
    summary: str
    responsible_leader: str | None = None
    warnings: list[dict]
    resolved: bool
    parties: list[PartyOut]
    sessions: list[SessionOut]
    follow_ups: list[FollowUpOut]
    counsel: list[CounselOut]

    @staticmethod
    def resolve_counsel(obj):
        return list(obj.counsel.all())

    @staticmethod
    def resolve_responsible_leader(obj):
        return obj.responsible_leader.username if obj.responsible_leader_id else None

    @staticmethod
    def resolve_parties(obj):
        return list(obj.parties.all())

    @staticmethod
    def resolve_sessions(obj):
        return list(obj.sessions.all())

    @staticmethod
    def resolve_follow_ups(obj):
        return list(obj.follow_ups.all())


class PartyIn(Schema):
    name: str
    role: str = "applicant"
    phone: str = ""
    person_id: int | None = None


class DisputeIn(Schema):
    risk: str = Field(..., description="low, medium, high, critical", examples=["medium"])
    complexity: str = Field(
        ...,
        description="simple, complex, difficult, or building (the case's building has a "
        "mediation committee)",
    )
    summary: str = ""
    responsible_leader: str = Field("", description="username of the leader (difficult disputes)")
    parties: list[PartyIn]


class SessionIn(Schema):
    held_at: dt.datetime = Field(..., examples=["2026-11-20T14:00:00+08:00"])
    minutes: str = Field(..., examples=["双方同意由楼上住户修复防水层"])
    outcome: str = Field(..., description="agreed, partial, failed, adjourned")
    place: str = ""


class FollowUpIn(Schema):
    visited_at: dt.datetime = Field(..., examples=["2026-11-27T10:00:00+08:00"])
    satisfaction: str = Field(
        ..., description="satisfied, basic, dissatisfied", examples=["satisfied"]
    )
    notes: str = ""


@router.get("/disputes", response=PageOut[DisputeOut], summary="Disputes in scope, newest first")
def dispute_list(request, params: Query[PageParams], risk: str = "", unresolved: bool = False):
    qs = selectors.dispute_list(
        user=request.auth, risk=risk, unresolved=unresolved
    ).prefetch_related("parties", "sessions__mediators", "follow_ups")
    return page(qs, params, descending=True)


@router.get("/cases/{case_id}/dispute", response=DisputeOut, summary="The dispute of a case")
def dispute_detail(request, case_id: Id):
    return selectors.dispute_for_case(user=request.auth, case_id=case_id)


@router.post("/cases/{case_id}/dispute", response={201: DisputeOut}, summary="Record a dispute")
def dispute_create(request, case_id: Id, payload: DisputeIn):
    case = cases.case_detail(user=request.auth, case_id=case_id)
    leader = None
    if payload.responsible_leader:
        leader = User.objects.filter(username=payload.responsible_leader, is_active=True).first()
        if leader is None:
            raise DomainError("No such user.", code=ErrorCode.INVALID, field="responsible_leader")
    services.dispute_record(
        case=case,
        actor=request.auth,
        risk=payload.risk,
        complexity=payload.complexity,
        summary=payload.summary,
        leader=leader,
        parties=[services.PartyIn(**p.dict()) for p in payload.parties],
    )
    return Status(201, selectors.dispute_for_case(user=request.auth, case_id=case_id))


@router.post(
    "/cases/{case_id}/dispute/sessions",
    response={201: DisputeOut},
    summary="Record a mediation session",
)
def session_create(
    request,
    case_id: int,
    payload: Form[SessionIn],
    # the stubs cannot see that django-ninja takes an optional upload this way
    agreement: File[UploadedFile] = None,  # type: ignore[assignment]
):
    dispute = selectors.dispute_for_case(user=request.auth, case_id=case_id)
    services.session_add(dispute=dispute, actor=request.auth, agreement=agreement, **payload.dict())
    return Status(201, selectors.dispute_for_case(user=request.auth, case_id=case_id))


@router.post(
    "/cases/{case_id}/dispute/follow-ups",
    response={201: DisputeOut},
    summary="Record a follow-up visit",
)
def follow_up_create(request, case_id: Id, payload: FollowUpIn):
    dispute = selectors.dispute_for_case(user=request.auth, case_id=case_id)
    services.follow_up_add(dispute=dispute, actor=request.auth, **payload.dict())
    return Status(201, selectors.dispute_for_case(user=request.auth, case_id=case_id))


class CounselIn(Schema):
    adviser: int | None = Field(None, description="a legal adviser's id (or a panel's)")
    panel: int | None = Field(None, description="an expert panel's id (or an adviser's)")
    given_on: dt.date = Field(..., examples=["2026-12-01"])
    opinion: str = Field(..., max_length=4000, examples=["属于合同纠纷，建议先行调解"])


@router.post(
    "/cases/{case_id}/dispute/counsel",
    response={201: DisputeOut},
    summary="Record a legal adviser's or an expert panel's counsel",
)
def counsel_create(request, case_id: Id, payload: CounselIn):
    dispute = selectors.dispute_for_case(user=request.auth, case_id=case_id)
    advisers, panels = counsel.for_dispute(dispute)
    counsel.counsel_add(
        dispute=dispute, actor=request.auth, opinion=payload.opinion, given_on=payload.given_on,
        adviser=_one(advisers, payload.adviser, "adviser"), panel=_one(panels, payload.panel, "panel"),
    )  # fmt: skip
    return Status(201, selectors.dispute_for_case(user=request.auth, case_id=case_id))


def _one(qs, pk: int | None, field: str):
    if pk is None:
        return None
    found = qs.filter(pk=pk).first()
    if found is None:
        raise DomainError(_("Not one of the dispute's street's."), code=ErrorCode.INVALID,
                          field=field)  # fmt: skip
    return found
