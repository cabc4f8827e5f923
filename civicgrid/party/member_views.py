"""An organisation's roster page: its members (and those of the organisations under it), the
activities they took part in, their credit entries this year; the keeper's forms to add a member
(from the register by ID number, or an in-service member by name), take one off, log an activity
and record a credit entry. Only to whom sees the organisation's own place (``selectors.rosters``),
else 404."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Q, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from civicgrid.accounts.models import User
from civicgrid.accounts.selectors import subtrees
from civicgrid.core.forms import Action, kept_or, run_action
from civicgrid.registry.selectors import person_by_id_number

from . import member_forms as mf
from . import members, selectors, services
from .models import PartyOrganisation
from .views import _gate


def _add(user: User, org: PartyOrganisation, d: dict[str, Any]):
    person = person_by_id_number(user, d.pop("id_number"))
    return members.member_add(actor=user, organisation=org, person=person, **d)


ROSTER_ACTIONS: dict[str, Action] = {
    "member": (mf.MemberForm, _add),
    "leave": (mf.LeaveForm, lambda user, org, d: members.member_leave(actor=user, **d)),
    "activity": (mf.ActivityForm, lambda user, org, d: members.activity_log(
        actor=user, organisation=org, **d)),
    "credit": (mf.CreditForm, lambda user, org, d: members.credit_add(actor=user, **d)),
}  # fmt: skip


@login_required
def roster(request: HttpRequest, pk: int) -> HttpResponse:
    user = _gate(request)
    org = get_object_or_404(selectors.rosters(user), pk=pk)
    keeps = services.may_keep(user, org.unit.area)
    under = subtrees([org.unit])[org.unit.pk]
    today = timezone.localdate()
    year = today.replace(month=1, day=1)
    roster_ = (
        selectors.members(user)
        .filter(organisation__unit__in=under)
        .annotate(points=Sum("credit__points", filter=Q(credit__on__gte=year)))
        .order_by("until", "organisation__unit__name", "name")
    )
    current = roster_.filter(until=None)
    own = current.filter(organisation=org)
    limits: dict[str, dict[str, Any]] = {
        "leave": {"members": own},
        "activity": {"members": current},
        "credit": {"members": current},
    }
    posted = None
    if request.method == "POST" and keeps:
        posted = run_action(request, ROSTER_ACTIONS, org, limits)
        if posted.done is not None:
            return redirect("party:roster", org.pk)
    forms_: dict[str, Any] = {}
    if keeps:
        forms_ = {
            "member_form": kept_or(posted, "member", lambda: mf.MemberForm(
                initial={"since": today}, auto_id="member_%s")),
            "leave_form": kept_or(posted, "leave", lambda: mf.LeaveForm(
                initial={"until": today}, auto_id="leave_%s", **limits["leave"])),
            "activity_form": kept_or(posted, "activity", lambda: mf.ActivityForm(
                initial={"held_on": today}, auto_id="activity_%s", **limits["activity"])),
            "credit_form": kept_or(posted, "credit", lambda: mf.CreditForm(
                initial={"on": today}, auto_id="credit_%s", **limits["credit"])),
        }  # fmt: skip
    activities = (
        selectors.activities(user)
        .filter(organisation__unit__in=under, held_on__gte=year)
        .prefetch_related("participants")
    )
    return render(
        request,
        "party/roster.html",
        {
            "org": org,
            "keeps": keeps,
            "members": roster_,
            "on_roster": current.count(),
            "activities": activities,
            "credit": selectors.credit_entries(user).filter(
                member__organisation__unit__in=under, on__gte=year
            )[:200],
            "year": today.year,
            **forms_,
        },
    )
