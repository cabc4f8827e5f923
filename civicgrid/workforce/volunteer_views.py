"""The volunteers' page (``volunteers.py`` says the rules): the roster of the communities the user
leads with each volunteer's hours, star level and social worker; add a volunteer from the
register, record hours, give an incentive, pair or record leaving. Leaders only (404 otherwise);
a refused form comes back as typed with the field marked."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from civicgrid.accounts.models import User
from civicgrid.areas.models import Area
from civicgrid.core.forms import Action, kept_or, run_action
from civicgrid.registry.selectors import person_by_id_number

from . import selectors, volunteers
from . import volunteer_forms as vf
from .choices import Post
from .models import Worker
from .views import _gate

LIMIT = 500


def _add(user: User, _s, d: dict[str, Any]):
    person = person_by_id_number(user, d.pop("id_number"))
    return volunteers.volunteer_add(actor=user, person=person, **d)


ACTIONS: dict[str, Action] = {
    "add": (vf.VolunteerForm, _add),
    "hours": (vf.HoursForm, lambda u, _s, d: volunteers.hours_add(actor=u, **d)),
    "incentive": (vf.IncentiveForm, lambda u, _s, d: volunteers.incentive_give(actor=u, **d)),
    "pair": (vf.PairForm, lambda u, _s, d: volunteers.pair(actor=u, **d)),
    "leave": (vf.LeaveForm, lambda u, _s, d: volunteers.leave(actor=u, **d)),
}


@login_required
def volunteer_list(request: HttpRequest) -> HttpResponse:
    user = _gate(request)
    communities = [a for a in selectors.areas_kept(user) if a.level == 4]
    rows = volunteers.roster(user)
    active = rows.filter(left_on=None).order_by("area__path", "person__name")
    workers = Worker.objects.filter(area__in=communities, post=Post.SOCIAL_WORKER, left_on=None)
    chosen = Area.objects.filter(pk__in=[a.pk for a in communities])
    limits: dict[str, dict[str, Any]] = {
        "add": {"communities": chosen, "social_workers": workers},
        "hours": {"volunteers": active}, "incentive": {"volunteers": active},
        "pair": {"volunteers": active, "social_workers": workers},
        "leave": {"volunteers": active},
    }  # fmt: skip
    posted = None
    if request.method == "POST" and communities:
        posted = run_action(request, ACTIONS, None, limits)
        if posted.done is not None:
            return redirect("workforce:volunteers")
    community = request.GET.get("community", "")
    shown = rows.filter(area__code=community) if community else rows
    today = timezone.localdate()
    listed = list(shown.order_by("left_on", "area__path", "-total")[:LIMIT])
    for v in listed:
        v.stars = volunteers.stars(v.total)  # type: ignore[attr-defined]
    forms_: dict[str, Any] = {}
    if communities:
        forms_["add_form"] = kept_or(
            posted,
            "add",
            lambda: vf.VolunteerForm(
                initial={"joined_on": today}, auto_id="add_%s", **limits["add"]
            ),
        )
        if active.exists():
            forms_.update({
                "hours_form": kept_or(posted, "hours", lambda: vf.HoursForm(
                    initial={"day": today}, auto_id="hours_%s", **limits["hours"])),
                "incentive_form": kept_or(posted, "incentive", lambda: vf.IncentiveForm(
                    initial={"given_on": today}, auto_id="incentive_%s",
                    **limits["incentive"])),
                "pair_form": kept_or(posted, "pair", lambda: vf.PairForm(
                    auto_id="pair_%s", **limits["pair"])),
                "leave_form": kept_or(posted, "leave", lambda: vf.LeaveForm(
                    initial={"left_on": today}, auto_id="leave_%s", **limits["leave"])),
            })  # fmt: skip
    return render(request, "workforce/volunteers.html", {
        "rows": listed, "count": shown.count(), "limit": LIMIT, "communities": communities,
        "community": community, **forms_,
    })  # fmt: skip
