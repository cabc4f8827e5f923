"""Staff pages for micro-projects: the calls of one's area, making a call, proposing for a unit,
the council's deliberation, the polling station (paper roll, paper entries and their second
entry), the count, and each project's implementation and acceptance. In scope or 404.

Each form is typed by its class in ``forms.py``; the pages with several forms keep a table,
action → (form, handler)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from civicgrid.accounts import permissions
from civicgrid.accounts.models import OrgUnit, User
from civicgrid.accounts.scope import areas_around
from civicgrid.areas.choices import AreaLevel
from civicgrid.areas.models import Area

from . import elections, projects, services, tally, voting
from .access import puts_on_ballot
from .acting import Action, SignedIn, act, act_on
from .council_models import Council
from .elections import ELECTED_BODIES
from .forms import (
    AcceptanceForm,
    CallForm,
    ConfirmForm,
    DeliberationForm,
    EmptyForm,
    MilestoneDoneForm,
    MilestoneForm,
    OptionForm,
    PaperForm,
    ProgressForm,
    ProofForm,
    SpendingForm,
    UnitProposalForm,
)
from .models import Call, Method, PaperEntry, Project, ProjectType, Purpose, Spending
from .selectors import calls_visible, disclosure


def _managed_areas(user: User) -> list[Area]:
    if not permissions.leads_somewhere(user):  # every page's menu asks: no areas read
        return []
    areas = areas_around(user).filter(
        level__in=(AreaLevel.STREET, AreaLevel.COMMUNITY), active=True
    )
    return [a for a in areas.order_by("code") if permissions.can_lead(user, a)]


def may_list_calls(user: User) -> bool:
    """The staff list of calls opens for those who run calls or see some (the menu asks too)."""
    return bool(_managed_areas(user)) or calls_visible(user).exists()


@login_required
def call_list(request: SignedIn):
    areas = _managed_areas(request.user)
    councils = Council.objects.filter(area__in=areas, kind__in=ELECTED_BODIES).select_related(
        "area"
    )
    if request.method == "POST" and areas:
        form = CallForm(
            request.POST, areas=Area.objects.filter(pk__in=[a.pk for a in areas]),
            councils=councils,
        )  # fmt: skip
        made: list[Call] = []

        def call_open(data: dict) -> str:
            made.append(services.call_create(actor=request.user, **form.values()))
            return ""

        if act(request, form, call_open):
            return redirect("participation:call", made[0].pk)
    calls = calls_visible(request.user)
    if not may_list_calls(request.user):
        raise Http404
    return render(
        request,
        "participation/calls.html",
        {
            "calls": calls[:200],
            "areas": areas,
            "councils": councils,
            "methods": Method.choices,
            "types": ProjectType.choices,
            "post": request.POST if request.method == "POST" else {},
        },
    )


def _call(request: SignedIn, pk: int) -> Call:
    return get_object_or_404(calls_visible(request.user), pk=pk)


def _units(user: User):
    return OrgUnit.objects.filter(pk__in={g.unit_id for g in permissions.grants(user)}, active=True)


@login_required
def call_detail(request: SignedIn, pk: int):
    call = _call(request, pk)
    return render(
        request,
        "participation/call.html",
        {
            **disclosure(call),
            "manages": permissions.can_lead(request.user, call.area),
            "deliberates": puts_on_ballot(request.user, call),
            "units": _units(request.user),
            "types": ProjectType.choices,
            "pending": PaperEntry.objects.filter(call=call, confirmed_by=None).exclude(
                entered_by=request.user
            ),
            "papers": PaperEntry.objects.filter(call=call).count(),
        },
    )


def _propose(request: SignedIn, call: Call, data: dict) -> str:
    services.proposal_submit(actor=request.user, call=call, **data)
    return _("The proposal is in: the council deliberates it.")


def _deliberate(request: SignedIn, call: Call, data: dict) -> str:
    services.proposal_deliberate(actor=request.user, **data)
    if call.purpose == Purpose.ELECTION:
        return _("The election committee's decision is recorded.")
    return _("The council's decision is recorded.")


def _option(request: SignedIn, call: Call, data: dict) -> str:
    elections.option_add(actor=request.user, call=call, **data)
    return _("The option is on the ballot.")


def _paper(request: SignedIn, call: Call, data: dict) -> str:
    person = voting.resident_prove(call=call, proof=ProofForm.proof_of(data))
    voting.paper_issue(actor=request.user, call=call, person=person)
    return _("On the roll: hand over one paper ballot.")


def _enter(request: SignedIn, call: Call, data: dict) -> str:
    voting.paper_enter(actor=request.user, call=call, **data)
    return _("Entered: a second person enters it again to count it.")


def _confirm(request: SignedIn, call: Call, data: dict) -> str:
    voting.paper_confirm(actor=request.user, **data)
    return _("Confirmed: the paper counts.")


def _tally(request: SignedIn, call: Call, data: dict) -> str:
    result = tally.call_tally(actor=request.user, call=call)
    return _("Counted: %(n)s ballots.") % {"n": result.ballots}


CALL_ACTIONS = {
    "propose": Action(
        lambda request, call: UnitProposalForm(request.POST, units=_units(request.user)),
        _propose,
    ),
    "deliberate": Action(
        lambda request, call: DeliberationForm(request.POST, call=call), _deliberate
    ),
    "option": Action(lambda request, call: OptionForm(request.POST), _option),
    "paper": Action(lambda request, call: ProofForm(request.POST), _paper),
    "enter": Action(lambda request, call: PaperForm(request.POST, call=call), _enter),
    "confirm": Action(lambda request, call: ConfirmForm(request.POST, call=call), _confirm),
    "tally": Action(lambda request, call: EmptyForm(request.POST), _tally),
}


@login_required
@require_POST
def call_act(request: SignedIn, pk: int, action: str):
    """One form of the call's page: propose, deliberate, option, paper, enter, confirm, tally."""
    call = _call(request, pk)
    act_on(request, CALL_ACTIONS, call, action)
    return redirect("participation:call", call.pk)


