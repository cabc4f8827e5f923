"""Admission pages: the applications a user may see, applying for one's department, and an
application with its steps, the review office's decision and the withdrawal."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from civicgrid.accounts.permissions import can_review_admission
from civicgrid.core.errors import DomainError
from civicgrid.core.feedback import form_refused, refused
from civicgrid.duties.models import CommunityKind, ListType
from civicgrid.evaluation.models import Scheme

from . import admission
from .forms import ApplicationForm, DecisionForm, WithdrawForm
from .models import Application


def may_list_applications(user) -> bool:
    """A department's people apply; the reviewers decide (the links ask the same)."""
    return bool(admission.departments_of(user)) or bool(can_review_admission(user))


@login_required
def application_list(request):
    departments = admission.departments_of(request.user)
    if not may_list_applications(request.user):
        raise Http404
    return render(
        request,
        "duties/applications.html",
        {
            "applications": admission.application_list(user=request.user),
            "can_apply": bool(departments),
        },
    )


@login_required
def application_new(request):
    departments = admission.departments_of(request.user)
    if not departments:
        raise Http404
    if request.method == "POST":
        form = ApplicationForm(request.POST, departments=departments)
        if not form.is_valid():
            form_refused(request, form)
        else:
            data = form.cleaned_data
            try:
                application = admission.application_apply(
                    actor=request.user, **{**data, "kinds": list(data["kinds"])}
                )
            except DomainError as exc:
                refused(request, exc)
            else:
                messages.success(request, _("Application filed."))
                return redirect("duties:application", pk=application.pk)
    return render(
        request,
        "duties/application_new.html",
        {
            "departments": departments,
            "kinds": CommunityKind.objects.all(),
            "list_types": [(ListType.ASSISTING, ListType.ASSISTING.label),
                           (ListType.ASSESSMENT, ListType.ASSESSMENT.label)],
            "schemes": Scheme.objects.filter(template=False, active=True),
            "post": request.POST,
        },
    )  # fmt: skip


@login_required
def application_detail(request, pk: int):
    application = get_object_or_404(admission.application_list(user=request.user), pk=pk)
    return render(
        request,
        "duties/application.html",
        {
            "a": application,
            "steps": application.steps.select_related("actor"),
            "reviews": can_review_admission(request.user),
            "open": application.status == Application.Status.APPLIED,
            "running": application.status
            in (Application.Status.APPLIED, Application.Status.ADMITTED),
        },
    )


def _decide(admit: bool):
    def decide(request, application: Application, data: dict) -> None:
        admission.application_decide(
            application=application, admit=admit, reasons=data["reasons"], actor=request.user
        )

    return decide


def _withdraw(request, application: Application, data: dict) -> None:
    admission.application_withdraw(application=application, actor=request.user, note=data["note"])


# each step a page may send: what it accepts, and who takes it
ACTIONS = {
    "admit": (DecisionForm, _decide(True)),
    "refuse": (DecisionForm, _decide(False)),
    "withdraw": (WithdrawForm, _withdraw),
}


@login_required
@require_POST
def application_act(request, pk: int, action: str):
    application = get_object_or_404(admission.application_list(user=request.user), pk=pk)
    if action not in ACTIONS:
        raise Http404
    form_class, take = ACTIONS[action]
    form = form_class(request.POST)
    if not form.is_valid():
        form_refused(request, form)
        return redirect("duties:application", pk=pk)
    try:
        take(request, application, form.cleaned_data)
    except DomainError as exc:
        refused(request, exc)
    else:
        messages.success(request, _("Done."))
    return redirect("duties:application", pk=pk)
