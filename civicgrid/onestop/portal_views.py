"""The applicant's side: apply on the portal (a resident for themself; a grid worker for a
resident, 代办), the applications one's account submitted, and the public page where anyone with
the receipt number and the applicant's name and ID number follows an application and rates it
once it is finished. The applicant's name and ID number are shown masked, as everywhere."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from civicgrid.accounts.models import User
from civicgrid.core.client import client_address
from civicgrid.core.forms import acted

from . import access, ratings
from . import desk as front
from . import forms as ff
from .application_models import Application
from .application_views import _shown
from .models import ServiceItem

FOLLOWED = "onestop_followed"  # the receipt numbers this browser proved it may follow
KEPT = 20


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@login_required
def apply(request: HttpRequest, code: str) -> HttpResponse:
    """Apply for an item: a resident on the portal, a grid worker for a resident of their grid."""
    user = _user(request)
    proxy = access.is_grid_worker(user)
    item = get_object_or_404(ServiceItem.objects.filter(active=True), code=code)
    if not (item.by_proxy if proxy else item.online):
        raise Http404
    form = ff.ApplyForm(request.POST or None, proxy=proxy, auto_id="apply_%s")
    if request.method == "POST":
        done = acted(request, form, lambda data: front.submit(
            actor=user, item=item, proof=ff.ProofFields.proof_of(data),
            consent=data.get("consent", "")))  # fmt: skip
        if done is not None:
            messages.success(request, _("Submitted: receipt number %(n)s. The service centre "
                                        "checks it and tells you.") % {"n": done.number})  # fmt: skip
            return redirect("onestop:mine")
    return render(request, "onestop/apply.html", {"item": item, "form": form, "proxy": proxy})


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """The applications this account submitted (the portal's or a grid worker's 代办)."""
    user = _user(request)
    apps = (
        Application.objects.filter(submitted_by=user)
        .select_related("item", "centre", "applicant")
        .order_by("-submitted_at")[:200]
    )
    return render(request, "onestop/mine.html", {"apps": apps})


def follow(request: HttpRequest) -> HttpResponse:
    """Anyone: the receipt number and the applicant's name and ID number open the application."""
    form = ff.FollowForm(request.POST or None, auto_id="follow_%s")
    if request.method == "POST":
        found = acted(request, form, lambda data: ratings.followed(
            number=data["number"], proof=ff.ProofFields.proof_of(data),
            client=client_address(request) or "unknown"))  # fmt: skip
        if found is not None:
            kept = [n for n in request.session.get(FOLLOWED, []) if n != found.number]
            request.session[FOLLOWED] = [found.number, *kept][:KEPT]
            return redirect("onestop:followed", found.number)
    return render(request, "onestop/follow.html", {"form": form})


def _may_follow(request: HttpRequest, app: Application) -> bool:
    user = request.user
    return app.number in request.session.get(FOLLOWED, []) or (
        getattr(user, "is_authenticated", False) and app.submitted_by_id == user.pk
    )


def followed(request: HttpRequest, number: str) -> HttpResponse:
    """The applicant's view: where it stands, each step, the result; the rating once finished."""
    app = get_object_or_404(
        Application.objects.select_related("item", "centre", "office", "applicant"),
        number=number,
    )
    if not _may_follow(request, app):
        raise Http404
    shown = _shown(app)
    form = None
    applicant = app.number in request.session.get(FOLLOWED, []) or app.channel == "portal"
    if applicant and app.finished and shown["rating"] is None:  # not a grid worker who acted
        form = ff.RateForm(request.POST or None, auto_id="rate_%s")
        if request.method == "POST":
            done = acted(request, form, lambda data: ratings.rate(
                application=app, grade=data["grade"], comment=data["comment"]))  # fmt: skip
            if done is not None:
                messages.success(request, _("Thank you for your rating."))
                return redirect("onestop:followed", app.number)
    return render(request, "onestop/followed.html", {"a": app, "form": form, **shown})
