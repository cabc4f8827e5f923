"""The legal advisers and expert panels page (``counsel.py`` says the rules): the advisers of the
communities the user works in or around, the streets' panels with their members; the leaders of a
place appoint and end advisers, form panels, add and retire members. Anyone who neither leads nor
mediates anywhere: 404. A refused form comes back as typed with the field marked."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from civicgrid.accounts import permissions
from civicgrid.accounts.models import User
from civicgrid.accounts.selectors import led
from civicgrid.areas.choices import AreaLevel
from civicgrid.areas.models import Area
from civicgrid.core.forms import Action, kept_or, run_action

from . import counsel
from . import counsel_forms as cf
from .models import ExpertPanel, PanelMember

ACTIONS: dict[str, Action] = {
    "appoint": (cf.AdviserForm, lambda u, _s, d: counsel.adviser_appoint(actor=u, **d)),
    "end": (cf.AdviserEndForm, lambda u, _s, d: counsel.adviser_end(actor=u, **d)),
    "panel": (cf.PanelForm, lambda u, _s, d: counsel.panel_create(actor=u, **d)),
    "member": (cf.MemberForm, lambda u, _s, d: counsel.member_add(actor=u, **d)),
    "retire": (cf.RetireForm, lambda u, _s, d: counsel.member_retire(actor=u, **d)),
}


def may_open(user: User) -> bool:
    return counsel.sees(user)


def _led(user: User, level: int):
    return led(Area.objects.filter(level=level, active=True), user, "path").order_by("path")


@login_required
def advisers(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    if not counsel.sees(user):
        raise Http404
    today = timezone.localdate()
    communities = _led(user, AreaLevel.COMMUNITY) if permissions.leads_somewhere(user) else None
    streets = _led(user, AreaLevel.STREET) if permissions.leads_somewhere(user) else None
    kept_panels = ExpertPanel.objects.filter(area__in=streets) if streets is not None else None
    limits: dict[str, dict[str, Any]] = {
        "appoint": {"communities": communities},
        "end": {"advisers": counsel.in_force(today).filter(area__in=communities)
                if communities is not None else None},
        "panel": {"streets": streets},
        "member": {"panels": kept_panels.filter(active=True) if kept_panels is not None else None},
        "retire": {"members": PanelMember.objects.filter(panel__in=kept_panels, active=True)
                   if kept_panels is not None else None},
    }  # fmt: skip
    posted = None
    if request.method == "POST" and permissions.leads_somewhere(user):
        posted = run_action(request, ACTIONS, None, limits)
        if posted.done is not None:
            return redirect("disputes:advisers")
    forms_: dict[str, Any] = {}
    if communities is not None and communities.exists():
        forms_["appoint_form"] = kept_or(
            posted,
            "appoint",
            lambda: cf.AdviserForm(
                initial={"starts_on": today}, auto_id="appoint_%s", **limits["appoint"]
            ),
        )
        if limits["end"]["advisers"].exists():
            forms_["end_form"] = kept_or(
                posted,
                "end",
                lambda: cf.AdviserEndForm(
                    initial={"ends_on": today}, auto_id="end_%s", **limits["end"]
                ),
            )
    if streets is not None and streets.exists():
        forms_["panel_form"] = kept_or(
            posted, "panel", lambda: cf.PanelForm(auto_id="panel_%s", **limits["panel"])
        )
        if limits["member"]["panels"].exists():
            forms_["member_form"] = kept_or(
                posted, "member", lambda: cf.MemberForm(auto_id="member_%s", **limits["member"])
            )
        if limits["retire"]["members"].exists():
            forms_["retire_form"] = kept_or(
                posted, "retire", lambda: cf.RetireForm(auto_id="retire_%s", **limits["retire"])
            )
    members = Prefetch("members", PanelMember.objects.filter(active=True))
    current = set(counsel.in_force(today).values_list("pk", flat=True))
    return render(request, "disputes/advisers.html", {
        "advisers": [(a, a.pk in current) for a in counsel.advisers(user)[:500]],
        "panels": counsel.panels(user).prefetch_related(members),
        "communities_without": _without(user, today),
        **forms_,
    })  # fmt: skip


def _without(user: User, today) -> list[Area]:
    """The communities the user leads that have no legal adviser today."""
    if not permissions.leads_somewhere(user):
        return []
    served = counsel.in_force(today).values("area_id")
    return list(_led(user, AreaLevel.COMMUNITY).exclude(pk__in=served)[:200])
