"""What the one-stop service's figures count, and the records behind each (DOMAIN.md §17: 好差评,
承诺时限, 一次性告知, 代办, the hall's waiting). The figures are defined once in
``civicgrid.evaluation.definitions``; a count over an area takes the subtree of the service
centre's area (``core.tallies``). Applications are counted by the day they were accepted,
decided or submitted; ratings by the day they were given; a bad rating is answered on time when
the office's answer came by its deadline; a number waited at most ``WAIT_MINUTES`` when it was
called within that time of being taken."""

from __future__ import annotations

import datetime as dt

from django.db.models import F, Model, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from civicgrid.accounts import permissions
from civicgrid.accounts.choices import UnitKind
from civicgrid.core import tallies
from civicgrid.core.tallies import Behind, Source

from . import access
from .application_models import Application, ApplicationStep, Rating
from .choices import Action, Channel, Grade
from .queue_models import Ticket

WAIT_MINUTES = 30
CENTRE = "centre__area__path"
OF_APPLICATION = "application__centre__area__path"


def _accepted(first: dt.date, last: dt.date) -> QuerySet[Application]:
    return Application.objects.filter(accepted_at__date__range=(first, last))


def _decided(first: dt.date, last: dt.date) -> QuerySet[Application]:
    return Application.objects.filter(decided_at__date__range=(first, last))


def _notices(first: dt.date, last: dt.date) -> QuerySet[ApplicationStep]:
    return ApplicationStep.objects.filter(action=Action.NOTIFY, at__date__range=(first, last))


def _ratings(first: dt.date, last: dt.date) -> QuerySet[Rating]:
    return Rating.objects.filter(rated_at__date__range=(first, last))


def _called(first: dt.date, last: dt.date) -> QuerySet[Ticket]:
    return Ticket.objects.filter(day__range=(first, last), called_at__isnull=False)


SOURCES: dict[str, Source] = {
    "os_accepted": Source(_accepted, CENTRE),
    "os_notices": Source(_notices, OF_APPLICATION),
    "os_proxy": Source(
        lambda f, la: Application.objects.filter(
            channel=Channel.PROXY, submitted_at__date__range=(f, la)
        ),
        CENTRE,
    ),
    "os_decided": Source(_decided, CENTRE),
    "os_on_time": Source(
        lambda f, la: _decided(f, la).filter(Q(due_at=None) | Q(decided_at__lte=F("due_at"))),
        CENTRE,
    ),
    "os_rated": Source(_ratings, OF_APPLICATION),
    "os_rated_good": Source(
        lambda f, la: _ratings(f, la).filter(grade__gte=Grade.SATISFIED), OF_APPLICATION
    ),
    "os_rated_bad": Source(
        lambda f, la: _ratings(f, la).filter(grade__lte=Grade.DISSATISFIED), OF_APPLICATION
    ),
    "os_bad_answered": Source(
        lambda f, la: _ratings(f, la).filter(
            grade__lte=Grade.DISSATISFIED, answered_at__lte=F("answer_due")
        ),
        OF_APPLICATION,
    ),
    "os_called": Source(_called, "centre__area__path"),
    "os_called_soon": Source(
        lambda f, la: _called(f, la).filter(
            called_at__lte=F("taken_at") + dt.timedelta(minutes=WAIT_MINUTES)
        ),
        "centre__area__path",
    ),
}


def _row(obj: Model) -> Behind:
    if isinstance(obj, Ticket):
        return Behind(f"{obj.label} · {obj.get_category_display()}", obj.centre.name, obj.day,
                      reverse("onestop:desk", args=[obj.centre.code]))  # fmt: skip
    app = obj if isinstance(obj, Application) else obj.application  # type: ignore[attr-defined]
    moment = {
        ApplicationStep: lambda s: s.at,
        Rating: lambda r: r.rated_at,
    }.get(type(obj), lambda a: a.decided_at or a.accepted_at or a.submitted_at)(obj)
    day = timezone.localdate(moment)
    return Behind(f"{app.number} · {app.item.name}", app.centre.name, day,
                  reverse("onestop:application", args=[app.number]))  # fmt: skip


def _tickets_seen(user) -> QuerySet[Ticket]:
    return Ticket.objects.filter(
        centre_id__in=permissions.works_at_or_leads(user, UnitKind.SERVICE_CENTRE)
    )


TALLY = tallies.Tally(
    SOURCES,
    {
        Application: access.visible,
        ApplicationStep: lambda user: ApplicationStep.objects.filter(
            application__in=access.visible(user).values("pk")
        ),
        Rating: lambda user: Rating.objects.filter(
            application__in=access.visible(user).values("pk")
        ),
        Ticket: _tickets_seen,
    },
    {
        Application: ("item", "centre"),
        ApplicationStep: ("application__item", "application__centre"),
        Rating: ("application__item", "application__centre"),
        Ticket: ("centre",),
    },
    _row,
)
counts = TALLY.counts
behind = TALLY.behind
