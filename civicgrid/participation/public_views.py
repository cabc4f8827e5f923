"""Public pages (no login to read): every call's disclosure — the three musts and the full count —
and, for a logged-in resident who proves who they are against the register, proposing, voting
(and changing the ballot until the close) and rating a finished project."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from civicgrid.core.errors import DomainError
from civicgrid.web.feedback import refused

from . import projects, services, voting
from .models import Project, ProjectType, Proposal
from .selectors import disclosure, public_calls, stage


def call_list(request):
    calls = list(public_calls().order_by("-voting_from")[:200])
    for call in calls:
        call.stage = stage(call)
    return render(request, "participation/public_calls.html", {"calls": calls})


def call_page(request, pk: int):
    return render(
        request,
        "participation/public_call.html",
        disclosure(get_object_or_404(public_calls(), pk=pk)),
    )


def _proof(request, call):
    return voting.resident_of(
        call, request.POST.get("name", ""), request.POST.get("id_number", ""), actor=request.user
    )


@login_required
def propose(request, pk: int):
    call = get_object_or_404(public_calls(), pk=pk)
    if request.method == "POST":
        post = request.POST
        try:
            services.propose(
                actor=request.user, call=call, title=post.get("title", ""),
                description=post.get("description", ""),
                beneficiaries=post.get("beneficiaries", ""), kind=post.get("kind", ""),
                cost=post.get("cost"), address=post.get("address", ""),
                resident={"name": post.get("name", ""), "id_number": post.get("id_number", "")},
            )  # fmt: skip
        except DomainError as exc:
            refused(request, exc)
        else:
            messages.success(request, _("Thank you: the residents' council will deliberate it."))
            return redirect("participation:public_call", call.pk)
    return render(
        request,
        "participation/public_propose.html",
        {"call": call, "types": ProjectType.choices, "post": request.POST},
    )


@login_required
def vote(request, pk: int):
    call = get_object_or_404(public_calls(), pk=pk)
    ballot = call.proposals.filter(status=Proposal.Status.ON_BALLOT)
    mine = None
    if request.method == "POST":
        try:
            person = _proof(request, call)
            if "choices" in request.POST:
                cast = voting.cast(
                    call=call, person=person, choices=request.POST.getlist("choices")
                )
                messages.success(
                    request,
                    _("Your ballot is changed.") if cast.changed else _("Your ballot is cast."),
                )
                return redirect("participation:public_call", call.pk)
            mine = voting.my_ballot(call, person)  # proved: show their ballot to change it
        except DomainError as exc:
            refused(request, exc)
    return render(
        request,
        "participation/public_vote.html",
        {"call": call, "ballot": ballot, "mine": mine, "post": request.POST},
    )


@login_required
def rate(request, pk: int):
    project = get_object_or_404(Project.objects.select_related("proposal__call__area"), pk=pk)
    call = project.proposal.call
    if request.method == "POST":
        try:
            projects.rate(
                project=project, person=_proof(request, call), score=request.POST.get("score"),
                comment=request.POST.get("comment", ""),
            )  # fmt: skip
        except DomainError as exc:
            refused(request, exc)
        else:
            messages.success(request, _("Thank you for your rating."))
            return redirect("participation:public_call", call.pk)
    return render(request, "participation/public_rate.html", {"project": project, "call": call})
