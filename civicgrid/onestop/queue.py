"""Taking and calling numbers in a service centre's hall (取号/叫号), and how long people wait.

- **Take** (the hall's kiosk, run by someone of the centre): a number for a category, the next of
  the day in the centre (numbers start at 1 each day).
- **Call next** (a window's clerk): the window's number being served is done, and the oldest
  number waiting whose category the window serves is called to it.
- **Did not come**: a called number nobody answered; the window calls the next.
The waiting time of a number is from taken to called; the day's figures are the numbers taken,
served, not come, waiting now, and the mean and longest wait of those called.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.accounts import permissions
from civicgrid.accounts.choices import UnitKind
from civicgrid.accounts.models import OrgUnit, User
from civicgrid.core.errors import DomainError, ErrorCode

from .choices import Category
from .queue_models import Ticket, Window


def runs_hall(user: User, centre: OrgUnit) -> bool:
    """The centre's own people, and the leaders of its area (the menu's rule, one for both)."""
    return centre.pk in permissions.works_at_or_leads(user, UnitKind.SERVICE_CENTRE)


def _require(user: User, centre: OrgUnit) -> None:
    if not runs_hall(user, centre):
        raise DomainError(
            _("You do not work at this service centre."), code=ErrorCode.FORBIDDEN, field="centre"
        )


def take(*, actor: User, centre: OrgUnit, category: str, now: dt.datetime | None = None) -> Ticket:
    """The next number of the day for ``category``."""
    now = now or timezone.now()
    _require(actor, centre)
    if category not in Category.values:
        raise DomainError(_("Choose a category."), code=ErrorCode.REQUIRED, field="category")
    day = timezone.localdate(now)
    with transaction.atomic():
        OrgUnit.objects.select_for_update().filter(pk=centre.pk).first()  # one number at a time
        last = Ticket.objects.filter(centre=centre, day=day).aggregate(n=Max("number"))["n"]
        return Ticket.objects.create(
            centre=centre, day=day, number=(last or 0) + 1, category=category, taken_at=now
        )


def _window(actor: User, window: Window) -> Window:
    _require(actor, window.centre)
    if not window.active:
        raise DomainError(_("This window is closed."), code=ErrorCode.CLOSED, field="window")
    return window


def current(window: Window, day: dt.date) -> Ticket | None:
    return window.tickets.filter(day=day, state=Ticket.State.CALLED).order_by("-called_at").first()


def call_next(*, actor: User, window: Window, now: dt.datetime | None = None) -> Ticket | None:
    """The window's number being served is done; the oldest waiting number it serves is called
    (None when nobody waits for it)."""
    now = now or timezone.now()
    _window(actor, window)
    day = timezone.localdate(now)
    with transaction.atomic():
        OrgUnit.objects.select_for_update().filter(pk=window.centre_id).first()
        window.tickets.filter(day=day, state=Ticket.State.CALLED).update(
            state=Ticket.State.DONE, done_at=now
        )
        waiting = Ticket.objects.filter(
            centre_id=window.centre_id, day=day, state=Ticket.State.WAITING
        ).order_by("number")
        if window.categories:
            waiting = waiting.filter(category__in=window.categories)
        ticket = waiting.first()
        if ticket is None:
            return None
        ticket.state, ticket.called_at, ticket.window = Ticket.State.CALLED, now, window
        ticket.save(update_fields=["state", "called_at", "window"])
        return ticket


def absent(*, actor: User, window: Window, now: dt.datetime | None = None) -> Ticket:
    """The number called to the window did not come."""
    now = now or timezone.now()
    _window(actor, window)
    ticket = current(window, timezone.localdate(now))
    if ticket is None:
        raise DomainError(_("No number is called to this window."), code=ErrorCode.INVALID,
                          field="window")  # fmt: skip
    ticket.state, ticket.done_at = Ticket.State.ABSENT, now
    ticket.save(update_fields=["state", "done_at"])
    return ticket


@dataclass(frozen=True)
class Day:
    taken: int
    waiting: int
    served: int
    absent: int
    mean_wait: float | None  # minutes, of the numbers called
    longest_wait: float | None


def day_figures(centre: OrgUnit, day: dt.date) -> Day:
    tickets = list(Ticket.objects.filter(centre=centre, day=day).values_list(
        "state", "taken_at", "called_at"))  # fmt: skip
    waits = [(c - t).total_seconds() / 60 for _s, t, c in tickets if c is not None]
    states = [s for s, _t, _c in tickets]
    return Day(
        taken=len(tickets),
        waiting=states.count(Ticket.State.WAITING),
        served=states.count(Ticket.State.DONE),
        absent=states.count(Ticket.State.ABSENT),
        mean_wait=round(sum(waits) / len(waits), 1) if waits else None,
        longest_wait=round(max(waits), 1) if waits else None,
    )
