"""Complaint pages: a community's people report a department that pushed unadmitted work onto
them; the review office finds each complaint upheld or dismissed, with reasons. Each side sees
what concerns it (the review office all, a department those about it, a community its own)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from civicgrid.accounts.models import OrgUnit
from civicgrid.accounts.permissions import can_review_admission
from civicgrid.core.errors import DomainError
from civicgrid.core.feedback import form_refused, refused
from civicgrid.duties.enforce import my_communities

from . import complaints
from .admission import DEPARTMENTS
from .forms import ComplaintForm, FindingForm


def may_list_complaints(user) -> bool:
    """A community's staff complain; reviewers decide; others see the complaints they may."""
    return (
        bool(my_communities(user, staff=True))
        or bool(can_review_admission(user))
        or complaints.complaint_list(user=user).exists()
    )


@login_required
def complaint_list(request):
    communities = my_communities(request.user, staff=True)
    seen = complaints.complaint_list(user=request.user)
    if request.method == "POST" and communities:
        form = ComplaintForm(request.POST, communities=communities)
        if not form.is_valid():
            form_refused(request, form)
        else:
            try:
                complaint = complaints.complaint_file(actor=request.user, **form.cleaned_data)
            except DomainError as exc:
                refused(request, exc)
            else:
                messages.success(
                    request,
                    _("Reported as case %(number)s: it goes to the review office.")
                    % {"number": complaint.case.number},
                )
                return redirect("duties:complaints")
    if not may_list_complaints(request.user):
        raise Http404
    return render(
        request,
        "duties/complaints.html",
        {
            "complaints": seen[:200],
            "communities": communities,
            "departments": OrgUnit.objects.filter(kind__in=DEPARTMENTS, active=True).order_by(
                "kind", "name"
            ),
            "reviews": can_review_admission(request.user),
            "post": request.POST if request.method == "POST" else {},
        },
    )


@login_required
@require_POST
def complaint_decide(request, pk: int):
    complaint = get_object_or_404(complaints.complaint_list(user=request.user), pk=pk)
    form = FindingForm(request.POST)
    if not form.is_valid():
        form_refused(request, form)
        return redirect("duties:complaints")
    try:
        complaints.complaint_decide(
            complaint=complaint,
            upheld=form.cleaned_data["outcome"] == "upheld",
            finding=form.cleaned_data["finding"],
            actor=request.user,
        )
    except DomainError as exc:
        refused(request, exc)
    else:
        messages.success(request, _("The finding is on the record."))
    return redirect("duties:complaints")
