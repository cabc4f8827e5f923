"""The field worker's phone (a 360-pixel screen): where handlers, grid workers and checkers land
when they sign in on a phone. Their queues as cards (class, place, deadline countdown with its
yellow and red state, distance from them), the patrol report one tap away, the households due a
visit and a look-up in the grid. Small pages for slow connections.

Which device: the visitor's own choice first (the "desktop version" / "phone version" links keep
it in the ``cg_device`` cookie for a year), then the browser's client hint ``Sec-CH-UA-Mobile:
?1``, then the ``Mobi`` token every phone browser puts in its User-Agent (tablets leave it out,
and get the desktop pages). See docs/phone.md.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.db.models import F
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from civicgrid.accounts import permissions
from civicgrid.accounts.choices import Role
from civicgrid.cases import deadlines
from civicgrid.cases import selectors as cases
from civicgrid.cases.choices import State
from civicgrid.registry import selectors as register

SHOWN = 20  # cards per section: the rest is one tap away on the full list
DUE_SHOWN = 10
COOKIE = "cg_device"
DEVICES = ("phone", "desktop")
YEAR = 365 * 24 * 3600
# the roles whose main work is in the field: they land on the phone pages on a phone
FIELD_ROLES = frozenset({Role.HANDLER, Role.SUPERVISOR, Role.GRID_LEADER})
PATROL_ROLES = frozenset({Role.SUPERVISOR, Role.GRID_LEADER})


def device(request) -> str:
    """``phone`` or ``desktop``: the visitor's choice, else what the browser says it is."""
    chosen = request.COOKIES.get(COOKIE, "")
    if chosen in DEVICES:
        return chosen
    if request.headers.get("Sec-CH-UA-Mobile", "") == "?1":
        return "phone"
    return "phone" if "Mobi" in request.headers.get("User-Agent", "") else "desktop"


def held_roles(user) -> set[str]:
    return {g.role for g in permissions.grants(user)}


def may_open(user) -> bool:
    """The phone page opens for those who see some cases or some of the register, and for
    handlers (who see their units' cases)."""
    return (
        bool(permissions.scope_paths(user, permissions.VIEW_CASES))
        or bool(permissions.scope_paths(user, permissions.VIEW_REGISTER))
        or bool(permissions.handler_units(user))
    )


def has_phone_pages(user) -> bool:
    """A field role (handler, grid worker, grid leader) with something the phone page shows."""
    return bool(held_roles(user) & FIELD_ROLES) and may_open(user)


def lands_on_phone(request) -> bool:
    """Whether the signed-in user's home is the phone page: a field role, on a phone."""
    return device(request) == "phone" and has_phone_pages(request.user)


def switch(request):
    """``?to=desktop`` or ``?to=phone``: remember the choice, back to ``next`` or home."""
    to = request.GET.get("to", "")
    if to not in DEVICES:
        raise Http404
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = ""
    target = target or (reverse("phone") if to == "phone" else reverse("home"))
    response = redirect(target)
    response.set_cookie(COOKIE, to, max_age=YEAR, samesite="Lax", secure=request.is_secure())
    return response


def clock(case, now: dt.datetime) -> tuple:
    """The deadline a queued case runs against (``cases.deadlines.running``: shown by the
    shared ``{% deadline_badge %}``) and its level at ``now`` (``ok``, ``yellow``, ``red``,
    ``over``: the card's ``is-<level>``); (None, "") when no clock runs."""
    running = deadlines.running(case)
    return running, (running.level(now) if running is not None else "")


def _cards(qs, now: dt.datetime, action: str) -> tuple[list, int]:
    """The first ``SHOWN`` cases of a queue, most urgent first, each with its deadline badge and
    the action the card opens; and how many there are."""
    total = qs.count()
    rows = list(qs.order_by(F("due_at").asc(nulls_last=True), "id")[:SHOWN])
    for case in rows:
        case.clock, case.level = clock(case, now)
        case.act = action
    return rows, total


def _section(key: str, title: str, qs, now, action: str, more: str, empty: str) -> dict:
    rows, total = _cards(qs, now, action)
    return {
        "key": key,
        "title": title,
        "cases": rows,
        "total": total,
        "more": more if total > len(rows) else "",
        "empty": empty,
    }


def sections(user, held: set[str], now: dt.datetime) -> list[dict]:
    """The queues of a field worker's phone: a handler's cases to sign and to handle (their
    units'), a grid worker's cases to verify and to check (their grids')."""
    out = []
    if Role.HANDLER in held:
        mine = cases.queue(user=user, role=Role.HANDLER, now=now)
        more = reverse("cases:list") + "?queue=handler"
        out += [
            _section(
                "sign",
                _("To sign for"),
                mine.filter(state__in=[State.DISPATCHED, State.REOPENED]),
                now,
                "sign",
                more,
                _("Nothing to sign for now."),
            ),
            _section(
                "handle",
                _("To handle"),
                mine.filter(state=State.HANDLING),
                now,
                "report_handled",
                more,
                _("Nothing to handle now."),
            ),
        ]
    if Role.SUPERVISOR in held:
        tasks = cases.queue(user=user, role=Role.SUPERVISOR, now=now)
        more = reverse("cases:list") + "?queue=supervisor"
        out += [
            _section(
                "verify",
                _("To verify on site"),
                tasks.filter(state=State.VERIFYING),
                now,
                "verify",
                more,
                _("Nothing to verify now."),
            ),
            _section(
                "check",
                _("To check on site"),
                tasks.filter(state=State.CHECKING),
                now,
                "pass_check",
                more,
                _("Nothing to check now."),
            ),
        ]
    return out


@login_required
def phone(request):
    user = request.user
    if not may_open(user):
        raise Http404
    held = held_roles(user)
    now = timezone.now()
    registry = bool(permissions.scope_paths(user, permissions.VIEW_REGISTER))
    due = list(register.visits_due(user=user)[: DUE_SHOWN + 1]) if registry else []
    queues = sections(user, held, now)
    return render(
        request,
        "web/phone.html",
        {
            "sections": queues,
            "waiting": sum(s["total"] for s in queues),
            "patrols": bool(held & PATROL_ROLES),
            "registry": registry,
            "due": due[:DUE_SHOWN],
            "more_due": len(due) > DUE_SHOWN,
            "now": now,
        },
    )
