"""Volunteers' rules (``volunteer_models.py``): a community's leaders (and those above) keep its
volunteer roster, pair each volunteer with a social worker of the community, record service
hours and give incentives; only leaders see it, like the rest of the workforce.

- A volunteer is a resident of the register living in the community, on the roster once at a
  time; leaving is recorded with the day.
- The social worker they are paired with serves in the same community (post: social worker).
- Service hours are a day that has come, more than nothing and at most 24 hours, at most one
  entry per volunteer, day and activity; a volunteer who has left records no more.
- The star level counts every hour recorded (``stars``).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import DecimalField, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from civicgrid.accounts import permissions
from civicgrid.accounts.models import User
from civicgrid.accounts.selectors import led
from civicgrid.areas.models import Area
from civicgrid.core.checks import checked, past_day
from civicgrid.core.errors import ErrorCode, refused
from civicgrid.registry.models import Person

from .choices import Post
from .models import Incentive, ServiceHours, Volunteer, Worker

NO_HOURS = Value(Decimal(0), output_field=DecimalField(max_digits=10, decimal_places=1))


def stars(hours: Decimal | int | float) -> int:
    """The star level of ``hours`` of service (0 below the first threshold)."""
    return sum(1 for need in settings.CIVICGRID_VOLUNTEER_STARS if hours >= need)


def roster(user: User) -> QuerySet[Volunteer]:
    """The volunteers of the communities the user leads, each with ``total`` hours."""
    return (
        led(Volunteer.objects.all(), user, "area__path")
        .select_related("area", "person", "social_worker")
        .annotate(total=Coalesce(Sum("hours__hours"), NO_HOURS))
    )


def social_workers(area: Area) -> QuerySet[Worker]:
    return Worker.objects.filter(area=area, post=Post.SOCIAL_WORKER, left_on=None)


def _keeps(actor: User, area: Area, field: str) -> None:
    if not permissions.can_lead(actor, area):
        raise refused(_("You do not keep this community's volunteers."), field,
                      ErrorCode.FORBIDDEN)  # fmt: skip


def _paired(area: Area, worker: Worker | None) -> Worker | None:
    if worker is not None and not social_workers(area).filter(pk=worker.pk).exists():
        raise refused(_("Choose a social worker serving in this community."), "social_worker")
    return worker


@transaction.atomic
def volunteer_add(
    *, actor: User, area: Area | None, person: Person | None, joined_on: dt.date | None,
    skills: str = "", social_worker: Worker | None = None,
) -> Volunteer:  # fmt: skip
    if area is None or area.level != 4:
        raise refused(_("Choose a community."), "area", ErrorCode.REQUIRED)
    _keeps(actor, area, "area")
    if person is None:
        raise refused(_("Give the volunteer's ID number."), "id_number", ErrorCode.REQUIRED)
    if not person.grid.path.startswith(area.path):
        raise refused(_("The register does not have this person living in the community."),
                      "id_number")  # fmt: skip
    made = Volunteer(area=area, person=person, skills=skills.strip(),
                     joined_on=past_day(joined_on, "joined_on"),
                     social_worker=_paired(area, social_worker))  # fmt: skip
    checked(made)
    try:
        with transaction.atomic():
            made.save()
    except IntegrityError:
        raise refused(_("This person is on the roster already."), "id_number",
                      ErrorCode.DUPLICATE) from None  # fmt: skip
    return made


def _locked(volunteer: Volunteer) -> Volunteer:
    """The volunteer's row as it stands now, locked (two leaders at once: one wins)."""
    rows = Volunteer.objects.select_for_update(of=("self",)).select_related("area")
    return rows.get(pk=volunteer.pk)


@transaction.atomic
def pair(*, actor: User, volunteer: Volunteer, social_worker: Worker | None) -> Volunteer:
    """Pair the volunteer with a social worker of their community (``None``: with nobody)."""
    volunteer = _locked(volunteer)
    _keeps(actor, volunteer.area, "volunteer")
    if volunteer.left_on is not None:
        raise refused(_("This volunteer has left."), "volunteer", ErrorCode.CLOSED)
    volunteer.social_worker = _paired(volunteer.area, social_worker)
    volunteer.save(update_fields=["social_worker", "updated_at"])
    return volunteer


@transaction.atomic
def leave(*, actor: User, volunteer: Volunteer, left_on: dt.date | None) -> Volunteer:
    volunteer = _locked(volunteer)
    _keeps(actor, volunteer.area, "volunteer")
    left_on = past_day(left_on, "left_on")
    if volunteer.left_on is not None:
        raise refused(_("This volunteer has left."), "volunteer", ErrorCode.CLOSED)
    if left_on < volunteer.joined_on:
        raise refused(_("This is before they joined."), "left_on")
    volunteer.left_on = left_on
    volunteer.save(update_fields=["left_on", "updated_at"])
    return volunteer


@transaction.atomic
def hours_add(
    *, actor: User, volunteer: Volunteer, day: dt.date | None, hours: Decimal | None,
    activity: str,
) -> ServiceHours:  # fmt: skip
    volunteer = _locked(volunteer)  # as it stands: they may have left since it was read
    _keeps(actor, volunteer.area, "volunteer")
    day = past_day(day, "day")
    if day < volunteer.joined_on or (volunteer.left_on and day > volunteer.left_on):
        raise refused(_("They did not volunteer here on this day."), "day")
    if hours is None or not Decimal(0) < hours <= 24:
        raise refused(_("More than no time and at most 24 hours a day."), "hours")
    if not activity.strip():
        raise refused(_("Say what they did."), "activity", ErrorCode.REQUIRED)
    if volunteer.hours.filter(day=day, activity=activity.strip()).exists():
        raise refused(_("These hours are recorded already."), "activity", ErrorCode.DUPLICATE)
    made = ServiceHours(volunteer=volunteer, day=day, hours=hours, activity=activity.strip(),
                        recorded_by=actor)  # fmt: skip
    checked(made)
    made.save()
    return made


def incentive_give(
    *, actor: User, volunteer: Volunteer, kind: str, given_on: dt.date | None, why: str,
    points: int = 0,
) -> Incentive:  # fmt: skip
    _keeps(actor, volunteer.area, "volunteer")
    if points and kind != Incentive.Kind.POINTS:
        raise refused(_("Points go with points to redeem only."), "points")
    if kind == Incentive.Kind.POINTS and points <= 0:
        raise refused(_("Give the points."), "points", ErrorCode.REQUIRED)
    made = Incentive(volunteer=volunteer, kind=kind, points=points, why=why.strip(),
                     given_on=past_day(given_on, "given_on"), given_by=actor)  # fmt: skip
    checked(made)
    made.save()
    return made
