"""Repeat demands for the command centre and the streets (those who see cases in the place):
the open ones first, each with the cases behind it, and what was done about it."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from civicgrid.accounts import permissions
from civicgrid.accounts.models import User
from civicgrid.core.forms import Styled, acted

from . import repeats
from .repeat_models import RepeatAlert


class HandledForm(Styled):
    note = forms.CharField(label=gettext_lazy("what was done"), max_length=2000,
                           widget=forms.Textarea)  # fmt: skip


def may_open(user) -> bool:
    """Those who see cases somewhere (read from the grants: the menu asks on every page)."""
    return permissions.scope_paths(user, permissions.VIEW_CASES) != []


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    if not may_open(request.user):
        raise Http404
    return request.user


@login_required
def repeat_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    alerts = RepeatAlert.objects.visible_to(user).select_related("case_class", "grid", "building")
    handled = request.GET.get("handled") == "1"
    alerts = alerts.filter(handled_at__isnull=not handled)
    return render(request, "insight/repeats.html", {"alerts": alerts[:200], "handled": handled})


@login_required
def repeat(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    alert = get_object_or_404(
        RepeatAlert.objects.visible_to(user).select_related("case_class", "grid", "building"),
        pk=pk,
    )
    open_to_me = not alert.handled_at and repeats.may_handle(user, alert)
    form = HandledForm(request.POST or None, auto_id="handled_%s") if open_to_me else None
    if request.method == "POST" and form is not None:
        done = acted(request, form, lambda data: repeats.handled(actor=user, alert=alert,
                                                                 note=data["note"]))  # fmt: skip
        if done is not None:
            messages.success(request, _("Saved."))
            return redirect("insight:repeat", alert.pk)
    return render(request, "insight/repeat.html", {
        "a": alert, "form": form,
        "cases": alert.cases.select_related("case_class").order_by("reported_at"),
    })  # fmt: skip
