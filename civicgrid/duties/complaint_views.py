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
from civicgrid.core.errors import DomainError

from . import complaints
from .admission import DEPARTMENTS, reviews
from .enforce import my_communities


def may_list_complaints(user) -> bool:
    """A community's staff complain; reviewers decide; others see the complaints they may."""
    return (
        bool(my_communities(user, staff=True))
        or bool(reviews(user))
        or complaints.visible(user).exists()
    )


@login_required
def complaint_list(request):
    communities = my_communities(request.user, staff=True)
    seen = complaints.visible(request.user)
    if request.method == "POST" and communities:
        post = request.POST
        try:
            complaint = complaints.file(
                actor=request.user,
                community=next(
                    (c for c in communities if str(c.pk) == post.get("community")), None
                ),
                department=OrgUnit.objects.filter(
                    pk=post.get("department")
                    if str(post.get("department", "")).isdigit()
                    else None,
                    kind__in=DEPARTMENTS,
                ).first(),
                what=post.get("what", ""),
                details=post.get("details", ""),
                hours=post.get("hours") or 0,
            )
        except DomainError as exc:
            messages.error(request, exc.message)
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
            "reviews": reviews(request.user),
            "post": request.POST if request.method == "POST" else {},
        },
    )


@login_required
@require_POST
def complaint_decide(request, pk: int):
    complaint = get_object_or_404(complaints.visible(request.user), pk=pk)
    try:
        complaints.decide(
            complaint=complaint,
            upheld=request.POST.get("outcome") == "upheld",
            finding=request.POST.get("finding", ""),
            actor=request.user,
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The finding is on the record."))
    return redirect("duties:complaints")
