"""API: a resident nominates a candidate of an election (海选, with their proof and the
candidate's), and the area's leaders put the options of an option vote — the same rules as the
pages (``participation/elections.py``)."""

from __future__ import annotations

from typing import Annotated

from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.responses import Status
from pydantic import Field

from civicgrid.core.api.schemas import ErrorOut
from civicgrid.core.checks import limits
from civicgrid.registry.api_identity import ProofIn
from civicgrid.registry.models import Person

from . import elections
from .api import ProposalOut, proposal_out
from .models import Proposal, Purpose
from .selectors import calls_visible, public_calls
from .voting import ID_NUMBER_LENGTH, Proof

router = Router(tags=["participation"])


class CandidateNominationIn(Schema):
    nominator: ProofIn = Field(..., description="the nominating resident's proof of who they are")
    candidate_name: Annotated[str, Field(**limits(Person, "name"), examples=["李四"])]
    candidate_id_number: str = Field(
        ..., max_length=ID_NUMBER_LENGTH, description="checked against the register"
    )
    description: Annotated[
        str, Field(**limits(Proposal, "description"), examples=["热心公益，长期参与楼道自治"])
    ] = ""


class NominatedOut(Schema):
    """What a nominator is told: the nomination counts. Nothing of the candidate's standing
    (how many nominated them, whether they are on the ballot) is told to whoever names them."""

    call: int
    candidate: str = Field(..., description="the candidate's name, as in the register")


@router.post(
    "/micro-calls/{call_id}/nominations",
    response={201: NominatedOut, 429: ErrorOut},  # proofs of identity are limited per hour
    summary="Nominate a candidate of an election (a resident)",
)
def nomination_new(request, call_id: int, payload: CandidateNominationIn):
    call = get_object_or_404(public_calls().filter(purpose=Purpose.ELECTION), pk=call_id)
    candidate = elections.nominate(
        actor=request.auth, call=call, nominator=payload.nominator.proof(),
        candidate=Proof(payload.candidate_name, payload.candidate_id_number),
        description=payload.description,
    )  # fmt: skip
    return Status(201, {"call": call.pk, "candidate": candidate.title})


class VoteOptionIn(Schema):
    title: Annotated[str, Field(**limits(Proposal, "title"), examples=["原址整治改造"])]
    description: Annotated[
        str, Field(**limits(Proposal, "description"), examples=["保留房屋，整治外立面和管网"])
    ]


@router.post(
    "/micro-calls/{call_id}/options",
    response={201: ProposalOut},
    summary="Put an option to an option vote (the area's leaders)",
)
def option_new(request, call_id: int, payload: VoteOptionIn):
    call = get_object_or_404(
        calls_visible(request.auth).filter(purpose=Purpose.OPTIONS), pk=call_id
    )
    option = elections.option_add(actor=request.auth, call=call, **payload.dict())
    return Status(201, proposal_out(option))
