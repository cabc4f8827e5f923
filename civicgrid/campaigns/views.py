"""The screening campaign pages: the campaigns a user sees (``selectors``), launched by the
leaders of a district, street or community; a campaign's page — its checklist, the visits and
findings of the places the user sees, each finding made a case, and its report (places visited,
places with findings, findings by item and by grid, cases made and rectified) — where its grid
workers record visits and findings and its leaders conclude it. In scope or 404; a refused form
comes back as typed with the field marked."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from civicgrid.accounts import permissions
from civicgrid.accounts.models import OrgUnit, User
from civicgrid.accounts.selectors import led
from civicgrid.areas.choices import AreaLevel
from civicgrid.areas.models import Area
from civicgrid.cases.selectors import TO_REPORT
from civicgrid.core.forms import Action, kept_or, run_action, shown

from . import forms as cf
from . import selectors, services
from .models import Campaign

LIMIT = 200


def _gate(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    if not selectors.sees(user):
        raise Http404
    return user


def may_open(user: User) -> bool:
    return selectors.sees(user)


def _scopes(user: User):
    return led(Area.objects.filter(level__in=services.SCOPES, active=True), user, "path").order_by(
        "path"
    )


@login_required
def campaign_list(request: HttpRequest) -> HttpResponse:
    user = _gate(request)
    scopes = _scopes(user)
    limits: dict[str, dict[str, Any]] = {"launch": {
        "areas": scopes, "units": led(OrgUnit.objects.filter(active=True), user, "area__path")
        .order_by("kind", "name"),
    }}  # fmt: skip
    posted = None
    if request.method == "POST":
        if not scopes.exists():
            raise Http404
        posted = run_action(request, {"launch": (cf.LaunchForm, lambda u, _s, d:
                                                 services.campaign_launch(actor=u, **d))},
                            None, limits)  # fmt: skip
        if posted.done is not None:
            return redirect("campaigns:campaign", posted.done.pk)
    rows = selectors.campaigns(user)
    return render(request, "campaigns/list.html", {
        "rows": rows[:LIMIT], "count": rows.count(), "limit": LIMIT,
        "today": timezone.localdate(),
        "form": kept_or(posted, "launch", lambda: cf.LaunchForm(auto_id="launch_%s",
                                                                **limits["launch"]))
        if scopes.exists() else None,
    })  # fmt: skip


ACTIONS: dict[str, Action] = {
    "checklist": (cf.ChecklistForm, lambda u, c, d: services.checklist_set(actor=u, campaign=c,
                                                                         **d)),
    "conclude": (cf.ConcludeForm, lambda u, c, d: services.campaign_conclude(actor=u, campaign=c,
                                                                           **d)),
    "visit": (cf.VisitForm, lambda u, c, d: services.visit_record(actor=u, campaign=c, **d)),
    "finding": (cf.FindingForm, lambda u, c, d: services.finding_add(actor=u, **d)),
    "case": (cf.FindingCaseForm, lambda u, c, d: services.finding_report(actor=u, **d)),
}  # fmt: skip


def _grids(user: User, campaign: Campaign):
    grids = Area.objects.filter(
        level=AreaLevel.GRID, active=True, path__startswith=campaign.area.path
    ).order_by("path")
    return [g for g in grids if services.records(user, g)]


@login_required
def campaign(request: HttpRequest, pk: int) -> HttpResponse:
    user = _gate(request)
    entry = get_object_or_404(selectors.campaigns(user), pk=pk)
    keeps = services.keeps(user, entry)
    grids = _grids(user, entry) if entry.concluded_on is None else []
    visits = selectors.visits(user, entry)
    mine = visits.filter(grid__in=grids)
    findings = selectors.findings(user, entry)
    # not yet a case, or its case was voided
    again = findings.filter(TO_REPORT)
    limits: dict[str, dict[str, Any]] = {
        "visit": {"grids": Area.objects.filter(pk__in=[g.pk for g in grids])},
        "finding": {"visits": mine, "items": entry.items.all()},
        "case": {"findings": again.filter(visit__in=mine) if not keeps else again},
    }  # fmt: skip
    allowed = {"visit", "finding", "case"} if grids else set()
    if keeps:
        allowed |= {"checklist", "conclude", "case"}
    posted = None
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in allowed:
            raise Http404
        posted = run_action(request, {action: ACTIONS[action]}, entry, limits)
        if posted.done is not None:
            return redirect("campaigns:campaign", entry.pk)
    today = timezone.localdate()

    def made(action: str, form_class, **initial):
        if action not in allowed:
            return None
        return shown(posted, action, form_class, limits, **initial)

    return render(request, "campaigns/campaign.html", {
        "c": entry, "keeps": keeps, "today": today,
        "items": entry.items.all(),
        "visits": visits.order_by("-visited_on", "-pk")[:LIMIT], "visit_count": visits.count(),
        "findings": findings.order_by("-pk")[:LIMIT],
        "report": selectors.report(user, entry),
        "visit_form": made("visit", cf.VisitForm,
                           visited_on=min(today, entry.ends_on)),
        "finding_form": made("finding", cf.FindingForm) if mine.exists() else None,
        "case_form": made("case", cf.FindingCaseForm)
        if limits["case"]["findings"].exists() else None,
        "checklist_form": made("checklist", cf.ChecklistForm, items="\n".join(
            i.text for i in entry.items.all())) if entry.starts_on > today else None,
        "conclude_form": made("conclude", cf.ConcludeForm, on=today)
        if entry.concluded_on is None and entry.starts_on <= today else None,
        "whole": permissions.can_lead(user, entry.area),
    })  # fmt: skip
