"""How a page of participation acts on what was posted: the action's form types the input (a
refused form says why, field by field, and changes nothing); the action's handler calls the
service with the typed values and says what was done (a refusal of the domain is told the same
way). Pages with several forms keep a small table, action → (form, handler)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest

from civicgrid.accounts.models import User
from civicgrid.core.errors import DomainError
from civicgrid.core.feedback import form_refused, refused


class SignedIn(HttpRequest):
    """The request of a page that asks for a login (``login_required``): its user is a User,
    never the anonymous one. A type only: Django builds the request as always."""

    user: User


@dataclass(frozen=True)
class Action:
    """One form of a page about ``subject`` (a call, a meeting …): how to build it, bound to
    the request, and what it does with the typed values (returning what to tell the user)."""

    form: Callable[[SignedIn, Any], forms.Form]
    handle: Callable[[SignedIn, Any, dict[str, Any]], str]


def act(request: SignedIn, form: forms.Form, handle: Callable[[dict[str, Any]], str]) -> bool:
    """Check ``form``; when it holds, ``handle`` its typed values. True when it was done (the
    handler's message is shown); False when the form or the domain refused (and why is shown)."""
    if not form.is_valid():
        form_refused(request, form)
        return False
    try:
        done = handle(form.cleaned_data)
    except DomainError as exc:
        refused(request, exc)
        return False
    if done:
        messages.success(request, done)
    return True


class _Which(forms.Form):
    action = forms.CharField(max_length=30)


def posted_action(request: HttpRequest) -> str:
    """Which of the page's forms was posted (its hidden ``action``), "" when none is named."""
    which = _Which(request.POST)
    return which.cleaned_data["action"] if which.is_valid() else ""


def act_on(request: SignedIn, actions: dict[str, Action], subject: Any,
           action: str | None = None) -> bool:  # fmt: skip
    """The page's form named ``action`` (by default the posted one; 404 for a name the page does
    not have)."""
    chosen = actions.get(action if action is not None else posted_action(request))
    if chosen is None:
        raise Http404
    return act(
        request,
        chosen.form(request, subject),
        lambda data: chosen.handle(request, subject, data),
    )
