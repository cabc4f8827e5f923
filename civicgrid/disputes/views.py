"""Dispute pages: the list (risk, repeats) and one dispute with its record, sessions and visits."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.accounts.choices import Role
from civicgrid.cases import selectors as cases
from civicgrid.cases.choices import Rating
from civicgrid.cases.models import Case
from civicgrid.cases.selectors import case_staff_roles
from civicgrid.core.errors import DomainError, NotFound
from civicgrid.core.feedback import form_refused, refused
from civicgrid.core.paging import keyset_page

from . import counsel, selectors, services
from .committees import committee_of
from .counsel_forms import CounselForm
from .forms import DisputeRecordForm, FollowUpForm, SessionForm, WhichForm, leaders
from .models import Complexity, Dispute, Party, Risk, Session


@login_required
def dispute_list(request):
    qs = selectors.dispute_list(
        user=request.user,
        risk=request.GET.get("risk", ""),
        unresolved=request.GET.get("open") == "1",
    )
    page = keyset_page(qs, after=request.GET.get("after"), size=50, descending=True)
    query = request.GET.copy()
    query.pop("after", None)
    return render(
        request,
        "disputes/dispute_list.html",
        {"page": page, "risks": Risk.choices, "query": query.urlencode()},
    )


@login_required
def dispute_page(request, case_id: int):
    try:
        case = cases.case_detail(user=request.user, case_id=case_id)
    except NotFound:
        raise Http404 from None
    if case.kind != "dispute":
        raise Http404
    dispute = getattr(case, "dispute", None)
    if request.method == "POST":
        _post(request, case, dispute)
        return redirect("disputes:detail", case_id=case.pk)
    counsel_form = None
    if dispute is not None and Role.MEDIATOR in case_staff_roles(request.user, case):
        counsel_form = _counsel_form(None, None, dispute)
        counsel_form.initial = {"given_on": timezone.localdate()}
    return render(
        request,
        "disputes/dispute_detail.html",
        {
            "case": case,
            "dispute": selectors.dispute_for_case(user=request.user, case_id=case.pk)
            if dispute
            else None,
            "risks": Risk.choices,
            # a dispute is left to a building's committee only where the building has one
            "complexities": [
                (v, label)
                for v, label in Complexity.choices
                if v != Complexity.BUILDING or committee_of(case) is not None
            ],
            "party_roles": Party.Role.choices,
            "outcomes": Session.Outcome.choices,
            "ratings": Rating.choices,
            "leaders": leaders(),
            "counsel_form": counsel_form,
        },
    )


def _record(request, case: Case, dispute: Dispute | None, data: dict) -> None:
    services.dispute_record(
        case=case,
        actor=request.user,
        risk=data["risk"],
        complexity=data["complexity"],
        summary=data["summary"],
        leader=data["responsible_leader"],
        parties=data["parties"],
    )


def _session(request, case: Case, dispute: Dispute, data: dict) -> None:
    services.session_add(dispute=dispute, actor=request.user, **data)


def _follow_up(request, case: Case, dispute: Dispute, data: dict) -> None:
    services.follow_up_add(dispute=dispute, actor=request.user, **data)


def _counsel(request, case: Case, dispute: Dispute, data: dict) -> None:
    counsel.counsel_add(dispute=dispute, actor=request.user, **data)


def _counsel_form(data, files, dispute: Dispute | None) -> CounselForm:
    """The counsel form, offering the advisers and panels of the dispute's street."""
    assert dispute is not None  # _post asks for a recorded dispute first
    advisers, panels = counsel.for_dispute(dispute)
    return CounselForm(data, files, advisers=advisers, panels=panels, auto_id="counsel_%s")


# the page's forms: which (its hidden "form" field) → its input (from the request's data and the
# dispute) and what it does (all but the record's ask for a dispute recorded: _post sees to it)
POSTS: dict[str, tuple[Callable[..., forms.BaseForm], Callable[..., None]]] = {
    "record": (lambda data, files, _d: DisputeRecordForm(data, files), _record),
    "session": (lambda data, files, _d: SessionForm(data, files), _session),
    "follow_up": (lambda data, files, _d: FollowUpForm(data, files), _follow_up),
    "counsel": (_counsel_form, _counsel),
}


def _post(request, case: Case, dispute: Dispute | None) -> None:
    """Read the form that was sent, and act on it; every outcome is told as a message. Sessions
    and follow-ups come only once the dispute is recorded, the record only before."""
    which = WhichForm(request.POST)
    key = which.cleaned_data["form"] if which.is_valid() else ""
    if key not in POSTS or (key != "record" and dispute is None):
        messages.error(request, _("Unknown form."))
        return
    make, act = POSTS[key]
    form = make(request.POST, request.FILES, dispute)
    if not form.is_valid():
        form_refused(request, form)
        return
    try:
        act(request, case, dispute, form.cleaned_data)
    except DomainError as exc:
        refused(request, exc)
    else:
        messages.success(request, _("Saved."))
