"""The pages of applications: the window's intake (keyboard-first: the item, the card, the
checklist, Enter accepts), an application's page with what each person may do on it, the printed
receipt (受理回执) and one-time notice (一次性告知书), and the list of applications to accept,
to decide and to answer. Who sees what is ``access.py``'s; everyone else gets 404."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from civicgrid.accounts import permissions
from civicgrid.accounts.choices import UnitKind
from civicgrid.accounts.models import User
from civicgrid.core import pii
from civicgrid.core.errors import DomainError, ErrorCode
from civicgrid.core.forms import Action, acted, run_action, shown

from . import access, office, ratings
from . import desk as front
from . import forms as ff
from .application_models import Application
from .choices import ItemKind, MaterialState, Status
from .hall_views import _run
from .models import ServiceItem
from .queue_models import Window

TABS = [
    ("", gettext_lazy("all")),
    ("accept", gettext_lazy("to accept")),
    ("decide", gettext_lazy("to decide")),
    ("overdue", gettext_lazy("overdue")),
    ("answer", gettext_lazy("bad ratings to answer")),
    ("mine", gettext_lazy("mine")),
]
OFFICE_KINDS = (UnitKind.DEPARTMENT, UnitKind.STATIONED_TEAM, UnitKind.SERVICE_CENTRE)


def may_list(user: User) -> bool:
    """Someone who works at a service centre or an office, leads somewhere, or acts for
    residents (read from the grants alone: the menu asks on every page)."""
    return (
        permissions.leads_somewhere(user)
        or any(g.unit_kind in OFFICE_KINDS for g in permissions.grants(user))
        or access.is_grid_worker(user)
    )


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _materials(item: ServiceItem) -> list:
    return list(item.materials.order_by("position", "id"))


def _checklist_args(form: ff.ChecklistFields) -> dict[str, Any]:
    data = form.cleaned_data
    return {"provided": form.ids("provided"), "following": form.ids("following"),
            "follow_by": data.get("follow_by"), "note": data.get("note", "")}  # fmt: skip


@login_required
def intake(request: HttpRequest, code: str) -> HttpResponse:
    """The window's intake: choose the item, type the card, tick what was brought; accept, or
    give the one-time notice. The application's page follows, with the print buttons."""
    user = _user(request)
    centre = _run(request, code)  # type: ignore[arg-type]
    items = ServiceItem.objects.filter(active=True, at_window=True).order_by("category", "code")
    item = items.filter(code=request.GET.get("item") or request.POST.get("item", "")).first()
    picked = _int(request.GET.get("window") or request.POST.get("window"))
    window = (
        Window.objects.filter(centre=centre, active=True, pk=picked).first() if picked else None
    )
    form = None
    if item is not None:
        materials = _materials(item)
        form = ff.IntakeForm(request.POST or None, materials=materials, auto_id="intake_%s")
        if request.method == "POST":
            accept = request.POST.get("action") != "notify"

            def take(data: dict) -> Application:
                return front.window_take(
                    actor=user, centre=centre, item=item, proof=ff.ProofFields.proof_of(data),
                    accept=accept, window=window, **_checklist_args(form),
                )  # fmt: skip

            done = acted(request, form, take)
            if done is not None:
                return redirect("onestop:application", done.number)
    return render(request, "onestop/intake.html", {
        "centre": centre, "items": items, "item": item, "window": window, "form": form,
    })  # fmt: skip


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _owed(application: Application) -> list[tuple[int, str]]:
    return [(m.material_id, m.material.name) for m in application.materials.all()
            if m.state == MaterialState.FOLLOWING]  # fmt: skip


def _desk_decision(accept: bool):
    def handle(user: User, app: Application, data: dict) -> Application:
        return front.desk_decide(actor=user, application=app, accept=accept,
                                 provided=[int(v) for v in data.get("provided", [])],
                                 following=[int(v) for v in data.get("following", [])],
                                 follow_by=data.get("follow_by"), note=data.get("note", ""))  # fmt: skip

    return handle


ACTIONS: dict[str, Action] = {
    "accept": (ff.ChecklistFields, _desk_decision(True)),
    "notify": (ff.ChecklistFields, _desk_decision(False)),
    "review": (ff.NoteForm, lambda u, a, d: office.review(actor=u, application=a, **d)),
    "pass_up": (ff.PassUpForm, lambda u, a, d: office.pass_up(actor=u, application=a, **d)),
    "approve": (ff.ApproveForm, lambda u, a, d: office.approve(actor=u, application=a, **d)),
    "refuse": (ff.RefuseForm, lambda u, a, d: office.refuse(actor=u, application=a, **d)),
    "receive": (ff.ReceiveForm, lambda u, a, d: office.receive(
        actor=u, application=a, material_id=d["material"])),
    "hand_over": (ff.HandOverForm, lambda u, a, d: office.hand_over(actor=u, application=a, **d)),
    "withdraw": (ff.NoteForm, lambda u, a, d: front.withdraw(actor=u, application=a, **d)),
    "answer": (ff.AnswerForm, lambda u, a, d: ratings.answer(
        actor=u, rating=_rating_of(a), text=d["answer"])),
}  # fmt: skip


