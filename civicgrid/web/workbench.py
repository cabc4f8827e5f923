"""What a member of staff must do now: the figures of their home page, each a link to its list.

Everything is counted among the cases the user sees (a handler: their units' cases), at ``now``:
the queue of each role they hold, open cases by state, yellow and red cards, deadlines falling
today, returns of the last seven days, and requests waiting for a decision.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.accounts import permissions
from civicgrid.accounts.choices import Role
from civicgrid.cases import deadlines, selectors
from civicgrid.cases.choices import State
from civicgrid.cases.models import RUNNING_Q, Case, CaseEvent, CaseRequest
from civicgrid.cases.transitions import OPEN_STATES
from civicgrid.core import kept

RETURNS_DAYS = 7
URGENT_COUNT = 6  # the cases listed under the figures: the first queue's, nearest deadline first
# who decides extension and suspension requests (cases/transitions.py)
DECIDERS = {Role.DISPATCHER, Role.LEADER}


@dataclass
class Urgent:
    """One case of the home page's list: what it is, where, and its deadline's badge."""

    number: str
    label: str
    place: str
    state: str
    state_label: str
    due_at: dt.datetime | None
    tone: str  # the deadline badge: ok, yellow, red, over ("" when no clock runs)
    url: str


@dataclass
class Figure:
    label: str
    count: int
    url: str
    tone: str = ""  # a Bootstrap colour for cards that need attention


def _cases_url(**params) -> str:
    return f"{reverse('cases:list')}?{urlencode(params)}"


def queue_roles(user) -> list[str]:
    """The case roles the user holds that have a queue, in the table's order."""
    held = {g.role for g in permissions.grants(user)}
    return [r for r in selectors.QUEUES if r in held]


def workbench(user, *, now: dt.datetime | None = None) -> dict | None:
    """The figures of the user's home page; None for someone who works on no case."""
    roles = queue_roles(user)
    if not roles and not permissions.is_everywhere(user):
        return None
    live = now is not None  # asked at a given time: nothing kept
    with kept.tracking() as made:
        figures = _figures(user, roles, at=now)
    now = now or timezone.now()
    return {
        **figures,
        "urgent": urgent(user, roles[0], now=now, live=live) if roles else [],
        "urgent_role": Role(roles[0]).label if roles else "",
        # the oldest figure's time: a wide scope's slow counts are kept a moment (core.kept)
        "at": min(made, default=now),
    }


def _figures(user, roles: list[str], *, at: dt.datetime | None) -> dict:
    """The workbench's counts at ``at``; counted now (None), the slow ones may be kept."""
    now = at or timezone.now()
    counts = selectors.state_counts(user=user, now=at)
    queues = [
        Figure(
            _("Waiting for me as %(role)s") % {"role": Role(role).label},
            selectors.queue_count(user=user, role=role, now=at),
            _cases_url(queue=role),
        )
        for role in roles
    ]
    states = [
        Figure(str(State(state).label), counts[state], _cases_url(state=state))
        for state in State.values
        if state in OPEN_STATES and counts.get(state)
    ]
    start = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    due_today = selectors.visible_count(
        user,
        RUNNING_Q,
        Q(due_at__gte=start, due_at__lt=start + dt.timedelta(days=1)),
        kept_as="" if at else f"due:{start.date()}",
    )
    attention = [
        Figure(_("Due today"), due_today, _cases_url(due="today"), "info"),
        Figure(_("Yellow card"), counts.get("yellow", 0), _cases_url(card="yellow"), "warning"),
        Figure(_("Red card"), counts.get("red", 0), _cases_url(card="red"), "danger"),
        Figure(
            _("Returned in the last %(days)s days") % {"days": RETURNS_DAYS},
            _on_visible_cases(
                user,
                CaseEvent.objects.filter(
                    action="return", at__gte=now - dt.timedelta(days=RETURNS_DAYS)
                ),
            ),
            reverse("cases:returns"),
            "secondary",
        ),
    ]
    if DECIDERS & set(roles) or permissions.is_everywhere(user):
        pending = _on_visible_cases(
            user, CaseRequest.objects.filter(status=CaseRequest.Status.PENDING)
        )
        attention.append(
            Figure(
                _("Requests waiting for a decision"),
                pending,
                _cases_url(queue=Role.DISPATCHER),
                "primary",
            )
        )
    return {"queues": queues, "states": states, "attention": attention}


def _on_visible_cases(user, rows) -> int:
    """How many of ``rows`` (a recent few events, or pending requests) are on cases the user
    sees: the rows first, by their own index, then which of their cases the user sees (asked
    the other way round, the database reads every case of the user's area)."""
    per_case = Counter(rows.values_list("case_id", flat=True))
    seen = selectors.visible_among(user, per_case)
    return sum(n for case_id, n in per_case.items() if case_id in seen)


def _tone(case: Case, now: dt.datetime) -> str:
    running = deadlines.running(case)
    return running.level(now) if running is not None else ""


def urgent(user, role: str, *, now: dt.datetime, live: bool = False) -> list[Urgent]:
    """The first cases of the user's first queue, the nearest deadline first. Sorting a wide
    queue by deadline reads every case in it (0.4–1.2 s for a district at 10,000,000 cases):
    which cases come first is kept a moment like the counts (``core.kept``), but the cases are
    read afresh, and one no longer waiting for the role (just dispatched, say) is left out."""
    waiting = selectors.queue(user=user, role=role, now=now)
    order = (F("due_at").asc(nulls_last=True), "-pk")

    def first() -> list[int]:
        return list(waiting.order_by(*order).values_list("pk", flat=True)[:URGENT_COUNT])

    name = selectors.queue_kept_as(user, role, "urgent")
    ids = first() if live else kept.kept(name, selectors.visible_sets(user), first)
    cases = waiting.filter(pk__in=ids).select_related("case_class", "grid").order_by(*order)
    return [
        Urgent(
            number=case.number,
            label=case.case_class.label,
            place=case.address or (case.grid.name if case.grid else ""),
            state=case.state,
            state_label=str(State(case.state).label),
            due_at=case.due_at,
            tone=_tone(case, now),
            url=reverse("cases:detail", args=[case.pk]),
        )
        for case in cases
    ]
