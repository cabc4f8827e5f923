"""Dispute pages: the list (risk, repeats) and one dispute with its record, sessions and visits."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.accounts.choices import Role
from civicgrid.accounts.models import User
from civicgrid.cases import selectors as cases
from civicgrid.cases.choices import Rating
from civicgrid.core.errors import DomainError, NotFound
from civicgrid.core.paging import keyset_page
from civicgrid.web.feedback import explained

from . import selectors, services
from .models import Complexity, Party, Risk, Session


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


def _when(value: str):
    try:
        moment = dt.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


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
        try:
            _post(request, case, dispute)
        except DomainError as exc:
            messages.error(request, explained(exc))
        else:
            messages.success(request, _("Saved."))
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
            "leaders": User.objects.filter(
                assignments__role=Role.LEADER, assignments__active=True, is_active=True
            ).distinct(),
        },
    )


def _post(request, case, dispute):
    form = request.POST.get("form")
    if form == "record":
        leader = User.objects.filter(pk=request.POST.get("responsible_leader") or 0).first()
        parties = [
            services.PartyIn(name=name, role=role, phone=phone)
            for name, role, phone in zip(
                request.POST.getlist("party_name"),
                request.POST.getlist("party_role"),
                request.POST.getlist("party_phone"),
                strict=False,
            )
            if name.strip()
        ]
        services.dispute_record(
            case=case,
            actor=request.user,
            risk=request.POST.get("risk", ""),
            complexity=request.POST.get("complexity", ""),
            summary=request.POST.get("summary", ""),
            leader=leader,
            parties=parties,
        )
    elif form == "session" and dispute:
        services.session_add(
            dispute=dispute,
            actor=request.user,
            held_at=_when(request.POST.get("held_at")),
            minutes=request.POST.get("minutes", ""),
            outcome=request.POST.get("outcome", ""),
            place=request.POST.get("place", ""),
            agreement=request.FILES.get("agreement"),
        )
    elif form == "follow_up" and dispute:
        services.follow_up_add(
            dispute=dispute,
            actor=request.user,
            visited_at=_when(request.POST.get("visited_at")),
            satisfaction=request.POST.get("satisfaction", ""),
            notes=request.POST.get("notes", ""),
        )
    else:
        raise DomainError(_("Unknown form."), code="invalid", field="form")
