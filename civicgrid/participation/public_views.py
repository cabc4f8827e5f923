"""Public pages (no login to read): every vote's disclosure — a call's three musts, an election's
candidates, an option vote's options, and the full count — and, for a logged-in resident who
proves who they are against the register, proposing a project, nominating a candidate, voting
(and changing the ballot until the close) and rating a finished project."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from . import elections, projects, services, voting
from .acting import SignedIn, act
from .forms import NominationForm, ProofForm, RatingForm, ResidentProposalForm, VoteForm
from .models import Project, ProjectType, Proposal, Purpose
from .selectors import chosen_label, disclosure, public_calls, stage


def call_list(request: HttpRequest):
    calls = list(public_calls().order_by("-voting_from")[:200])
    for call in calls:
        call.stage = stage(call)
    return render(request, "participation/public_calls.html", {"calls": calls})


def call_page(request: HttpRequest, pk: int):
    return render(
        request,
        "participation/public_call.html",
        disclosure(get_object_or_404(public_calls(), pk=pk)),
    )


@login_required
def propose(request: SignedIn, pk: int):
    call = get_object_or_404(public_calls().filter(purpose=Purpose.PROJECTS), pk=pk)
    if request.method == "POST":

        def submit(data: dict) -> str:
            resident = ProofForm.proof_of(data)
            services.proposal_submit(actor=request.user, call=call, resident=resident, **data)
            return _("Thank you: the residents' council will deliberate it.")

        if act(request, ResidentProposalForm(request.POST), submit):
            return redirect("participation:public_call", call.pk)
    return render(
        request,
        "participation/public_propose.html",
        {"call": call, "types": ProjectType.choices, "post": request.POST},
    )


@login_required
def nominate(request: SignedIn, pk: int):
    """A resident nominates a candidate of an election while nominations are open (海选)."""
    call = get_object_or_404(public_calls().filter(purpose=Purpose.ELECTION), pk=pk)
    if request.method == "POST":

        def submit(data: dict) -> str:
            nominator, candidate = ProofForm.proof_of(data), NominationForm.candidate_of(data)
            elections.nominate(actor=request.user, call=call, nominator=nominator,
                               candidate=candidate, **data)  # fmt: skip
            return _("Thank you: your nomination is counted.")

        if act(request, NominationForm(request.POST), submit):
            return redirect("participation:public_call", call.pk)
    return render(
        request, "participation/public_nominate.html", {"call": call, "post": request.POST}
    )


@login_required
def vote(request: SignedIn, pk: int):
    call = get_object_or_404(public_calls(), pk=pk)
    ballot = call.proposals.filter(status=Proposal.Status.ON_BALLOT)
    shown: list[list[int]] = []
    if request.method == "POST":

        def cast_or_show(data: dict) -> str:
            person = voting.resident_prove(
                call=call, proof=ProofForm.proof_of(data), actor=request.user
            )
            if not data["choices"]:  # proved: show their ballot to change it
                shown.append(voting.ballot_of(call, person))
                return ""
            done = voting.ballot_cast(call=call, person=person, choices=data["choices"])
            return _("Your ballot is changed.") if done.changed else _("Your ballot is cast.")

        if act(request, VoteForm(request.POST, call=call), cast_or_show) and not shown:
            return redirect("participation:public_call", call.pk)
    return render(
        request,
        "participation/public_vote.html",
        {"call": call, "ballot": ballot, "mine": shown[0] if shown else None,
         "post": request.POST, "chosen_label": chosen_label(call)},
    )  # fmt: skip


@login_required
def rate(request: SignedIn, pk: int):
    project = get_object_or_404(Project.objects.select_related("proposal__call__area"), pk=pk)
    call = project.proposal.call
    if request.method == "POST":

        def rate_it(data: dict) -> str:
            person = voting.resident_prove(
                call=call, proof=ProofForm.proof_of(data), actor=request.user
            )
            projects.project_rate(project=project, person=person, **data)
            return _("Thank you for your rating.")

        if act(request, RatingForm(request.POST), rate_it):
            return redirect("participation:public_call", call.pk)
    return render(request, "participation/public_rate.html", {"project": project, "call": call})
