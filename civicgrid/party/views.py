"""Pages of party building: the overview (figures, the organisations' tree), each organisation
(its seats and agreements), the stationed units, each agreement (its commitments), and the three
lists (needs, resources, projects) with each need's matching resources. In scope or 404; the
forms show only to those who keep the area's register (its leaders), and a page whose form was
refused says why and changes nothing.

A page with several forms names the one it sent in ``action``; each action is a form and the
service that acts on it (the tables below)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.accounts.models import User
from civicgrid.accounts.scope import top_case_area
from civicgrid.core.forms import Action, acted, kept_or, run_action

from . import cobuilding, projects, reviews, selectors, services
from . import forms as pf
from .choices import COMMITTEES, ReviewRating


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def may_open(user: User) -> bool:
    """Who sees party building at all (the menu asks the same)."""
    return selectors.sees_party_building(user)


def _gate(request: HttpRequest) -> User:
    user = _user(request)
    if not may_open(user):
        raise Http404
    return user


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    user = _gate(request)
    areas = selectors.areas_kept(user)
    parents = selectors.organisations(user)
    form = pf.OrganisationForm(areas=areas, parents=parents) if areas else None
    if request.method == "POST" and areas:
        form = pf.OrganisationForm(request.POST, areas=areas, parents=parents)
        made = acted(request, form, lambda d: services.organisation_create(actor=user, **d))
        if made is not None:
            messages.success(request, _("Saved."))
            return redirect("party:organisation", made.pk)
    return render(
        request,
        "party/overview.html",
        {
            "figures": selectors.figures(user, today=timezone.localdate()),
            "rows": selectors.tree(user),
            "form": form,
            "figures_open": top_case_area(user) is not None,  # the evaluation's figures page
        },
    )


ORGANISATION_ACTIONS: dict[str, Action] = {
    "update": (pf.OrganisationEditForm, lambda user, org, d: services.organisation_update(
        actor=user, organisation=org, **d)),
    "seat": (pf.SeatForm, lambda user, org, d: services.seat_give(
        actor=user, committee=org, **d)),
    "seat_end": (pf.SeatEndForm, lambda user, org, d: services.seat_end(actor=user, **d)),
    "agreement": (pf.AgreementForm, lambda user, org, d: cobuilding.agreement_draft(
        actor=user, party_organisation=org, stationed_unit=d["stationed_unit"],
        title=d["title"], starts_on=d["starts_on"], ends_on=d["ends_on"],
        commitments=d["promises"])),
}  # fmt: skip


@login_required
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _gate(request)
    org = get_object_or_404(selectors.organisations(user), pk=pk)
    keeps = services.may_keep(user, org.unit.area)
    units = selectors.stationed_units(user).filter(active=True)
    open_seats = org.seats.filter(until__isnull=True)
    parents = selectors.organisations(user).exclude(pk=org.pk)
    limits: dict[str, dict[str, Any]] = {
        "update": {"parents": parents},
        "seat": {"units": units},
        "seat_end": {"seats": open_seats},
        "agreement": {"units": units},
    }
    posted = None
    if request.method == "POST" and keeps:
        posted = run_action(request, ORGANISATION_ACTIONS, org, limits)
        if posted.done is not None:
            return redirect("party:organisation", org.pk)
    initial = {
        "name": org.unit.name, "level": org.level, "setting": org.setting, "host": org.host,
        "building": org.building.code if org.building else "", "secretary": org.secretary,
        "members": org.members, "founded_on": org.founded_on,
        "parent": getattr(org.unit.parent, "party_organisation", None),
    }  # fmt: skip
    children = selectors.organisations(user).filter(unit__parent=org.unit)
    forms_: dict[str, forms.Form | None] = {"edit_form": None, "seat_form": None,
                                            "agreement_form": None}  # fmt: skip
    if keeps:
        forms_ = {
            "edit_form": kept_or(posted, "update", lambda: pf.OrganisationEditForm(
                initial=initial, auto_id="update_%s", **limits["update"])),
            "seat_form": kept_or(posted, "seat", lambda: pf.SeatForm(
                auto_id="seat_%s", **limits["seat"])),
            "agreement_form": kept_or(posted, "agreement", lambda: pf.AgreementForm(
                auto_id="agreement_%s", **limits["agreement"])),
        }  # fmt: skip
    return render(
        request,
        "party/organisation.html",
        {
            "org": org,
            "keeps": keeps,
            "committee": org.level in COMMITTEES,
            "children": children,
            "seats": selectors.seats(user).filter(committee=org),
            "open_seats": open_seats.exists(),
            "agreements": selectors.agreements(user).filter(party_organisation=org),
            "roster_seen": selectors.rosters(user).filter(pk=org.pk).exists(),
            "today": timezone.localdate(),
            **forms_,
        },
    )


@login_required
def stationed_list(request: HttpRequest) -> HttpResponse:
    user = _gate(request)
    areas = selectors.areas_kept(user)
    form = pf.StationedForm(areas=areas, initial={"active": True}) if areas else None
    if request.method == "POST" and areas:
        form = pf.StationedForm(request.POST, areas=areas)
        made = acted(request, form, lambda d: services.stationed_unit_save(actor=user, **d))
        if made is not None:
            messages.success(request, _("Saved."))
            return redirect("party:unit", made.pk)
    return render(
        request,
        "party/units.html",
        {"units": selectors.stationed_units(user)[:LIMIT], "limit": LIMIT, "form": form},
    )


UNIT_ACTIONS: dict[str, Action] = {
    "review": (pf.ReviewForm, lambda user, unit, d: reviews.review_file(
        actor=user, stationed_unit=unit, **d)),
    "update": (pf.StationedForm, lambda user, unit, d: services.stationed_unit_save(
        actor=user, unit=unit, **d)),
    "resource": (pf.ResourceForm, lambda user, unit, d: cobuilding.resource_offer(
        actor=user, **d)),
}  # fmt: skip
UNIT_FIELDS = ("name", "kind", "address", "credit_code", "party_body", "members", "contact_name",
               "active")  # fmt: skip


@login_required
def stationed_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _gate(request)
    unit = get_object_or_404(selectors.stationed_units(user), pk=pk)
    keeps = services.may_keep(user, unit.area)
    areas = selectors.areas_kept(user)
    if unit.area not in areas:
        areas = [*areas, unit.area]  # its own place is offered even where it is not a street's
    committees = selectors.committees_kept(user, unit)
    limits: dict[str, dict[str, Any]] = {
        "update": {"areas": areas},
        "resource": {"units": selectors.stationed_units(user).filter(pk=unit.pk)},
        "review": {"committees": committees},
    }
    posted = None
    if request.method == "POST" and (keeps or committees):
        posted = run_action(request, UNIT_ACTIONS, unit, limits)
        if posted.done is not None:
            return redirect("party:unit", unit.pk)
    initial: dict[str, Any] = {f: getattr(unit, f) for f in UNIT_FIELDS} | {"area": unit.area}
    filed = list(
        selectors.reviews(user).filter(stationed_unit=unit).prefetch_related("recommendations")
    )
    today = timezone.localdate()
    return render(
        request,
        "party/unit.html",
        {
            "unit": unit,
            "keeps": keeps,
            "seats": selectors.seats(user).filter(stationed_unit=unit),
            "agreements": selectors.agreements(user).filter(stationed_unit=unit),
            "resources": unit.resources.all(),
            "reviews": filed,
            "standing": _standing([r for r in filed if r.year == today.year]),
            "review_form": kept_or(posted, "review", lambda: pf.ReviewForm(
                initial={"year": today.year, "reviewed_on": today}, auto_id="review_%s",
                **limits["review"])) if committees else None,
            "edit_form": kept_or(posted, "update", lambda: pf.StationedForm(
                initial=initial, auto_id="update_%s", **limits["update"])) if keeps else None,
            "resource_form": kept_or(posted, "resource", lambda: pf.ResourceForm(
                initial={"stationed_unit": unit}, auto_id="resource_%s",
                **limits["resource"])) if keeps else None,
            "today": today,
        },
    )  # fmt: skip


def _standing(this_year: list) -> str:
    """A unit's party-building standing from this year's reviews, as words."""
    found = reviews.standing(this_year)
    if found == reviews.VETOED:
        return _("vetoed")
    return str(ReviewRating(found).label) if found else ""


AGREEMENT_ACTIONS: dict[str, Action] = {
    "sign": (pf.SignForm, lambda user, a, d: cobuilding.agreement_sign(
        actor=user, agreement=a, **d)),
    "terminate": (pf.TerminateForm, lambda user, a, d: cobuilding.agreement_terminate(
        actor=user, agreement=a, **d)),
    "commitment": (pf.CommitmentForm, lambda user, a, d: cobuilding.commitment_add(
        actor=user, agreement=a, promise=cobuilding.Promise(**d))),
    "done": (pf.CommitmentDoneForm, lambda user, a, d: cobuilding.commitment_done(
        actor=user, **d)),
}  # fmt: skip


@login_required
def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _gate(request)
    agreement = get_object_or_404(selectors.agreements(user), pk=pk)
    keeps = services.may_keep(user, agreement.party_organisation.unit.area)
    limits = {"done": {"commitments": agreement.commitments.filter(done_on__isnull=True)}}
    posted = None
    if request.method == "POST" and keeps:
        posted = run_action(request, AGREEMENT_ACTIONS, agreement, limits)
        if posted.done is not None:
            return redirect("party:agreement", agreement.pk)
    return render(
        request,
        "party/agreement.html",
        {
            "agreement": agreement,
            "keeps": keeps,
            "in_force": agreement.in_force_on(timezone.localdate()),
            "commitments": agreement.commitments.all(),
            "projects": selectors.projects(user).filter(agreement=agreement),
            "commitment_form": kept_or(
                posted, "commitment", lambda: pf.CommitmentForm(auto_id="commitment_%s")
            )
            if keeps
            else None,
        },
    )


LIMIT = 300  # rows a list page shows; the API and the admin have them all
LIST_ACTIONS: dict[str, Action] = {
    "need": (pf.NeedForm, lambda user, _none, d: cobuilding.need_raise(actor=user, **d)),
    "project": (pf.ProjectForm, lambda user, _none, d: projects.project_start(
        actor=user, resources=d.pop("resources"), **d)),
}  # fmt: skip


def _project_limits(user: User) -> dict[str, Any]:
    """What a project may be made of: the open needs, the available resources, the signed
    agreements (each choice names its place)."""
    return {
        "needs": selectors.needs(user).filter(status__in=("open", "matched")),
        "resources": selectors.resources(user).filter(available=True),
        "agreements": selectors.agreements(user).filter(status="signed"),
        "publishers": selectors.organisations(user),
    }


@login_required
def lists(request: HttpRequest) -> HttpResponse:
    user = _gate(request)
    areas = selectors.areas_kept(user)
    today = timezone.localdate()
    limits = {"need": {"areas": areas}, "project": {"areas": areas, **_project_limits(user)}}
    posted = None
    if request.method == "POST" and areas:
        posted = run_action(request, LIST_ACTIONS, None, limits)
        if posted.done is not None:
            return redirect("party:lists")
    return render(
        request,
        "party/lists.html",
        {
            "needs": selectors.needs(user)[:LIMIT],
            "resources": selectors.resources(user)[:LIMIT],
            "projects": selectors.projects(user).prefetch_related("resources")[:LIMIT],
            "limit": LIMIT,
            "need_form": kept_or(posted, "need", lambda: pf.NeedForm(
                initial={"raised_on": today}, auto_id="need_%s", **limits["need"]))
            if areas else None,
            "project_form": kept_or(posted, "project", lambda: pf.ProjectForm(
                initial={"starts_on": today}, auto_id="project_%s", **limits["project"]))
            if areas else None,
        },
    )  # fmt: skip


@login_required
def need_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _gate(request)
    need = get_object_or_404(selectors.needs(user), pk=pk)
    keeps = services.may_keep(user, need.area)
    today = timezone.localdate()
    limits = {"project": {"areas": [need.area], **_project_limits(user)}}
    # on a need's page, the resources offered are its matches (those bound by an agreement first)
    found = cobuilding.matches(need, today=today, among=limits["project"]["resources"])
    limits["project"]["resources"] = selectors.resources(user).filter(pk__in=[r.pk for r in found])
    actions: dict[str, Action] = {
        "project": LIST_ACTIONS["project"],
        "withdraw": (forms.Form, lambda user, n, _d: cobuilding.need_withdraw(actor=user, need=n)),
    }
    posted = None
    if request.method == "POST" and keeps:
        posted = run_action(request, actions, need, limits)
        if posted.action == "project" and posted.done is not None:
            return redirect("party:project", posted.done.pk)
        if posted.done is not None:
            return redirect("party:need", need.pk)
    fresh = {"need": need, "area": need.area, "category": need.category, "title": need.title,
             "starts_on": today}  # fmt: skip
    return render(
        request,
        "party/need.html",
        {
            "need": need,
            "keeps": keeps,
            "matches": found,
            "projects": selectors.projects(user).filter(need=need),
            "project_form": kept_or(posted, "project", lambda: pf.ProjectForm(
                initial=fresh, auto_id="project_%s", **limits["project"]))
            if keeps and need.status in ("open", "matched") else None,
        },
    )  # fmt: skip
