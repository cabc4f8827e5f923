"""Dispute pages: the list (risk, repeats) and one dispute with its record, sessions and visits."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from civicgrid.cases import selectors as cases
from civicgrid.cases.choices import Rating
from civicgrid.cases.models import Case
from civicgrid.core.errors import DomainError, NotFound
from civicgrid.core.feedback import form_refused, refused
from civicgrid.core.paging import keyset_page

from . import selectors, services
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
    return render(
        request,
        "disputes/dispute_detail.html",
        {
            "case": case,
            "dispute": selectors.dispute_for_case(user=request.user, case_id=case.pk)
            if dispute
            else None,
            "risks": Risk.choices,
            "complexities": Complexity.choices,
            "party_roles": Party.Role.choices,
            "outcomes": Session.Outcome.choices,
            "ratings": Rating.choices,
            "leaders": leaders(),
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


# the page's forms: which (its hidden "form" field) → its input and what it does (all but the
# record's ask for a dispute recorded: _post sees to it)
POSTS: dict[str, tuple[type[forms.ModelForm], Callable[..., None]]] = {
    "record": (DisputeRecordForm, _record),
    "session": (SessionForm, _session),
    "follow_up": (FollowUpForm, _follow_up),
}


def _post(request, case: Case, dispute: Dispute | None) -> None:
    """Read the form that was sent, and act on it; every outcome is told as a message. Sessions
    and follow-ups come only once the dispute is recorded, the record only before."""
    which = WhichForm(request.POST)
    key = which.cleaned_data["form"] if which.is_valid() else ""
    if key not in POSTS or (key != "record" and dispute is None):
        messages.error(request, _("Unknown form."))
        return
    form_class, act = POSTS[key]
    form = form_class(request.POST, request.FILES)
    if not form.is_valid():
        form_refused(request, form)
        return
    try:
        act(request, case, dispute, form.cleaned_data)
    except DomainError as exc:
        refused(request, exc)
    else:
        messages.success(request, _("Saved."))
