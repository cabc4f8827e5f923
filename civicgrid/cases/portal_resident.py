"""The residents' own area (signed in, no staff role): their page, their reports with each step in
plain words, the public photos, the reply and the rating; the class picker's suggestions.

A resident never meets the staff application: the staff case page and case list send them here
(``resident_redirect``), their inbox links open ``portal:case`` which shows them this view.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from civicgrid.accounts import permissions
from civicgrid.catalogue import plain
from civicgrid.core.client import client_address
from civicgrid.core.files import stored_file
from civicgrid.core.paging import keyset_page
from civicgrid.core.ratelimit import Limit
from civicgrid.notifications.selectors import unread_count

from .answers import lines as answer_lines
from .choices import Rating, State
from .models import Case, CaseAttachment
from .services.public import is_reporters_account, published_case

# the class suggestions answer as a resident types: a generous limit per client address
SUGGEST_LIMIT = Limit("portal.classes", 600, 3600)


def is_resident_only(user) -> bool:
    """Signed in, and no role in any unit but resident: the residents' area is theirs."""
    return bool(getattr(user, "is_authenticated", False)) and not permissions.is_staff_member(user)


def resident_redirect(to: str):
    """Send a resident (no staff role) from a staff page to their own page ``to``."""

    def wrap(view):
        @wraps(view)
        def inner(request, *args, **kwargs):
            if is_resident_only(request.user):
                return redirect(to, **_own(request.user, kwargs))
            return view(request, *args, **kwargs)

        return inner

    return wrap


def _own(user, kwargs: dict) -> dict:
    """The resident's view of the case a staff URL names (404 unless they reported it)."""
    if "pk" not in kwargs:
        return {}
    case = Case.objects.filter(pk=kwargs["pk"]).only("number", "reporter_user_id").first()
    if case is None or not is_reporters_account(case, user):
        raise Http404
    return {"number": case.number}


# --- plain words for where a case is -------------------------------------------------------


@dataclass(frozen=True)
class Step:
    label: str
    done: bool
    current: bool


AFTER_REGISTER = {
    State.REGISTERED,
    State.DISPATCHED,
    State.HANDLING,
    State.HANDLED,
    State.CHECKING,
    State.CLOSED,
    State.REOPENED,
}
AFTER_DISPATCH = AFTER_REGISTER - {State.REGISTERED}
AFTER_HANDLING = AFTER_DISPATCH - {State.DISPATCHED}


def units_of(case: Case) -> str:
    return "、".join(
        a.unit.name for a in case.assignments.filter(active=True).select_related("unit")
    )


def status_words(case: Case, units: str = "") -> str:
    """One line a resident understands: where their report is now."""
    state = case.state
    if case.merged_into_id:
        return _("Joined to a report of the same problem")
    if state == State.VOIDED:
        return _("Not taken up")
    if state == State.CLOSED:
        return _("Finished") if case.rating else _("Finished: please rate it")
    if state in (State.HANDLED, State.CHECKING):
        return _("Dealt with, being checked")
    if state in (State.HANDLING, State.REOPENED):
        return _("Being dealt with")
    if state == State.DISPATCHED:
        if units:
            return _("Passed to %(units)s") % {"units": units}
        return _("Passed to the unit responsible")
    if state == State.REGISTERED:
        return _("Taken up")
    if state == State.VERIFYING:
        return _("Being checked on the spot")
    return _("Sent, waiting to be taken up")


def progress(case: Case, units: str) -> list[Step]:
    """The steps of a report as a resident sees them, with the one it is at."""
    state = case.state
    if state == State.VOIDED:
        return [Step(_("Sent"), True, False), Step(_("Not taken up"), True, True)]
    closed = state == State.CLOSED
    flags = [
        (_("Sent"), True),
        (_("Taken up"), state in AFTER_REGISTER),
        (
            _("Passed to %(units)s") % {"units": units} if units else _("Passed to a unit"),
            state in AFTER_DISPATCH,
        ),
        (_("Being dealt with"), state in AFTER_HANDLING),
        (_("Finished"), closed),
        (_("Rated") if case.rating else _("To be rated"), bool(case.rating)),
    ]
    at = next((n for n, (_label, done) in enumerate(flags) if not done), len(flags)) - 1
    if closed and not case.rating:
        at = len(flags) - 1  # the rating is what is asked of them now
    return [Step(label, done, n == at) for n, (label, done) in enumerate(flags)]