def _project(request: SignedIn, pk: int) -> Project:
    project = get_object_or_404(
        Project.objects.select_related("proposal__call__area", "implementer_unit"), pk=pk
    )
    if not calls_visible(request.user).filter(pk=project.proposal.call_id).exists():
        raise Http404
    return project


def _organisations():
    return OrgUnit.objects.filter(kind="social_organisation", active=True)


def _update(request: SignedIn, project: Project, data: dict) -> str:
    projects.project_update(actor=request.user, project=project, **data)
    return _("Saved.")


def _milestone(request: SignedIn, project: Project, data: dict) -> str:
    projects.milestone_add(actor=request.user, project=project, **data)
    return _("Saved.")


def _done(request: SignedIn, project: Project, data: dict) -> str:
    projects.milestone_done(actor=request.user, **data)
    return _("Saved.")


def _spend(request: SignedIn, project: Project, data: dict) -> str:
    projects.spending_record(actor=request.user, project=project, **data)
    return _("Saved.")


def _accept(request: SignedIn, project: Project, data: dict) -> str:
    projects.project_accept(actor=request.user, project=project, **data)
    return _("Saved.")


PROJECT_ACTIONS = {
    "update": Action(
        lambda request, project: ProgressForm(request.POST, organisations=_organisations()),
        _update,
    ),
    "milestone": Action(lambda request, project: MilestoneForm(request.POST), _milestone),
    "done": Action(
        lambda request, project: MilestoneDoneForm(request.POST, project=project), _done
    ),
    "spend": Action(lambda request, project: SpendingForm(request.POST, request.FILES), _spend),
    "accept": Action(lambda request, project: AcceptanceForm(request.POST), _accept),
}


@login_required
def project_detail(request: SignedIn, pk: int):
    project = _project(request, pk)
    call = project.proposal.call
    if request.method == "POST" and act_on(request, PROJECT_ACTIONS, project):
        return redirect("participation:project", project.pk)
    return render(
        request,
        "participation/project.html",
        {
            "project": project,
            "call": call,
            "manages": permissions.can_lead(request.user, call.area),
            "accepts": permissions.can_deliberate(request.user, call.area),
            "spent": projects.project_spent(project),
            "ratings": projects.project_ratings(project),
            "organisations": _organisations(),
        },
    )


@login_required
def receipt(request: SignedIn, pk: int):
    """A receipt, for the staff who see the call (the public reads the amounts only)."""
    payment = get_object_or_404(Spending.objects.select_related("project"), pk=pk)
    _project(request, payment.project_id)
    return FileResponse(
        payment.receipt.open("rb"), filename=payment.receipt.name.rsplit("/", 1)[-1]
    )
