"""Staff pages for micro-projects: the calls of one's area, making a call, proposing for a unit,
the council's deliberation, the polling station (paper roll, paper entries and their second
entry), the count, and each project's implementation and acceptance. In scope or 404."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from civicgrid.accounts import permissions
from civicgrid.accounts.models import OrgUnit
from civicgrid.areas.choices import AreaLevel
from civicgrid.areas.models import Area
from civicgrid.core.errors import DomainError
from civicgrid.registry.importing.columns import CellError, parse_date
from civicgrid.web.feedback import refused

from . import projects, services, tally, voting
from .models import Call, Method, PaperEntry, Project, ProjectType, Spending
from .selectors import disclosure


def _date(value, name: str):
    try:
        return parse_date(value or "")
    except CellError as exc:
        raise DomainError(str(exc), code="invalid", field=name) from None


def _moment(value, name: str) -> dt.datetime:
    try:
        return timezone.make_aware(dt.datetime.fromisoformat(value))
    except (TypeError, ValueError):
        raise DomainError(_("Give a date and time."), code="invalid", field=name) from None


def _managed_areas(user):
    areas = Area.objects.around(user).filter(
        level__in=(AreaLevel.STREET, AreaLevel.COMMUNITY), active=True
    )
    return [a for a in areas.order_by("code") if services.can_manage(user, a)]


def may_list_calls(user) -> bool:
    """The staff list of calls opens for those who run calls or see some (the menu asks too)."""
    return bool(_managed_areas(user)) or services.calls_visible(user).exists()


@login_required
def call_list(request):
    areas = _managed_areas(request.user)
    if request.method == "POST" and areas:
        post = request.POST
        try:
            area = next((a for a in areas if str(a.pk) == post.get("area")), None)
            call = services.call_create(
                actor=request.user,
                area=area,
                title=post.get("title", ""),
                description=post.get("description", ""),
                requirements=post.get("requirements", ""),
                budget=post.get("budget"),
                proposals_from=_date(post.get("proposals_from"), "proposals_from"),
                proposals_until=_date(post.get("proposals_until"), "proposals_until"),
                voting_from=_moment(post.get("voting_from"), "voting_from"),
                voting_until=_moment(post.get("voting_until"), "voting_until"),
                method=post.get("method", ""),
                max_choices=int(post.get("max_choices") or 0)
                if str(post.get("max_choices") or "0").isdigit()
                else -1,
                caps={k: post.get(f"cap_{k}") for k in ProjectType.values},
            )
        except DomainError as exc:
            refused(request, exc)
        else:
            return redirect("participation:call", call.pk)
    calls = services.calls_visible(request.user)
    if not may_list_calls(request.user):
        raise Http404
    return render(
        request,
        "participation/calls.html",
        {
            "calls": calls[:200],
            "areas": areas,
            "methods": Method.choices,
            "types": ProjectType.choices,
            "post": request.POST if request.method == "POST" else {},
        },
    )


def _call(request, pk: int) -> Call:
    return get_object_or_404(services.calls_visible(request.user), pk=pk)


@login_required
def call_detail(request, pk: int):
    call = _call(request, pk)
    units = OrgUnit.objects.filter(
        pk__in={g.unit_id for g in permissions.grants(request.user)}, active=True
    )
    return render(
        request,
        "participation/call.html",
        {
            **disclosure(call),
            "manages": services.can_manage(request.user, call.area),
            "deliberates": services.can_deliberate(request.user, call),
            "units": units,
            "types": ProjectType.choices,
            "pending": PaperEntry.objects.filter(call=call, confirmed_by=None).exclude(
                entered_by=request.user
            ),
            "papers": PaperEntry.objects.filter(call=call).count(),
        },
    )


@login_required
@require_POST
def call_act(request, pk: int, action: str):
    """One form of the call's page: propose, deliberate, paper, enter, confirm, tally."""
    call = _call(request, pk)
    post, user = request.POST, request.user
    try:
        if action == "propose":
            unit = OrgUnit.objects.filter(pk=post.get("unit") or 0).first()
            if unit is None:
                raise DomainError(_("Choose your unit."), code="required", field="unit")
            services.propose(
                actor=user, call=call, unit=unit, title=post.get("title", ""),
                description=post.get("description", ""),
                beneficiaries=post.get("beneficiaries", ""), kind=post.get("kind", ""),
                cost=post.get("cost"), address=post.get("address", ""),
            )  # fmt: skip
            done = _("The proposal is in: the council deliberates it.")
        elif action == "deliberate":
            proposal = get_object_or_404(call.proposals, pk=post.get("proposal") or 0)
            services.deliberate(
                actor=user,
                proposal=proposal,
                admit=post.get("admit") == "yes",
                reasons=post.get("reasons", ""),
            )
            done = _("The council's decision is recorded.")
        elif action == "paper":
            person = voting.resident_of(call, post.get("name", ""), post.get("id_number", ""))
            voting.issue_paper(actor=user, call=call, person=person)
            done = _("On the roll: hand over one paper ballot.")
        elif action == "enter":
            voting.enter_paper(
                actor=user, call=call, number=post.get("number", ""),
                choices=post.getlist("choices"),
            )  # fmt: skip
            done = _("Entered: a second person enters it again to count it.")
        elif action == "confirm":
            entry = get_object_or_404(PaperEntry, call=call, pk=post.get("entry") or 0)
            voting.confirm_paper(actor=user, entry=entry, choices=post.getlist("choices"))
            done = _("Confirmed: the paper counts.")
        elif action == "tally":
            result = tally.tally(actor=user, call=call)
            done = _("Counted: %(n)s ballots.") % {"n": result.ballots}
        else:
            raise Http404
    except DomainError as exc:
        refused(request, exc)
    else:
        messages.success(request, done)
    return redirect("participation:call", call.pk)