def _rating_of(application: Application):
    rating = getattr(application, "rating", None)
    if rating is None:
        raise DomainError(_("Only a bad rating is answered."), code=ErrorCode.NOT_ELIGIBLE,
                          field="answer")  # fmt: skip
    return rating


def _seen(request: HttpRequest, number: str) -> Application:
    found = get_object_or_404(
        Application.objects.select_related("item", "centre", "office", "applicant__grid",
                                           "submitted_by", "window"),
        number=number,
    )  # fmt: skip
    if not access.may_see(_user(request), found):
        raise Http404
    return found


def _may(user: User, app: Application) -> dict[str, bool]:
    """What the user may do on the application now (the buttons shown)."""
    at_desk = access.at_desk(user, app.centre_id)
    decides = office.may_decide(user, app)
    in_office = access.in_office(user, app.office)
    steps_left = len(app.item.steps) - app.steps_passed
    rating = getattr(app, "rating", None)
    return {
        "accept": at_desk and app.status in (Status.SUBMITTED, Status.NOTIFIED),
        "notify": at_desk and app.status == Status.SUBMITTED,
        "review": decides and app.open and app.status != Status.PASSED_UP and steps_left > 0,
        "pass_up": decides
        and app.item.kind == ItemKind.UPWARD
        and steps_left <= 0
        and app.status in (Status.ACCEPTED, Status.REVIEWING),
        "approve": decides and app.open and (steps_left <= 0 or app.status == Status.PASSED_UP),
        "refuse": decides and app.open,
        "receive": (at_desk or decides) and app.open and bool(_owed(app)),
        "hand_over": (at_desk or decides) and app.status == Status.APPROVED,
        "withdraw": (at_desk or app.submitted_by_id == user.pk)
        and app.status in (Status.SUBMITTED, Status.NOTIFIED, Status.ACCEPTED, Status.REVIEWING),
        "answer": in_office and rating is not None and rating.bad and rating.answered_at is None,
    }


@login_required
def application(request: HttpRequest, number: str) -> HttpResponse:
    user = _user(request)
    app = _seen(request, number)
    if not permissions.is_staff_member(user):  # the applicant's own account: their page
        return redirect("onestop:followed", app.number)
    materials = _materials(app.item)
    limits = {"accept": {"materials": materials}, "notify": {"materials": materials},
              "receive": {"owed": _owed(app)}}  # fmt: skip
    posted = None
    if request.method == "POST":
        posted = run_action(request, ACTIONS, app, limits)
        if posted.done is not None:
            return redirect("onestop:application", app.number)
    may = _may(user, app)
    forms_ = {f"{name}_form": shown(posted, name, ACTIONS[name][0], limits)
              for name, allowed in may.items() if allowed}  # fmt: skip
    if (
        posted is not None
        and posted.form is not None
        and posted.action == "notify"
        and may["accept"]
    ):
        forms_["accept_form"] = posted.form  # one checklist, two buttons: shown as refused
    steps = app.item.steps
    return render(request, "onestop/application.html", {
        "a": app, "may": may, **forms_, **_shown(app),
        "next_step": steps[app.steps_passed] if app.steps_passed < len(steps) else "",
    })  # fmt: skip


def _shown(app: Application) -> dict[str, Any]:
    """What every page of an application shows: its checklist, steps and rating."""
    return {
        "checklist": app.materials.select_related("material"),
        "steps": app.steps.select_related("actor"),
        "rating": getattr(app, "rating", None),
        "now": timezone.now(),
        "applicant_masked": pii.mask_name(app.applicant.name),
    }


@login_required
def printed(request: HttpRequest, number: str, what: str) -> HttpResponse:
    """The receipt (受理回执) or the one-time notice (一次性告知书), to print and hand over."""
    app = _seen(request, number)
    if what == "notice" and app.status != Status.NOTIFIED and not app.follow_by:
        raise Http404
    if what == "receipt" and app.accepted_at is None:
        raise Http404
    return render(request, f"onestop/{what}.html", {"a": app, **_shown(app)})


@login_required
def application_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not may_list(user):
        raise Http404
    apps = access.visible(user).select_related("item", "centre", "office", "applicant")
    tab = request.GET.get("show", "")
    now = timezone.now()
    if tab == "accept":
        apps = apps.filter(status=Status.SUBMITTED)
    elif tab == "decide":
        apps = apps.filter(status__in=[Status.ACCEPTED, Status.REVIEWING, Status.PASSED_UP])
    elif tab == "overdue":
        apps = apps.filter(status__in=[Status.ACCEPTED, Status.REVIEWING, Status.PASSED_UP],
                           due_at__lt=now)  # fmt: skip
    elif tab == "answer":
        apps = apps.filter(rating__grade__lte=2, rating__answered_at__isnull=True)
    elif tab == "mine":
        apps = apps.filter(Q(submitted_by=user) | Q(accepted_by=user) | Q(decided_by=user))
    words = request.GET.get("q", "").strip()[:50]
    if words:
        apps = apps.filter(Q(number__startswith=words) | Q(item__name__icontains=words))
    page = Paginator(apps.order_by("-submitted_at", "-id"), 50).get_page(request.GET.get("page"))
    return render(request, "onestop/applications.html", {
        "page": page, "tab": tab, "q": words, "now": now, "tabs": TABS,
        "query": urlencode({"show": tab, "q": words}),
    })  # fmt: skip
