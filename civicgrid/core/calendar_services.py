"""Writes to the working-time calendar; every change moves the calendar's version stamp."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import audit
from .errors import DomainError
from .models import CalendarDay, CalendarYear
from .working_time import CALENDAR


@transaction.atomic
def calendar_day_save(*, day: CalendarDay, actor=None, address=None) -> CalendarDay:
    before = audit.stored(day)
    day.full_clean()
    day.save()
    CALENDAR.changed()
    _audit("change" if before else "create", day, before, audit.snapshot(day), actor, address)
    return day


def _audit(action, target, before, after, actor, address) -> None:
    audit.record(
        kind=audit.Kind.CALENDAR,
        action=action,
        actor=actor,
        address=address,
        target=target,
        before=before,
        after=after,
    )


@transaction.atomic
def calendar_day_delete(*, day: CalendarDay, actor=None, address=None) -> None:
    _audit("delete", day, audit.snapshot(day), None, actor, address)
    day.delete()
    CALENDAR.changed()


@transaction.atomic
def calendar_year_save(*, year: CalendarYear, actor=None, address=None) -> CalendarYear:
    """Mark a year's official schedule as entered (its holidays and adjusted days are in)."""
    before = audit.stored(year)
    year.full_clean()
    year.save()
    CALENDAR.changed()
    _audit("change" if before else "create", year, before, audit.snapshot(year), actor, address)
    return year


@transaction.atomic
def calendar_year_delete(*, year: CalendarYear, actor=None, address=None) -> None:
    _audit("delete", year, audit.snapshot(year), None, actor, address)
    year.delete()
    CALENDAR.changed()


def _year_days(year: int) -> list:
    return [
        audit.snapshot(d, extra={"id": None})
        for d in CalendarDay.objects.filter(date__year=year).order_by("date")
    ]


@transaction.atomic
def calendar_year_replace(
    *, year: int, days: list[CalendarDay], note: str = "", actor=None, address=None
) -> CalendarYear:
    """Enter a year's official schedule whole: its holidays and adjusted working days replace
    whatever the year had, and the year is marked complete."""
    for index, day in enumerate(days):
        if day.date.year != year:
            raise DomainError(
                _("%(date)s is not in %(year)s.") % {"date": day.date, "year": year},
                field=f"days.{index}.date",
            )
        if any(other.date == day.date for other in days[:index]):
            raise DomainError(
                _("%(date)s is given twice.") % {"date": day.date}, field=f"days.{index}.date"
            )
        day.full_clean(exclude=["date"])
    before = _year_days(year)
    CalendarDay.objects.filter(date__year=year).delete()
    CalendarDay.objects.bulk_create(days)
    marked, _created = CalendarYear.objects.update_or_create(
        year=year, defaults={"note": note, "source": "admin"}
    )
    CALENDAR.changed()
    _audit(
        "replace",
        marked,
        {"days": before},
        {"days": _year_days(year), "note": note},
        actor,
        address,
    )
    return marked


def missing_years(today: dt.date | None = None) -> list[int]:
    """This year and next year, where their official schedule is not entered yet."""
    today = today or timezone.localdate()
    known = set(CalendarYear.objects.values_list("year", flat=True))
    return [y for y in (today.year, today.year + 1) if y not in known]