# --- pages ---------------------------------------------------------------------------------


def _mine(user):
    return (
        Case.objects.filter(Q(reporter_user=user) | Q(merged__reporter_user=user))
        .distinct()
        .select_related("case_class")
        .order_by("-id")
    )


@login_required
def area(request):
    """A resident's home: report, their reports, have their say, micro-projects, notices."""
    mine = _mine(request.user)
    return render(
        request,
        "cases/portal_area.html",
        {
            "open_count": mine.exclude(state__in=[State.CLOSED, State.VOIDED]).count(),
            "to_rate": mine.filter(state=State.CLOSED, rating="", merged_into=None).count(),
            "unread": unread_count(user=request.user),
            "recent": _cards(list(mine[:3])),
        },
    )


def _cards(cases: list[Case]) -> list[dict]:
    return [
        {
            "case": c,
            "words": status_words(c, units_of(c) if c.state == State.DISPATCHED else ""),
            "choice": plain.choice_of(c.case_class.code),
            "can_rate": c.state == State.CLOSED and not c.rating and not c.merged_into_id,
        }
        for c in cases
    ]


@login_required
def mine(request):
    """My reports, newest first, each with where it is in plain words (no number to type)."""
    page = keyset_page(
        _mine(request.user), after=request.GET.get("after"), size=20, descending=True
    )
    return render(
        request,
        "cases/portal_mine.html",
        {"page": page, "cards": _cards(page.items), "query": ""},
    )


def resident_view(request, case: Case, shown: dict):
    """The reporter's own view of their case: progress, photos, reply, rating."""
    units = units_of(case)
    photos = [
        a
        for a in case.attachments.filter(public=True).order_by("id")
        if a.kind != CaseAttachment.Kind.DOCUMENT
    ]
    noted = [s for s in shown["steps"] if s["note"]]
    return render(
        request,
        "cases/portal_case.html",
        {
            "case": shown,
            "words": status_words(case, units),
            "progress": progress(case, units),
            "photos": photos,
            "reply": noted[-1] if noted else None,
            "ratings": Rating.choices,
            "description": case.description,
            "address": case.address,
            # their own answers to the class's questions, by label (垃圾量：较多)
            "answers": answer_lines(case.case_class.questions.all(), case.answers),
            "own": True,
        },
    )


@login_required
def mine_case(request, number: str):
    """One of my reports (404 for anyone else's)."""
    case = (
        Case.objects.select_related("case_class", "grid", "merged_into")
        .filter(number=number)
        .first()
    )
    if case is None or not is_reporters_account(case, request.user):
        raise Http404
    shown = published_case(case, user=request.user)
    if shown is None:
        raise Http404
    return resident_view(request, case, shown)


@login_required
def photo(request, number: str, attachment_id: int):
    """A public photo of my report (for its reporter only)."""
    case = Case.objects.filter(number=number).first()
    if case is None or not is_reporters_account(case, request.user):
        raise Http404
    found = case.attachments.filter(pk=attachment_id, public=True).first()
    if found is None or found.kind == CaseAttachment.Kind.DOCUMENT:
        raise Http404
    return stored_file(found.file, found.content_type)


@require_GET
def classes(request):
    """Class suggestions while typing (``q``), or a plain choice's classes (``choice``):
    ``{"items": [{"code", "label", "group"}]}``. Public classes only, rate-limited per address."""
    if not SUGGEST_LIMIT.hit(client_address(request) or "unknown"):
        return JsonResponse(
            {"detail": _("Too many searches from here. Please wait a little."), "items": []},
            status=429,
        )
    key = request.GET.get("choice", "")
    if key:
        found = plain.choice_classes(key)
    else:
        try:
            limit = int(request.GET.get("limit", 8))
        except ValueError:
            limit = 8
        found = plain.suggest(request.GET.get("q", ""), limit=limit)
    return JsonResponse(
        {"items": [{"code": c.code, "label": c.label, "group": c.major.label} for c in found]}
    )
