"""A project's page: what it is made of, its claims (认领) and what each delivered, and the keeper's
forms to record a claim, a delivery or a withdrawal and to move the project on. In scope or 404;
a member's claim shows only to whom sees the roster (``selectors.claims``)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from civicgrid.core.forms import Action, kept_or, run_action

from . import forms as pf
from . import member_forms as mf
from . import projects, selectors, services
from .choices import ProjectKind
from .projects import CLAIMABLE, LIVE
from .views import _gate

PROJECT_ACTIONS: dict[str, Action] = {
    "progress": (pf.ProgressForm, lambda user, p, d: projects.project_progress(
        actor=user, project=p, **d)),
    "claim": (mf.ClaimForm, lambda user, p, d: projects.claim_make(
        actor=user, project=p, **d)),
    "deliver": (mf.DeliverForm, lambda user, p, d: projects.claim_deliver(
        actor=user, claim=d.pop("claim"), **d)),
    "withdraw": (mf.WithdrawForm, lambda user, p, d: projects.claim_withdraw(
        actor=user, claim=d["claim"], on=d["on"])),
}  # fmt: skip


@login_required
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _gate(request)
    project = get_object_or_404(selectors.projects(user), pk=pk)
    keeps = services.may_keep(user, project.area)
    claims = selectors.claims(user).filter(project=project)
    open_claims = claims.filter(delivered_on=None, withdrawn_on=None)
    limits: dict[str, dict[str, Any]] = {
        "claim": {
            "organisations": selectors.organisations(user),
            "members": selectors.members(user).filter(until=None),
            "units": selectors.stationed_units(user).filter(active=True),
        },
        "deliver": {"claims": open_claims},
        "withdraw": {"claims": open_claims},
    }
    posted = None
    if request.method == "POST" and keeps:
        posted = run_action(request, PROJECT_ACTIONS, project, limits)
        if posted.done is not None:
            return redirect("party:project", project.pk)
    today = timezone.localdate()
    claimable = project.kind == ProjectKind.PARTY and project.status in CLAIMABLE
    forms_: dict[str, Any] = {}
    if keeps:
        forms_ = {
            "form": kept_or(posted, "progress", lambda: pf.ProgressForm(
                initial={"status": project.status}, auto_id="progress_%s"))
            if project.status in LIVE else None,
            "claim_form": kept_or(posted, "claim", lambda: mf.ClaimForm(
                initial={"claimed_on": today}, auto_id="claim_%s", **limits["claim"]))
            if claimable else None,
            "deliver_form": kept_or(posted, "deliver", lambda: mf.DeliverForm(
                initial={"delivered_on": today}, auto_id="deliver_%s", **limits["deliver"]))
            if open_claims.exists() else None,
            "withdraw_form": kept_or(posted, "withdraw", lambda: mf.WithdrawForm(
                initial={"on": today}, auto_id="withdraw_%s", **limits["withdraw"]))
            if open_claims.exists() else None,
        }  # fmt: skip
    return render(
        request,
        "party/project.html",
        {
            "project": project,
            "keeps": keeps,
            "resources": project.resources.select_related("stationed_unit"),
            "claims": claims,
            "party_project": project.kind == ProjectKind.PARTY,
            **forms_,
        },
    )
