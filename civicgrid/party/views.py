"""Pages of party building: the overview (figures, the organisations' tree), each organisation
(its seats and agreements), the stationed units, each agreement (its commitments), and the three
lists (needs, resources, projects) with each need's matching resources. In scope or 404; the
forms show only to those who keep the area's register (its leaders), and a page whose form was
refused says why and changes nothing.

A page with several forms names the one it sent in ``action``; each action is a form and the
service that acts on it (the tables below)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.accounts.models import User
from civicgrid.core.errors import DomainError
from civicgrid.core.feedback import refused
from civicgrid.core.forms import acted, sent

from . import cobuilding, selectors, services
from . import forms as pf
from .choices import COMMITTEES

Action = tuple[Callable[..., forms.Form], Callable[[User, Any, dict[str, Any]], object]]


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


def _run(request: HttpRequest, actions: dict[str, Action], subject: Any, **limits: Any) -> bool:
    """The form the page sent, acted on; True when it was done."""
    user = _user(request)
    make, handler = actions[sent(request, actions)]
    form = make(request.POST, **limits)
    done = acted(request, form, lambda data: handler(user, subject, data))
    if done is not None:
        messages.success(request, _("Saved."))
    return done is not None


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    user = _gate(request)
    areas = selectors.areas_kept(user)
    parents = selectors.organisations(user)
    if request.method == "POST" and areas:
        form = pf.OrganisationForm(request.POST, areas=areas, parents=parents)
        made = acted(request, form, lambda d: services.organisation_create(actor=user, **d))
        if made is not None:
            return redirect("party:organisation", made.pk)
    return render(
        request,
        "party/overview.html",
        {
            "figures": selectors.figures(user, today=timezone.localdate()),
            "rows": selectors.tree(user),
            "form": pf.OrganisationForm(areas=areas, parents=parents) if areas else None,
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
    if request.method == "POST" and keeps:
        limits: dict[str, dict[str, Any]] = {
            "update": {"parents": parents},
            "seat": {"units": units},
            "seat_end": {"seats": open_seats},
            "agreement": {"units": units},
        }
        kw = limits.get(request.POST.get("action", ""), {})
        if _run(request, ORGANISATION_ACTIONS, org, **kw):
            return redirect("party:organisation", org.pk)
    initial = {
        "name": org.unit.name, "level": org.level, "setting": org.setting, "host": org.host,
        "building": org.building.code if org.building else "", "secretary": org.secretary,
        "members": org.members, "founded_on": org.founded_on,
        "parent": getattr(org.unit.parent, "party_organisation", None),
    }  # fmt: skip
    children = selectors.organisations(user).filter(unit__parent=org.unit)
    return render(
        request,
        "party/organisation.html",
        {
            "org": org,
            "keeps": keeps,
            "committee": org.level in COMMITTEES,
            "children": children,
            "seats": org.seats.select_related("stationed_unit"),
            "agreements": org.agreements.select_related("stationed_unit"),
            "today": timezone.localdate(),
            "edit_form": pf.OrganisationEditForm(
                initial=initial, parents=parents, auto_id="update_%s"
            )
            if keeps
            else None,
            "seat_form": pf.SeatForm(units=units, auto_id="seat_%s") if keeps else None,
            "agreement_form": pf.AgreementForm(units=units, auto_id="agreement_%s")
            if keeps
            else None,
        },
    )


@login_required
def stationed_list(request: HttpRequest) -> HttpResponse:
    user = _gate(request)
    areas = selectors.areas_kept(user)
    if request.method == "POST" and areas:
        form = pf.StationedForm(request.POST, areas=areas)
        made = acted(request, form, lambda d: services.stationed_unit_save(actor=user, **d))
        if made is not None:
            return redirect("party:unit", made.pk)
    return render(
        request,
        "party/units.html",
        {
            "units": selectors.stationed_units(user)[:500],
            "form": pf.StationedForm(areas=areas, initial={"active": True}) if areas else None,
        },
    )


UNIT_ACTIONS: dict[str, Action] = {
    "update": (pf.StationedForm, lambda user, unit, d: services.stationed_unit_save(
        actor=user, unit=unit, **d)),
    "resource": (pf.ResourceForm, lambda user, unit, d: cobuilding.resource_offer(
        actor=user, **d)),
}  # fmt: skip


@login_required
def stationed_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _gate(request)
    unit = get_object_or_404(selectors.stationed_units(user), pk=pk)
    keeps = services.may_keep(user, unit.area)
    areas = selectors.areas_kept(user)
    mine = selectors.stationed_units(user).filter(pk=unit.pk)
    if request.method == "POST" and keeps:
        kw: dict[str, Any] = (
            {"areas": areas} if request.POST.get("action") == "update" else {"units": mine}
        )
        if _run(request, UNIT_ACTIONS, unit, **kw):
            return redirect("party:unit", unit.pk)
    initial = {
        f: getattr(unit, f)
        for f in (
            "name",
            "kind",
            "address",
            "credit_code",
            "party_body",
            "members",
            "contact_name",
            "active",
        )
    }
    initial["area"] = unit.area
    return render(
        request,
        "party/unit.html",
        {
            "unit": unit,
            "keeps": keeps,
            "seats": unit.seats.select_related("committee__unit"),
            "agreements": unit.agreements.select_related("party_organisation__unit"),
            "resources": unit.resources.all(),
            "today": timezone.localdate(),
            "edit_form": pf.StationedForm(initial=initial, areas=areas, auto_id="update_%s")
            if keeps
            else None,
            "resource_form": pf.ResourceForm(
                units=mine, initial={"stationed_unit": unit}, auto_id="resource_%s"
            )
            if keeps
            else None,
        },
    )


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
    open_ones = agreement.commitments.filter(done_on__isnull=True)
    if request.method == "POST" and keeps:
        kw = {"commitments": open_ones} if request.POST.get("action") == "done" else {}
        if _run(request, AGREEMENT_ACTIONS, agreement, **kw):
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
            "commitment_form": pf.CommitmentForm() if keeps else None,
        },
    )


LIST_ACTIONS: dict[str, tuple[Callable[..., forms.Form], Callable[..., object]]] = {
    "need": (pf.NeedForm, lambda user, d: cobuilding.need_raise(actor=user, **d)),
    "project": (pf.ProjectForm, lambda user, d: cobuilding.project_start(
        actor=user, resources=d.pop("resources"), **d)),
}  # fmt: skip


def _project_limits(user: User) -> dict[str, Any]:
    return {
        "needs": selectors.needs(user).filter(status__in=("open", "matched")),
        "resources": selectors.resources(user).filter(available=True),
        "agreements": selectors.agreements(user).filter(status="signed"),
    }


@login_required
def lists(request: HttpRequest) -> HttpResponse:
    user = _gate(request)
    areas = selectors.areas_kept(user)
    if request.method == "POST" and areas:
        action = sent(request, LIST_ACTIONS)
        make, handler = LIST_ACTIONS[action]
        kw = {"areas": areas, **(_project_limits(user) if action == "project" else {})}
        made = acted(request, make(request.POST, **kw), lambda d: handler(user, d))
        if made is not None:
            messages.success(request, _("Saved."))
            return redirect("party:lists")
    return render(
        request,
        "party/lists.html",
        {
            "needs": selectors.needs(user)[:300],
            "resources": selectors.resources(user)[:300],
            "projects": selectors.projects(user).prefetch_related("resources")[:300],
            "need_form": pf.NeedForm(
                areas=areas, initial={"raised_on": timezone.localdate()}, auto_id="need_%s"
            )
            if areas
            else None,
            "project_form": pf.ProjectForm(
                areas=areas,
                initial={"starts_on": timezone.localdate()},
                auto_id="project_%s",
                **_project_limits(user),
            )
            if areas
            else None,
        },
    )


@login_required
def need_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _gate(request)
    need = get_object_or_404(selectors.needs(user), pk=pk)
    keeps = services.may_keep(user, need.area)
    if request.method == "POST" and keeps:
        try:
            cobuilding.need_withdraw(actor=user, need=need)
        except DomainError as exc:
            refused(request, exc)
        else:
            messages.success(request, _("Saved."))
        return redirect("party:need", need.pk)
    today = timezone.localdate()
    return render(
        request,
        "party/need.html",
        {
            "need": need,
            "keeps": keeps,
            "matches": cobuilding.matches(need, today=today, among=selectors.resources(user)),
            "projects": selectors.projects(user).filter(need=need),
            "project_form": pf.ProjectForm(
                areas=selectors.areas_kept(user),
                initial={"need": need, "area": need.area, "category": need.category,
                         "title": need.title, "starts_on": today},
                **_project_limits(user),
            ) if keeps else None,
        },
    )  # fmt: skip


@login_required
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _gate(request)
    project = get_object_or_404(selectors.projects(user), pk=pk)
    keeps = services.may_keep(user, project.area)
    if request.method == "POST" and keeps:
        form = pf.ProgressForm(request.POST)
        done = acted(request, form, lambda d: cobuilding.project_progress(
            actor=user, project=project, **d))  # fmt: skip
        if done is not None:
            messages.success(request, _("Saved."))
            return redirect("party:project", project.pk)
    return render(
        request,
        "party/project.html",
        {
            "project": project,
            "keeps": keeps,
            "resources": project.resources.select_related("stationed_unit"),
            "form": pf.ProgressForm(initial={"status": project.status,
                                             "beneficiaries": project.beneficiaries,
                                             "ends_on": project.ends_on}) if keeps else None,
        },
    )  # fmt: skip
