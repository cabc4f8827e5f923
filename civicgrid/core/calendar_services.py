"""Writes to the working-time calendar; every change moves the calendar's version stamp."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from .models import CalendarDay, CalendarYear
from .working_time import CALENDAR


@transaction.atomic
def calendar_day_save(*, day: CalendarDay) -> CalendarDay:
    day.full_clean()
    day.save()
    CALENDAR.changed()
    return day


@transaction.atomic
def calendar_day_delete(*, day: CalendarDay) -> None:
    day.delete()
    CALENDAR.changed()


@transaction.atomic
def calendar_year_save(*, year: CalendarYear) -> CalendarYear:
    """Mark a year's official schedule as entered (its holidays and adjusted days are in)."""
    year.full_clean()
    year.save()
    CALENDAR.changed()
    return year


def missing_years(today: dt.date | None = None) -> list[int]:
    """This year and next year, where their official schedule is not entered yet."""
    today = today or timezone.localdate()
    known = set(CalendarYear.objects.values_list("year", flat=True))
    return [y for y in (today.year, today.year + 1) if y not in known]