def _project(request, pk: int) -> Project:
    project = get_object_or_404(
        Project.objects.select_related("proposal__call__area", "implementer_unit"), pk=pk
    )
    if not services.calls_visible(request.user).filter(pk=project.proposal.call_id).exists():
        raise Http404
    return project


@login_required
def project_detail(request, pk: int):
    project = _project(request, pk)
    call = project.proposal.call
    if request.method == "POST":
        post, user = request.POST, request.user
        try:
            action = post.get("action")
            if action == "update":
                unit = OrgUnit.objects.filter(pk=post.get("implementer_unit") or 0).first()
                projects.update(
                    actor=user, project=project, progress=post.get("progress"),
                    implementer=post.get("implementer", ""), implementer_unit=unit,
                )  # fmt: skip
            elif action == "milestone":
                projects.milestone_add(
                    actor=user, project=project, title=post.get("title", ""),
                    due_on=_date(post.get("due_on"), "due_on"),
                )  # fmt: skip
            elif action == "done":
                milestone = get_object_or_404(project.milestones, pk=post.get("milestone") or 0)
                projects.milestone_done(actor=user, milestone=milestone)
            elif action == "spend":
                projects.spend(
                    actor=user, project=project, spent_on=_date(post.get("spent_on"), "spent_on"),
                    item=post.get("item", ""), amount=post.get("amount"),
                    receipt=request.FILES.get("receipt"),
                )  # fmt: skip
            elif action == "accept":
                projects.accept(
                    actor=user, project=project, accepted_by=post.get("accepted_by", ""),
                    record=post.get("record", ""),
                )  # fmt: skip
            else:
                raise Http404
        except DomainError as exc:
            refused(request, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("participation:project", project.pk)
    return render(
        request,
        "participation/project.html",
        {
            "project": project,
            "call": call,
            "manages": services.can_manage(request.user, call.area),
            "accepts": services.can_deliberate(request.user, call),
            "spent": projects.spent(project),
            "ratings": projects.ratings(project),
            "organisations": OrgUnit.objects.filter(kind="social_organisation", active=True),
        },
    )


@login_required
def receipt(request, pk: int):
    """A receipt, for the staff who see the call (the public reads the amounts only)."""
    payment = get_object_or_404(Spending.objects.select_related("project"), pk=pk)
    _project(request, payment.project_id)
    return FileResponse(
        payment.receipt.open("rb"), filename=payment.receipt.name.rsplit("/", 1)[-1]
    )
