"""The hall of a service centre: the kiosk where residents take a number, a window's desk that
calls the next number (keyboard-first: N calls the next, A marks the called number absent), the
hall's screen, and the centres one runs. The centre's people and its area's leaders use the kiosk
and the desk (404 for others); the screen is public (numbers and windows only)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from civicgrid.accounts import permissions
from civicgrid.accounts.choices import UnitKind
from civicgrid.accounts.models import OrgUnit, User
from civicgrid.core.forms import acted

from . import queue
from .choices import Category
from .queue_models import Ticket, Window


class SignedIn(HttpRequest):
    user: User


class TakeForm(forms.Form):
    category = forms.ChoiceField(label=gettext_lazy("category"), choices=Category.choices)


class CallForm(forms.Form):
    window = forms.ModelChoiceField(label=gettext_lazy("window"), queryset=Window.objects.none())
    action = forms.ChoiceField(choices=[("call", "call"), ("absent", "absent")])

    def __init__(self, *args, centre: OrgUnit, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["window"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Window.objects.filter(centre=centre, active=True)


def _centres():
    return OrgUnit.objects.filter(kind=UnitKind.SERVICE_CENTRE, active=True).select_related("area")


def _run(request: SignedIn, code: str) -> OrgUnit:
    centre = get_object_or_404(_centres(), code=code)
    if not queue.runs_hall(request.user, centre):
        raise Http404
    return centre


def _mine(user: User) -> list[OrgUnit]:
    return list(_centres().filter(pk__in=may_open(user)).order_by("code"))


def may_open(user: User) -> list[int]:
    """The service centres whose hall the user runs: its people and its area's leaders (read
    from what is kept with the grants: the menu asks on every page)."""
    return permissions.works_at_or_leads(user, UnitKind.SERVICE_CENTRE)


@login_required
def centre_list(request: SignedIn):
    mine = _mine(request.user)
    if not mine:
        raise Http404
    return render(request, "onestop/centres.html", {"centres": mine})


@login_required
def kiosk(request: SignedIn, code: str):
    centre = _run(request, code)
    slip = None
    if request.method == "POST":
        slip = acted(request, TakeForm(request.POST), lambda data: queue.take(
            actor=request.user, centre=centre, category=data["category"]))  # fmt: skip
    ahead = 0
    if slip is not None:
        ahead = Ticket.objects.filter(
            centre=centre, day=slip.day, state=Ticket.State.WAITING, number__lt=slip.number
        ).count()
    return render(
        request, "onestop/kiosk.html",
        {"centre": centre, "categories": Category.choices, "slip": slip, "ahead": ahead},
    )  # fmt: skip


@login_required
def desk(request: SignedIn, code: str):
    centre = _run(request, code)
    windows = list(Window.objects.filter(centre=centre, active=True))
    if request.method == "POST":
        form = CallForm(request.POST, centre=centre)

        def act(data: dict) -> str:
            window = data["window"]
            if data["action"] == "absent":
                gone = queue.absent(actor=request.user, window=window)
                return _("%(n)s did not come.") % {"n": gone.label}
            called = queue.call_next(actor=request.user, window=window)
            if called is None:
                return _("Nobody is waiting for this window.")
            return _("%(n)s is called to window %(w)s.") % {"n": called.label, "w": window.number}

        said = acted(request, form, act)
        if said:
            messages.success(request, said)
        chosen = request.POST.get("window", "")
        return redirect(f"{request.path}?window={chosen}" if chosen.isdigit() else request.path)
    today = timezone.localdate()
    picked = next((w for w in windows if str(w.pk) == request.GET.get("window")), None)
    waiting = Ticket.objects.filter(centre=centre, day=today, state=Ticket.State.WAITING)
    return render(
        request, "onestop/desk.html",
        {"centre": centre, "windows": windows, "window": picked,
         "current": queue.current(picked, today) if picked else None,
         "waiting": waiting.order_by("number")[:50], "waiting_count": waiting.count(),
         "figures": queue.day_figures(centre, today)},
    )  # fmt: skip


def screen(request: HttpRequest, code: str):
    centre = get_object_or_404(_centres(), code=code)
    today = timezone.localdate()
    called = (
        Ticket.objects.filter(centre=centre, day=today)
        .exclude(state=Ticket.State.WAITING)
        .select_related("window")
        .order_by("-called_at")[:8]
    )
    return render(
        request, "onestop/screen.html",
        {"centre": centre, "called": called,
         "waiting": Ticket.objects.filter(centre=centre, day=today,
                                          state=Ticket.State.WAITING).count()},
    )  # fmt: skip
