"""Opinion pages: staff collect, route and resolve residents' opinions and read each community's
resolution rate; residents give theirs on the portal (logged in); claims of projects and
volunteer tasks with their service hours. In scope or 404. Each form is typed by its class in
``council_forms.py``."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import Sum
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.accounts.models import OrgUnit
from civicgrid.accounts.permissions import can_convene
from civicgrid.accounts.scope import areas_around
from civicgrid.areas.choices import AreaLevel
from civicgrid.areas.models import Area
from civicgrid.core.errors import DomainError, TooManyAttempts
from civicgrid.core.feedback import form_refused, refused
from civicgrid.core.ratelimit import Limit

from . import opinions
from .acting import Action, SignedIn, act, act_on
from .council_forms import ClaimForm, OpinionForm, PeriodForm, ResolveForm, RouteForm
from .council_views import _areas, _only
from .models import Call, Claim, Meeting, Opinion, Project, Proposal, Purpose
from .selectors import public_calls, stage


def _rates(request: SignedIn, areas: list[Area]) -> tuple[list[dict], dt.date, dt.date]:
    """The resolution rates of the period asked for (a year so far by default); a period the
    page cannot read is named, and the default shown."""
    today = timezone.localdate()
    start, end = dt.date(today.year, 1, 1), today
    period = PeriodForm(request.GET)
    if not period.is_valid():
        form_refused(request, period)
    else:
        start, end = period.cleaned_data["from"] or start, period.cleaned_data["to"] or end
    try:
        return opinions.resolution_rates(areas=areas, start=start, end=end), start, end
    except DomainError as exc:
        refused(request, exc)
        start, end = dt.date(today.year, 1, 1), today
        return opinions.resolution_rates(areas=areas, start=start, end=end), start, end


def _collect(request: SignedIn, areas: list[Area], data: dict) -> str:
    opinions.opinion_collect(actor=request.user, **data)
    return _("Saved.")


def _route(request: SignedIn, areas: list[Area], data: dict) -> str:
    opinions.opinion_route(actor=request.user, **data)
    return _("Saved.")


def _resolve(request: SignedIn, areas: list[Area], data: dict) -> str:
    opinions.opinion_resolve(actor=request.user, **data)
    return _("Saved.")


def _mine(request: SignedIn, areas: list[Area]) -> list[Area]:
    return [a for a in areas if can_convene(request.user, a)]


def _route_form(request: SignedIn, areas: list[Area]) -> RouteForm:
    return RouteForm(
        request.POST,
        opinions=Opinion.objects.filter(area__in=areas),
        meetings=Meeting.objects.filter(area__in=areas),
        proposals=Proposal.objects.filter(
            call__area__in=areas_around(request.user), call__purpose=Purpose.PROJECTS
        ),
    )


OPINION_ACTIONS = {
    "collect": Action(
        lambda request, areas: OpinionForm(request.POST, areas=_only(_mine(request, areas))),
        _collect,
    ),
    "route": Action(_route_form, _route),
    "resolve": Action(
        lambda request, areas: ResolveForm(
            request.POST, opinions=Opinion.objects.filter(area__in=areas)
        ),
        _resolve,
    ),
}


@login_required
def opinion_list(request: SignedIn):
    communities = list(_areas(request.user))
    if not communities:
        raise Http404
    # a street consultation committee's opinions may be about the street as a whole
    areas = communities + list(_areas(request.user, AreaLevel.STREET))
    mine = _mine(request, areas)
    if request.method == "POST" and act_on(request, OPINION_ACTIONS, areas):
        return redirect("participation:opinions")
    rates, start, end = _rates(request, communities)
    shown = list(
        Opinion.objects.filter(area__in=areas).select_related(
            "area", "case", "proposal", "meeting"
        )[:200]
    )
    resolved = set(
        Opinion.objects.filter(pk__in=[o.pk for o in shown])
        .filter(opinions.RESOLVED)
        .values_list("pk", flat=True)
    )
    for o in shown:
        o.is_resolved = o.pk in resolved
        o.waits_for_case = opinions.waits_for_its_case(o)
    return render(
        request,
        "participation/opinions.html",
        {
            "opinions": shown,
            "areas": mine,
            "channels": Opinion.Channel.choices,
            "routes": Opinion.Route.choices,
            "meetings": Meeting.objects.filter(area__in=mine, status=Meeting.Status.PLANNED),
            "proposals": Proposal.objects.filter(
                call__area__in=areas_around(request.user),
                call__status=Call.Status.OPEN,
                call__purpose=Purpose.PROJECTS,
            ),
            "rates": rates,
            "start": start,
            "end": end,
        },
    )


@login_required
def opinion_give(request: SignedIn):
    """A resident gives an opinion for their community (the portal channel)."""
    communities = Area.objects.filter(level=AreaLevel.COMMUNITY, active=True).order_by("code")
    if request.method == "POST":

        def give(data: dict) -> str:
            limit = Limit("participation.opinion", settings.CIVICGRID_OPINIONS_PER_HOUR, 3600)
            if not limit.hit(f"user:{request.user.pk}"):
                raise TooManyAttempts(_("Too many attempts: try again in an hour."))
            opinions.opinion_collect(actor=None, channel=Opinion.Channel.PORTAL, **data)
            return _("Thank you: your community will answer.")

        form = OpinionForm(request.POST, areas=communities, channel=False)
        if act(request, form, give):
            return redirect("participation:public_calls")
    return render(
        request,
        "participation/public_opinion.html",
        {"communities": communities, "open_calls": _open_calls()},
    )


def _open_calls() -> list[Call]:
    """The votes a resident may act on now: proposals or nominations taken, or voting open."""
    calls = []
    for call in public_calls().order_by("voting_until")[:200]:
        call.stage = stage(call)
        if call.stage == "vote" or (call.stage == "collect" and call.purpose != Purpose.OPTIONS):
            calls.append(call)
    return calls


@login_required
def claim_list(request: SignedIn):
    areas = list(_areas(request.user))
    if not areas:
        raise Http404
    mine = [a for a in areas if can_convene(request.user, a)]
    units = OrgUnit.objects.filter(active=True).exclude(kind="department").order_by("name")
    projects = Project.objects.filter(
        proposal__call__area__in=areas_around(request.user)
    ).select_related("proposal")
    if request.method == "POST":

        def record(data: dict) -> str:
            data["hours"] = data["hours"] or 0
            opinions.claim_record(actor=request.user, **data)
            return _("Saved.")

        form = ClaimForm(request.POST, areas=_only(mine), projects=projects, units=units)
        if act(request, form, record):
            return redirect("participation:claims")
    claims = Claim.objects.filter(area__in=areas).select_related("area", "unit", "project")
    return render(
        request,
        "participation/claims.html",
        {
            "claims": claims[:200],
            "hours": claims.exclude(unit=None)
            .values("unit__name")
            .annotate(total=Sum("hours"))
            .order_by("-total"),
            "areas": mine,
            "claimants": Claim.Claimant.choices,
            "units": units,
            "projects": projects,
        },
    )
