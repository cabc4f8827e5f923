"""The class suggestion while an operator types what the caller says (the staff intake form asks
as the description changes, and shows three classes to choose from with one click) and the
API's answer for any client. Signed in; limited per account; residents are offered public
classes only."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from civicgrid.accounts import permissions
from civicgrid.core.client import client_address
from civicgrid.core.ratelimit import Limit

from .classifier import MAX_TEXT
from .suggestions import Suggested, suggest

LIMIT = Limit("insight.suggest", 1200, 3600)  # a keystroke pause each: generous
PUBLIC_LIMIT = Limit("insight.suggest.public", 300, 3600)  # the portal, per client address


def suggested_for(user, text: str) -> list[Suggested]:
    """The suggestion a user may see: residents only public classes."""
    found = suggest(text[:MAX_TEXT], k=5)
    if not permissions.is_staff_member(user):
        found = [s for s in found if s.case_class.public]
    return found[:3]


@login_required
@require_GET
def classes(request: HttpRequest) -> HttpResponse:
    """The three likeliest classes for ``description`` (the intake form's field), as buttons."""
    if not LIMIT.hit(f"user:{request.user.pk}"):
        return HttpResponse(_("Too many requests: wait a little."), status=429)
    text = request.GET.get("description", "")
    return render(request, "insight/_suggestions.html",
                  {"found": suggested_for(request.user, text), "typed": bool(text.strip())})  # fmt: skip


@require_GET
def portal_classes(request: HttpRequest) -> HttpResponse:
    """The portal's report form: the likeliest public classes for what the resident wrote, to
    choose from (anyone may report; limited per client address)."""
    if not PUBLIC_LIMIT.hit(f"ip:{client_address(request) or 'unknown'}"):
        return HttpResponse(_("Too many requests: wait a little."), status=429)
    text = request.GET.get("description", "")
    found = [
        s for s in suggest(text[:MAX_TEXT], k=8) if s.case_class.public and s.case_class.active
    ]
    return render(request, "insight/_portal_suggestions.html", {"found": found[:3]})
