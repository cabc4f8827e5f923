"""API: the projects list (co-building, party-building, livelihood) and the claims on
party-building projects (认领), with the rules and scope of the pages: what the caller does not see
is not found (404); the area's leaders write. A member's claim shows only to whom sees the
roster."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.responses import Status
from pydantic import Field

from . import projects, selectors
from .api import _area
from .models import Claim, Project

router = Router(tags=["party building"])


class PartyProjectOut(Schema):
    id: int
    area: str
    title: str
    detail: str
    kind: str = Field(..., description="cobuilding, party or livelihood")
    sponsor: str = Field(..., description="a livelihood project's sponsor; empty otherwise")
    publisher: int | None = Field(
        None, description="the party organisation publishing or running it"
    )
    category: str
    need: int | None
    resources: list[int]
    agreement: int | None
    status: str
    starts_on: dt.date
    ends_on: dt.date | None
    beneficiaries: int


def _project(p: Project) -> dict:
    return {
        "id": p.pk, "area": p.area.code, "title": p.title, "detail": p.detail,
        "kind": p.kind, "sponsor": p.sponsor, "publisher": p.publisher_id,
        "category": p.category, "need": p.need_id,
        "resources": sorted(r.pk for r in p.resources.all()), "agreement": p.agreement_id,
        "status": p.status, "starts_on": p.starts_on, "ends_on": p.ends_on,
        "beneficiaries": p.beneficiaries,
    }  # fmt: skip


class PartyProjectIn(Schema):
    area: str = Field(..., description="a community's code")
    title: str = Field(..., max_length=200, examples=["义诊进社区"])
    detail: str = ""
    kind: str = Field(
        "cobuilding", examples=["party"], description="cobuilding, party or livelihood"
    )
    sponsor: str = Field("", examples=[""], description="for a livelihood project: who runs it")
    publisher: int | None = Field(
        None, description="a party organisation's id: required for a party-building project"
    )
    category: str
    starts_on: dt.date
    need: int | None = None
    resources: list[int] = []
    agreement: int | None = None


class PartyProgressIn(Schema):
    status: str = Field(..., examples=["done"])
    beneficiaries: int | None = Field(None, ge=0)
    ends_on: dt.date | None = None


def _projects(request):
    return selectors.projects(request.auth).prefetch_related("resources")


@router.get("/party/projects", response=list[PartyProjectOut], summary="The projects list")
def project_list(request):
    return [_project(p) for p in _projects(request)[:2000]]


@router.post("/party/projects", response={201: PartyProjectOut}, summary="Start a project")
def project_create(request, payload: PartyProjectIn):
    user = request.auth
    need = None
    if payload.need is not None:
        need = get_object_or_404(selectors.needs(user), pk=payload.need)
    agreement = None
    if payload.agreement is not None:
        agreement = get_object_or_404(selectors.agreements(user), pk=payload.agreement)
    publisher = None
    if payload.publisher is not None:
        publisher = get_object_or_404(selectors.organisations(user), pk=payload.publisher)
    chosen = list(selectors.resources(user).filter(pk__in=payload.resources))
    if len(chosen) != len(set(payload.resources)):
        raise Http404
    made = projects.project_start(
        actor=user, area=_area(request, payload.area), need=need, agreement=agreement,
        resources=chosen, publisher=publisher,
        **payload.dict(exclude={"area", "need", "agreement", "resources", "publisher"}),
    )  # fmt: skip
    return Status(201, _project(_projects(request).get(pk=made.pk)))


@router.post(
    "/party/projects/{project_id}/progress", response=PartyProjectOut, summary="Move a project on"
)
def project_moved(request, project_id: int, payload: PartyProgressIn):
    project = get_object_or_404(_projects(request), pk=project_id)
    projects.project_progress(actor=request.auth, project=project, **payload.dict())
    return _project(_projects(request).get(pk=project_id))


class PartyClaimOut(Schema):
    id: int
    project: int
    claimant: str = Field(..., description="organisation, member or stationed_unit")
    organisation: int | None
    member: int | None
    stationed_unit: int | None
    name: str = Field(..., description="the claimant's name")
    claimed_on: dt.date
    delivered_on: dt.date | None
    beneficiaries: int | None
    what_was_done: str
    withdrawn_on: dt.date | None


def _claim(c: Claim) -> dict:
    return {
        "id": c.pk, "project": c.project_id, "claimant": c.claimant,
        "organisation": c.organisation_id, "member": c.member_id,
        "stationed_unit": c.stationed_unit_id, "name": c.claimant_name,
        "claimed_on": c.claimed_on, "delivered_on": c.delivered_on,
        "beneficiaries": c.beneficiaries, "what_was_done": c.what_was_done,
        "withdrawn_on": c.withdrawn_on,
    }  # fmt: skip


class PartyClaimIn(Schema):
    claimant: str = Field(..., examples=["organisation"], description="organisation, member or "
                          "stationed_unit; give only that one's id")  # fmt: skip
    organisation: int | None = Field(None, description="a party organisation's id")
    member: int | None = Field(None, description="a roster member's id")
    stationed_unit: int | None = Field(None, description="a stationed unit's id")
    claimed_on: dt.date


class PartyDeliveryIn(Schema):
    delivered_on: dt.date
    beneficiaries: int = Field(..., ge=0, le=1_000_000, examples=[120])
    what_was_done: str = ""


class PartyWithdrawalIn(Schema):
    on: dt.date = Field(..., examples=["2026-05-01"])


@router.get(
    "/party/projects/{project_id}/claims",
    response=list[PartyClaimOut],
    summary="A project's claims",
)
def claim_list(request, project_id: int):
    project = get_object_or_404(_projects(request), pk=project_id)
    return [_claim(c) for c in selectors.claims(request.auth).filter(project=project)]


@router.post(
    "/party/projects/{project_id}/claims",
    response={201: PartyClaimOut},
    summary="Record a claim on a party-building project",
)
def claim_create(request, project_id: int, payload: PartyClaimIn):
    user = request.auth
    project = get_object_or_404(_projects(request), pk=project_id)

    def seen(pk: int | None, rows):
        return None if pk is None else get_object_or_404(rows, pk=pk)

    made = projects.claim_make(
        actor=user, project=project, claimant=payload.claimant, claimed_on=payload.claimed_on,
        organisation=seen(payload.organisation, selectors.organisations(user)),
        member=seen(payload.member, selectors.members(user)),
        stationed_unit=seen(payload.stationed_unit, selectors.stationed_units(user)),
    )  # fmt: skip
    return Status(201, _claim(made))


def _claim_seen(request, claim_id: int) -> Claim:
    return get_object_or_404(selectors.claims(request.auth), pk=claim_id)


@router.post(
    "/party/claims/{claim_id}/delivery",
    response=PartyClaimOut,
    summary="Record what a claim delivered",
)
def claim_delivered(request, claim_id: int, payload: PartyDeliveryIn):
    claim = projects.claim_deliver(
        actor=request.auth, claim=_claim_seen(request, claim_id), **payload.dict()
    )
    return _claim(claim)


@router.post(
    "/party/claims/{claim_id}/withdrawal", response=PartyClaimOut, summary="Withdraw a claim"
)
def claim_withdrawn(request, claim_id: int, payload: PartyWithdrawalIn):
    claim = projects.claim_withdraw(
        actor=request.auth, claim=_claim_seen(request, claim_id), on=payload.on
    )
    return _claim(claim)
