"""Pages of grid-leader selections: the list with the form to open one for a grid, and a
selection's page — nominees with their votes; nominate (by ID number, living in the grid), hold
the open selection, appoint the chosen, or cancel. For the leaders of the grid's community; in
scope or 404."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from civicgrid.accounts.models import User
from civicgrid.core.forms import Action, kept_or, run_action
from civicgrid.registry.selectors import person_by_id_number

from . import forms as wf
from . import selections, selectors, services
from .choices import SelectionStatus
from .views import _gate, _grids


@login_required
def selection_list(request: HttpRequest) -> HttpResponse:
    user = _gate(request)
    grids = _grids(selectors.areas_kept(user))
    limits = {"open": {"grids": grids}}
    posted = None
    actions: dict[str, Action] = {
        "open": (wf.SelectionForm, lambda u, _none, d: selections.selection_open(actor=u, **d))
    }
    if request.method == "POST" and grids.exists():
        posted = run_action(request, actions, None, limits)
        if posted.done is not None:
            return redirect("workforce:selection", posted.done.pk)
    return render(
        request,
        "workforce/selections.html",
        {
            "rows": selectors.selections(user)[:300],
            "form": kept_or(posted, "open", lambda: wf.SelectionForm(
                initial={"opened_on": timezone.localdate(), "term_years": 3}, auto_id="open_%s",
                **limits["open"])) if grids.exists() else None,
        },
    )  # fmt: skip


def _nominate(user: User, selection, d: dict[str, Any]):
    person = person_by_id_number(user, d.pop("id_number"))
    return selections.nominate(actor=user, selection=selection, person=person, **d)


SELECTION_ACTIONS: dict[str, Action] = {
    "nominate": (wf.NominationForm, _nominate),
    "hold": (wf.HoldForm, lambda user, s, d: selections.selection_hold(
        actor=user, selection=s, **d)),
    "appoint": (wf.AppointForm, lambda user, s, d: selections.appoint(
        actor=user, selection=s, **d)),
    "cancel": (forms.Form, lambda user, s, d: selections.selection_cancel(
        actor=user, selection=s)),
}  # fmt: skip


@login_required
def selection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _gate(request)
    selection = get_object_or_404(selectors.selections(user), pk=pk)
    community = selection.grid.parent
    keeps = community is not None and services.may_keep(user, community)
    nominees = selection.nominations.select_related("person")
    limits: dict[str, dict[str, Any]] = {"hold": {"nominees": nominees},
                                         "appoint": {"nominees": nominees}}  # fmt: skip
    posted = None
    if request.method == "POST" and keeps:
        posted = run_action(request, SELECTION_ACTIONS, selection, limits)
        if posted.done is not None:
            if posted.action == "appoint":
                return redirect("workforce:worker", posted.done.pk)
            return redirect("workforce:selection", selection.pk)
    today = timezone.localdate()
    status = selection.status
    forms_: dict[str, Any] = {}
    if keeps and status == SelectionStatus.NOMINATING:
        forms_["nominate_form"] = kept_or(posted, "nominate", lambda: wf.NominationForm(
            initial={"nominated_on": today}, auto_id="nominate_%s"))  # fmt: skip
        if nominees.exists():
            forms_["hold_form"] = kept_or(posted, "hold", lambda: wf.HoldForm(
                initial={"held_on": today}, auto_id="hold_%s", **limits["hold"]))  # fmt: skip
    if keeps and status == SelectionStatus.SELECTED:
        forms_["appoint_form"] = kept_or(posted, "appoint", lambda: wf.AppointForm(
            initial={"on": today, "funding": "district"}, auto_id="appoint_%s",
            **limits["appoint"]))  # fmt: skip
    return render(
        request,
        "workforce/selection.html",
        {
            "s": selection,
            "nominees": nominees,
            "may_cancel": keeps
            and status in (SelectionStatus.NOMINATING, SelectionStatus.SELECTED),
            **forms_,
        },
    )
