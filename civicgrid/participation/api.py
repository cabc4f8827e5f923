"""API: residents' votes — micro-project calls, option votes and elections (the disclosure of
each), making one, proposing, the council's deliberation, casting or changing a ballot (with the voter's proof), the count, and each chosen
project's progress, spending (multipart with the receipt), acceptance and ratings — the same
rules and scope as the pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile
from ninja.responses import Status
from pydantic import Field

from civicgrid.accounts.models import OrgUnit
from civicgrid.accounts.scope import areas_visible_to
from civicgrid.core.api.schemas import ErrorOut
from civicgrid.core.checks import limits
from civicgrid.core.errors import DomainError, ErrorCode
from civicgrid.registry.api_identity import ProofIn

from . import projects, services, tally, voting
from .council_models import Council
from .models import Call, Project, Proposal, Purpose, Rating, Spending
from .selectors import calls_visible, disclosure, public_calls

router = Router(tags=["participation"])


class CallIn(Schema):
    area: str = Field(..., description="a community's or street's code", examples=["310104001001"])
    title: Annotated[str, Field(**limits(Call, "title"), examples=["2027年民生微实事"])]
    description: Annotated[str, Field(**limits(Call, "description"))] = ""
    requirements: Annotated[str, Field(**limits(Call, "requirements"))] = ""
    purpose: Literal["projects", "options", "election"] = Field(
        "projects", description="micro-projects, an option vote of all residents or an election"
    )
    budget: Decimal | None = Field(
        None, gt=0, le=Decimal("9999999999"), examples=[200000],
        description="micro-projects only (required there)",
    )  # fmt: skip
    cap_works: Decimal = Field(Decimal(0), ge=0, le=Decimal("9999999999"))
    cap_services: Decimal = Field(Decimal(0), ge=0, le=Decimal("9999999999"))
    cap_goods: Decimal = Field(Decimal(0), ge=0, le=Decimal("9999999999"))
    proposals_from: dt.date
    proposals_until: dt.date
    voting_from: dt.datetime
    voting_until: dt.datetime
    method: Literal["approval", "budget"] = "approval"
    max_choices: Annotated[int, Field(**limits(Call, "max_choices"))] = 0
    min_age: Annotated[int, Field(**limits(Call, "min_age"))] = 18
    council: int | None = Field(None, description="an election's residents' committee or council")
    seats: int | None = Field(None, ge=1, le=100, description="an election's seats to fill")
    majority: Annotated[int, Field(**limits(Call, "majority"))] = 50


class ProposalOut(Schema):
    id: int
    title: str
    description: str
    beneficiaries: str
    kind: str
    cost: float
    address: str
    proposer: str
    proposer_unit: str | None = Field(None, description="the unit's name (never a person's)")
    status: str
    reasons: str
    votes: int | None
    rank: int | None
    nominations: int = Field(..., description="an election's: residents who nominated")


class PaymentOut(Schema):
    spent_on: dt.date
    item: str
    amount: float


class ProjectOut(Schema):
    id: int
    proposal: int
    implementer: str
    progress: int
    spent: float
    payments: list[PaymentOut]
    accepted_on: dt.date | None
    acceptance: str
    ratings: int
    average_rating: float | None


class CallOut(Schema):
    id: int
    purpose: str
    area: str
    council: int | None
    title: str
    description: str
    requirements: str
    stage: str
    budget: float
    caps: dict[str, float]
    proposals_from: dt.date
    proposals_until: dt.date
    voting_from: dt.datetime
    voting_until: dt.datetime
    method: str
    max_choices: int
    min_age: int
    majority: int
    eligible_voters: int
    voters: int
    ballots: int
    roll: int | None = Field(..., description="voters on the roll when counted")
    stands: bool | None = Field(..., description="an election or option vote: more than half voted")
    tallied_at: dt.datetime | None
    tally_digest: str
    proposals: list[ProposalOut]
    projects: list[ProjectOut]


def _call_out(call: Call) -> dict:
    d = disclosure(call)
    return {
        "id": call.pk,
        "purpose": call.purpose,
        "area": call.area.code,
        "council": call.council_id,
        "title": call.title,
        "description": call.description,
        "requirements": call.requirements,
        "stage": d["stage"],
        "budget": float(call.budget),
        "caps": {k: float(call.cap(k)) for k in ("works", "services", "goods")},
        "proposals_from": call.proposals_from,
        "proposals_until": call.proposals_until,
        "voting_from": call.voting_from,
        "voting_until": call.voting_until,
        "method": call.method,
        "max_choices": call.max_choices,
        "min_age": call.min_age,
        "majority": call.majority,
        "eligible_voters": d["eligible"],
        "voters": d["voters"],
        "ballots": call.ballots,
        "roll": call.roll,
        "stands": call.stands,
        "tallied_at": call.tallied_at,
        "tally_digest": call.tally_digest,
        "proposals": [proposal_out(p) for p in d["public_proposals"]],
        "projects": [_project(p.project) for p in d["won"] if call.purpose == Purpose.PROJECTS],
    }


def proposal_out(p: Proposal) -> dict:
    unit = p.proposer_unit.name if p.proposer_unit and p.proposer != "resident" else None
    return {
        "id": p.pk,
        "title": p.title,
        # a nominator's words stay on the staff page: nobody is shown who nominated or why
        "description": "" if p.proposer == Proposal.Proposer.NOMINATION else p.description,
        "beneficiaries": p.beneficiaries,
        "kind": p.kind,
        "cost": float(p.cost),
        "address": p.address,
        "proposer": p.proposer,
        "proposer_unit": unit,
        "status": p.status,
        "reasons": p.reasons,
        "votes": p.votes,
        "rank": p.rank,
        "nominations": p.nominations,
    }


def _project(project: Project) -> dict:
    payments = list(project.spending.order_by("spent_on", "id"))
    rated = projects.project_ratings(project)
    implementer = project.implementer_unit.name if project.implementer_unit else ""
    return {
        "id": project.pk,
        "proposal": project.proposal_id,
        "implementer": implementer or project.implementer,
        "progress": project.progress,
        "spent": float(sum((s.amount for s in payments), Decimal(0))),
        "payments": [
            {"spent_on": s.spent_on, "item": s.item, "amount": float(s.amount)} for s in payments
        ],
        "accepted_on": project.accepted_on,
        "acceptance": project.acceptance,
        "ratings": rated["count"],
        "average_rating": rated["average"],
    }


@router.get("/micro-calls", response=list[CallOut], summary="Micro-project calls (disclosure)")
def call_list(request):
    """Every call of a community or street, as the public disclosure page shows it."""
    return [_call_out(c) for c in public_calls().order_by("-voting_from")[:100]]


@router.get("/micro-calls/{call_id}", response=CallOut, summary="One call (disclosure)")
def call_get(request, call_id: int):
    return _call_out(get_object_or_404(public_calls(), pk=call_id))


@router.post("/micro-calls", response={201: CallOut}, summary="Open a call (the area's leaders)")
def call_open(request, payload: CallIn):
    area = areas_visible_to(request.auth).filter(code=payload.area).first()
    if area is None:
        raise Http404
    # a council of another place is refused by the service, as none at all is
    council = Council.objects.filter(pk=payload.council or 0, area=area).first()
    call = services.call_create(
        actor=request.auth,
        area=area,
        council=council,
        caps={"works": payload.cap_works, "services": payload.cap_services,
              "goods": payload.cap_goods},
        **payload.dict(exclude={"area", "council", "cap_works", "cap_services", "cap_goods"}),
    )  # fmt: skip
    return Status(201, _call_out(call))


class ProposalIn(Schema):
    title: Annotated[str, Field(**limits(Proposal, "title"), examples=["加装楼道扶手"])]
    description: Annotated[
        str, Field(**limits(Proposal, "description"), examples=["为老旧楼道加装扶手"])
    ]
    beneficiaries: Annotated[
        str, Field(**limits(Proposal, "beneficiaries"), examples=["1-6号楼居民"])
    ]
    kind: Literal["works", "services", "goods"]
    cost: Decimal = Field(..., gt=0, le=Decimal("9999999999"), examples=[30000])
    address: Annotated[str, Field(**limits(Proposal, "address"))] = ""
    lon: float | None = None
    lat: float | None = None
    unit: str | None = Field(None, description="your unit's code; omit to propose as a resident")
    resident: ProofIn | None = Field(None, description="a resident's proof of who they are")


@router.post(
    "/micro-calls/{call_id}/proposals", response={201: ProposalOut}, summary="Propose a project"
)
def proposal_new(request, call_id: int, payload: ProposalIn):
    call = get_object_or_404(public_calls(), pk=call_id)
    unit = None
    if payload.unit:
        unit = OrgUnit.objects.filter(code=payload.unit).first()
        if unit is None:
            raise DomainError(
                _("No unit has this code or name."), code=ErrorCode.INVALID, field="unit"
            )
    proposal = services.proposal_submit(
        actor=request.auth,
        call=call,
        unit=unit,
        resident=payload.resident.proof() if payload.resident else None,
        **payload.dict(exclude={"unit", "resident"}),
    )
    return Status(201, proposal_out(proposal))


class DeliberationIn(Schema):
    admit: bool = Field(..., examples=[True])
    reasons: Annotated[
        str, Field(**limits(Proposal, "reasons"), examples=["符合条件，居民受益面广"])
    ]


@router.post(
    "/micro-proposals/{proposal_id}/deliberation",
    response=ProposalOut,
    summary="Put a proposal to the vote or not, with reasons (the council)",
)
def proposal_deliberate(request, proposal_id: int, payload: DeliberationIn):
    proposal = get_object_or_404(
        Proposal.objects.filter(call__in=calls_visible(request.auth)), pk=proposal_id
    )
    done = services.proposal_deliberate(
        actor=request.auth, proposal=proposal, admit=payload.admit, reasons=payload.reasons
    )
    return proposal_out(done)


class BallotIn(ProofIn):
    choices: list[int] = Field(..., description="the proposals chosen", examples=[[12, 15]])


class BallotOut(Schema):
    changed: bool = Field(..., description="an earlier ballot of the same voter was replaced")
    choices: list[int]


@router.post(
    "/micro-calls/{call_id}/ballots",
    response={200: BallotOut, 429: ErrorOut},  # proofs of identity are limited per hour
    summary="Cast or change a ballot",
)
def ballot_cast(request, call_id: int, payload: BallotIn):
    call = get_object_or_404(public_calls(), pk=call_id)
    person = voting.resident_prove(call=call, proof=payload.proof(), actor=request.auth)
    done = voting.ballot_cast(call=call, person=person, choices=payload.choices)
    return {"changed": done.changed, "choices": voting.ballot_of(call, person)}


@router.post("/micro-calls/{call_id}/tally", response=CallOut, summary="Count the votes")
def call_tally(request, call_id: int):
    call = get_object_or_404(calls_visible(request.auth), pk=call_id)
    tally.call_tally(actor=request.auth, call=call)
    return _call_out(Call.objects.get(pk=call.pk))


def _my_project(request, project_id: int) -> Project:
    return get_object_or_404(
        Project.objects.filter(proposal__call__in=calls_visible(request.auth)),
        pk=project_id,
    )


class ProgressIn(Schema):
    progress: Annotated[int, Field(**limits(Project, "progress"), examples=[60])]
    implementer: Annotated[
        str | None, Field(**limits(Project, "implementer"), examples=["某某建筑公司"])
    ] = None


@router.post("/micro-projects/{project_id}/progress", response=ProjectOut, summary="Progress")
def project_progress(request, project_id: int, payload: ProgressIn):
    project = _my_project(request, project_id)
    project = projects.project_update(
        actor=request.auth,
        project=project,
        progress=payload.progress,
        implementer=payload.implementer,
    )
    return _project(project)


class SpendingIn(Schema):
    spent_on: dt.date
    item: Annotated[str, Field(**limits(Spending, "item"), examples=["扶手材料"])]
    amount: Decimal = Field(..., gt=0, le=Decimal("9999999999"), examples=[3000])


@router.post(
    "/micro-projects/{project_id}/spending",
    response={201: ProjectOut},
    summary="Record a payment with its receipt (multipart)",
)
def project_spend(
    request,
    project_id: int,
    payload: Form[SpendingIn],
    # the stubs cannot see that django-ninja takes an optional upload this way
    receipt: File[UploadedFile] = None,  # type: ignore[assignment]
):
    project = _my_project(request, project_id)
    projects.spending_record(actor=request.auth, project=project, receipt=receipt, **payload.dict())
    return Status(201, _project(project))


class AcceptanceIn(Schema):
    accepted_by: Annotated[
        str, Field(**limits(Project, "accepted_by"), examples=["居民代表张某、李某"])
    ]
    record: Annotated[str, Field(**limits(Project, "acceptance"), examples=["扶手牢固，验收合格"])]


@router.post(
    "/micro-projects/{project_id}/acceptance", response=ProjectOut, summary="Accept (验收)"
)
def project_accept(request, project_id: int, payload: AcceptanceIn):
    project = _my_project(request, project_id)
    project = projects.project_accept(actor=request.auth, project=project, **payload.dict())
    return _project(project)


class RatingIn(ProofIn):
    score: Annotated[int, Field(**limits(Rating, "score"), examples=[5])]
    comment: Annotated[str, Field(**limits(Rating, "comment"))] = ""


@router.post(
    "/micro-projects/{project_id}/ratings",
    response={201: ProjectOut, 429: ErrorOut},
    summary="Rate an accepted project (a resident, once)",
)
def project_rate(request, project_id: int, payload: RatingIn):
    project = get_object_or_404(
        Project.objects.filter(proposal__call__in=public_calls()), pk=project_id
    )
    person = voting.resident_prove(
        call=project.proposal.call, proof=payload.proof(), actor=request.auth
    )
    projects.project_rate(
        project=project, person=person, score=payload.score, comment=payload.comment
    )
    return Status(201, _project(project))
