"""The workforce pages, for the leaders of streets and communities (``selectors``): the roster
(filtered by place and post, with the form to add a worker), a worker's page (entry, grade
history, training, allowances; change, grade, training, leave), the allowance ledger by month
with the month's run, the reports (posts before and after, coverage), and the district's pay
scale. In scope or 404; a refused form comes back as typed with the field marked."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from civicgrid.accounts import permissions
from civicgrid.accounts.models import User
from civicgrid.areas.models import Area
from civicgrid.core.forms import Action, acted, kept_or, run_action, year_asked
from civicgrid.registry.selectors import person_by_id_number

from . import daily, figures, selections, selectors, services
from . import forms as wf
from .choices import Post

LIMIT = 500  # rows the roster page shows; the API and the admin have them all


def _gate(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    if not selectors.sees_workforce(user):
        raise Http404
    return user


def may_open(user: User) -> bool:
    return selectors.sees_workforce(user)


def _grids(areas: list[Area]):
    return Area.objects.filter(level=5, active=True).filter(
        permissions.paths_q([a.path for a in areas])
    ).order_by("path") if areas else Area.objects.none()  # fmt: skip


def _save(user: User, worker, d: dict[str, Any]):
    person = person_by_id_number(user, d.pop("id_number"))
    return services.worker_save(actor=user, person=person, worker=worker, **d)


@login_required
def roster(request: HttpRequest) -> HttpResponse:
    user = _gate(request)
    areas = selectors.areas_kept(user)
    limits = {"worker": {"areas": areas, "grids": _grids(areas)}}
    posted = None
    if request.method == "POST" and areas:
        posted = run_action(request, {"worker": (wf.WorkerForm, _save)}, None, limits)
        if posted.done is not None:
            return redirect("workforce:worker", posted.done.pk)
    rows = selectors.workers(user)
    area = request.GET.get("area", "")
    if area:
        rows = rows.filter(area__path__startswith=get_object_or_404(
            Area.objects.filter(pk__in=[a.pk for a in areas]), code=area).path)  # fmt: skip
    post = request.GET.get("post", "")
    if post in Post.values:
        rows = rows.filter(post=post)
    if not request.GET.get("left"):
        rows = rows.filter(left_on=None)
    today = timezone.localdate()
    return render(
        request,
        "workforce/roster.html",
        {
            "rows": rows.prefetch_related("grids")[:LIMIT],
            "count": rows.count(),
            "limit": LIMIT,
            "areas": areas,
            "posts": Post.choices,
            "chosen": {"area": area, "post": post, "left": bool(request.GET.get("left"))},
            "form": kept_or(posted, "worker", lambda: wf.WorkerForm(
                initial={"term_starts": today}, auto_id="worker_%s", **limits["worker"]))
            if areas else None,
        },
    )  # fmt: skip


WORKER_ACTIONS: dict[str, Action] = {
    "update": (wf.WorkerForm, lambda user, w, d: _save(user, w, d)),
    "grade": (wf.GradeForm, lambda user, w, d: services.grade_set(actor=user, worker=w, **d)),
    "training": (wf.TrainingForm, lambda user, w, d: services.training_add(
        actor=user, worker=w, **d)),
    "leave": (wf.LeaveForm, lambda user, w, d: services.worker_leave(actor=user, worker=w, **d)),
    "renew": (wf.RenewForm, lambda user, w, d: selections.term_renew(actor=user, worker=w, **d)),
    "daily": (wf.DailyRecordForm, lambda user, w, d: daily.record_add(actor=user, worker=w, **d)),
    "strike": (wf.StrikeForm, lambda user, w, d: daily.record_strike(actor=user, **d)),
}  # fmt: skip
DAILY_SHOWN = 60  # daily records the page shows, newest first


@login_required
def worker(request: HttpRequest, pk: int) -> HttpResponse:
    user = _gate(request)
    entry = get_object_or_404(selectors.workers(user), pk=pk)
    areas = selectors.areas_kept(user)
    limits: dict[str, dict[str, Any]] = {
        "update": {"areas": areas, "grids": _grids(areas)},
        "grade": {"grades": selectors.pay_scale().filter(active=True)},
        "strike": {"records": entry.daily_records.filter(struck_by=None)},
    }
    keeps = services.may_keep(user, entry.area) and entry.left_on is None
    posted = None
    if request.method == "POST" and keeps:
        posted = run_action(request, WORKER_ACTIONS, entry, limits)
        if posted.done is not None:
            return redirect("workforce:worker", entry.pk)
    today = timezone.localdate()
    current = {
        "area": entry.area, "post": entry.post, "name": entry.name,
        "grids": list(entry.grids.all()), "term_starts": entry.term_starts,
        "term_ends": entry.term_ends, "funding": entry.funding, "allowance": entry.allowance,
        "buildings": " ".join(b.code for b in entry.buildings.all()),
    }  # fmt: skip
    forms_: dict[str, Any] = {}
    if keeps:
        salaried = entry.post not in services.ALLOWANCE_POSTS
        forms_ = {
            "edit_form": kept_or(posted, "update", lambda: wf.WorkerForm(
                initial=current, auto_id="update_%s", **limits["update"])),
            "grade_form": kept_or(posted, "grade", lambda: wf.GradeForm(
                initial={"since": today}, auto_id="grade_%s", **limits["grade"]))
            if salaried else None,
            "training_form": kept_or(posted, "training", lambda: wf.TrainingForm(
                initial={"taken_on": today}, auto_id="training_%s")),
            "leave_form": kept_or(posted, "leave", lambda: wf.LeaveForm(
                initial={"on": today}, auto_id="leave_%s")),
            "renew_form": kept_or(posted, "renew", lambda: wf.RenewForm(auto_id="renew_%s"))
            if entry.term_ends else None,
            "daily_form": kept_or(posted, "daily", lambda: wf.DailyRecordForm(
                initial={"day": today, "points": 0}, auto_id="daily_%s")),
            "strike_form": kept_or(posted, "strike", lambda: wf.StrikeForm(
                auto_id="strike_%s", **limits["strike"])),
        }  # fmt: skip
    return render(
        request,
        "workforce/worker.html",
        {
            "w": entry,
            "grids": entry.grids.all(),
            "buildings": entry.buildings.all(),
            "history": entry.grade_history.select_related("grade", "recorded_by"),
            "training": entry.training.all(),
            "allowances": entry.allowances.all()[:24],
            "daily": entry.daily_records.select_related("struck_by")[:DAILY_SHOWN],
            "daily_count": entry.daily_records.count(),
            "assessments": entry.assessments.select_related("round", "verdict"),
            **forms_,
        },
    )


@login_required
def ledger(request: HttpRequest) -> HttpResponse:
    user = _gate(request)
    areas = selectors.areas_kept(user)
    form = wf.RunForm(areas=areas, initial={"month": timezone.localdate().replace(day=1)})
    if request.method == "POST" and areas:
        form = wf.RunForm(request.POST, areas=areas)
        made = acted(request, form, lambda d: services.allowances_run(actor=user, **d))
        if made is not None:
            messages.success(request, _("%(n)s allowances written.") % {"n": len(made)})
            return redirect("workforce:ledger")
    year = year_asked(request)
    totals = selectors.ledger_totals(user, year)
    return render(
        request,
        "workforce/ledger.html",
        {
            "year": year,
            "totals": totals,
            "people": max((t.people for t in totals), default=0),
            "amount": sum((t.amount for t in totals), start=0),
            "form": form if areas else None,
        },
    )


@login_required
def reports(request: HttpRequest) -> HttpResponse:
    user = _gate(request)
    today = timezone.localdate()
    before = parse_date(request.GET.get("before", "") or "") or today.replace(
        year=today.year - 1, month=1, day=1
    )
    after = parse_date(request.GET.get("after", "") or "") or today
    return render(
        request,
        "workforce/reports.html",
        {
            "before": before,
            "after": after,
            "posts": selectors.posts_by_area(user, before, after),
            "coverage": figures.coverage(user, after),
            "period": after.isoformat(),
        },
    )


@login_required
def scale(request: HttpRequest) -> HttpResponse:
    user = _gate(request)
    keeps = permissions.can_manage_rules(user)
    form = wf.PayGradeForm(initial={"active": True}) if keeps else None
    if request.method == "POST" and keeps:
        form = wf.PayGradeForm(request.POST)
        done = acted(request, form, lambda d: services.pay_grade_save(
            actor=user, entry=selectors.pay_scale().filter(grade=d["grade"]).first(), **d))  # fmt: skip
        if done is not None:
            messages.success(request, _("Saved."))
            return redirect("workforce:scale")
    return render(request, "workforce/scale.html", {"grades": selectors.pay_scale(), "form": form})
