"""The property oversight pages, for the leaders of communities and those above
(``selectors``): the estates (filtered by community; those without a company and those whose
company is blacklisted marked), an estate (its buildings, owners' committee, service terms, the complaints
about its service made in its buildings; give it to a company — the blacklist shown first — or end a term), and the district's blacklist. In
scope or 404; a refused form comes back as typed with the field marked."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from civicgrid.accounts.choices import UnitKind
from civicgrid.accounts.models import OrgUnit, User
from civicgrid.areas.models import Area
from civicgrid.cases.transitions import TERMINAL_STATES
from civicgrid.core.forms import Action, kept_or, run_action
from civicgrid.participation.council_models import Council

from . import complaints, selectors, services
from . import forms as ef

LIMIT = 500  # rows the list shows
COMPLAINTS_SHOWN = 50


def _gate(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    if not selectors.sees_estates(user):
        raise Http404
    return user


def may_open(user: User) -> bool:
    return selectors.sees_estates(user)


def _companies():
    return OrgUnit.objects.filter(kind=UnitKind.PROPERTY_COMPANY, active=True).order_by("name")


@login_required
def estate_list(request: HttpRequest) -> HttpResponse:
    user = _gate(request)
    areas = selectors.communities(user)
    limits: dict[str, dict[str, Any]] = {"estate": {
        "areas": Area.objects.filter(pk__in=[a.pk for a in areas]),
        "councils": Council.objects.filter(kind=Council.Kind.OWNERS, area__in=areas),
    }}  # fmt: skip
    posted = None
    if request.method == "POST" and areas:
        posted = run_action(request, {"estate": (ef.EstateForm, lambda u, _s, d:
                                                 services.estate_save(actor=u, **d))},
                            None, limits)  # fmt: skip
        if posted.done is not None:
            return redirect("estates:estate", posted.done.pk)
    rows = selectors.estates(user)
    community = request.GET.get("community", "")
    if community:
        rows = rows.filter(area__code=community)
    if request.GET.get("unmanaged"):
        rows = selectors.without_company(rows)
    return render(request, "estates/list.html", {
        "rows": rows[:LIMIT], "count": rows.count(), "limit": LIMIT, "areas": areas,
        "chosen": {"community": community, "unmanaged": bool(request.GET.get("unmanaged"))},
        "form": kept_or(posted, "estate", lambda: ef.EstateForm(auto_id="estate_%s",
                                                                **limits["estate"]))
        if areas else None,
    })  # fmt: skip


ESTATE_ACTIONS: dict[str, Action] = {
    "update": (ef.EstateForm, lambda u, e, d: services.estate_save(actor=u, estate=e, **d)),
    "term": (ef.TermForm, lambda u, e, d: services.term_give(actor=u, estate=e, **d)),
    "end": (ef.EndForm, lambda u, e, d: services.term_end(actor=u, **d)),
}


@login_required
def estate(request: HttpRequest, pk: int) -> HttpResponse:
    user = _gate(request)
    entry = get_object_or_404(selectors.estates(user), pk=pk)
    areas = selectors.communities(user)
    limits: dict[str, dict[str, Any]] = {
        "update": {"areas": Area.objects.filter(pk__in=[a.pk for a in areas]),
                   "councils": Council.objects.filter(kind=Council.Kind.OWNERS,
                                                      area=entry.area)},
        "term": {"companies": _companies()},
        "end": {"terms": entry.terms.filter(ends_on=None)},
    }  # fmt: skip
    keeps = services.keeps(user, entry.area)
    posted = None
    if request.method == "POST" and keeps:
        posted = run_action(request, ESTATE_ACTIONS, entry, limits)
        if posted.done is not None:
            return redirect("estates:estate", entry.pk)
    today = timezone.localdate()
    terms = list(entry.terms.select_related("company"))
    listed = {t.company_id: services.listed(t.company) for t in terms}
    forms_: dict[str, Any] = {}
    if keeps:
        current = {
            "area": entry.area,
            "code": entry.code,
            "name": entry.name,
            "buildings": " ".join(b.code for b in entry.buildings.all()),
            "owners_committee": entry.owners_committee,
            "self_management": entry.self_management,
            "arrangement": entry.arrangement,
        }
        forms_ = {
            "edit_form": kept_or(posted, "update", lambda: ef.EstateForm(
                initial=current, auto_id="update_%s", **limits["update"])),
            "term_form": kept_or(posted, "term", lambda: ef.TermForm(
                initial={"starts_on": today}, auto_id="term_%s", **limits["term"])),
            "end_form": kept_or(posted, "end", lambda: ef.EndForm(
                initial={"ends_on": today}, auto_id="end_%s", **limits["end"]))
            if limits["end"]["terms"].exists() else None,
        }  # fmt: skip
    said = complaints.of_estate(entry, user)
    return render(request, "estates/estate.html", {
        "complaints": said[:COMPLAINTS_SHOWN], "complaints_count": said.count(),
        "complaints_open": said.exclude(state__in=TERMINAL_STATES).count(),
        "e": entry, "buildings": entry.buildings.select_related("grid"),
        "terms": [(t, listed.get(t.company_id)) for t in terms],
        "current": services.current(entry),
        "blacklist": selectors.listed_now().select_related("company"),
        **forms_,
    })  # fmt: skip


BLACKLIST_ACTIONS: dict[str, Action] = {
    "add": (ef.BlacklistForm, lambda u, _s, d: services.blacklist_add(actor=u, **d)),
    "lift": (ef.LiftForm, lambda u, _s, d: services.blacklist_lift(actor=u, **d)),
}


@login_required
def blacklist(request: HttpRequest) -> HttpResponse:
    user = _gate(request)
    companies = [c for c in _companies().select_related("area") if services.may_list(user, c)]
    limits: dict[str, dict[str, Any]] = {
        "add": {"companies": OrgUnit.objects.filter(pk__in=[c.pk for c in companies])},
        "lift": {"entries": selectors.listed_now().filter(company__in=companies)},
    }
    posted = None
    if request.method == "POST" and companies:
        posted = run_action(request, BLACKLIST_ACTIONS, None, limits)
        if posted.done is not None:
            return redirect("estates:blacklist")
    today = timezone.localdate()
    return render(request, "estates/blacklist.html", {
        "rows": selectors.blacklist(user), "today": today,
        "add_form": kept_or(posted, "add", lambda: ef.BlacklistForm(
            initial={"listed_on": today}, auto_id="add_%s", **limits["add"]))
        if companies else None,
        "lift_form": kept_or(posted, "lift", lambda: ef.LiftForm(
            initial={"on": today}, auto_id="lift_%s", **limits["lift"]))
        if companies and limits["lift"]["entries"].exists() else None,
    })  # fmt: skip
