"""Working time (工作时 / 工作日) on the official calendar.

A date is a working day when the calendar marks it an adjusted working day (调休), or when it is a
Monday–Friday the calendar does not mark a holiday. Inside a working day only the configured
working periods count (default 09:00–12:00 and 13:30–17:30, Asia/Shanghai).

A working day is the length of the day's periods (7 hours by default), so "3 working days" from
Monday 10:00 is Thursday 10:00 and both units add up consistently.

For a year the calendar holds no official schedule for, Monday–Friday is assumed and a warning
is logged once per process and year (the admin shows the same warning until the year is added).

Everything here is computed in whole seconds, so adding is exactly additive and
``working_seconds_between(s, add_working_time(s, a))`` is exactly ``a``.
"""

from __future__ import annotations

import bisect
import datetime as dt
import logging
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .models import CalendarDay, CalendarYear
from .stamped import StampedCache

log = logging.getLogger("civicgrid.calendar")

CALENDAR_STAMP = "working-calendar"
HOUR = 3600
MAX_DAYS = 3660  # a limit never reaches this far; guards against a calendar with no workdays


class TimeUnit(models.TextChoices):
    HOURS = "hours", _("working hours")
    DAYS = "days", _("working days")


def parse_periods(text: str) -> tuple[tuple[dt.time, dt.time], ...]:
    """``"09:00-12:00,13:30-17:30"`` → ordered, non-overlapping (start, end) pairs."""
    periods: list[tuple[dt.time, dt.time]] = []
    for part in text.split(","):
        start, _sep, end = part.strip().partition("-")
        try:
            pair = (dt.time.fromisoformat(start.strip()), dt.time.fromisoformat(end.strip()))
        except ValueError as exc:
            raise ValueError(
                f"working hours: cannot read {part.strip()!r} (use HH:MM-HH:MM)"
            ) from exc
        if pair[0] >= pair[1]:
            raise ValueError(f"working hours: {part.strip()!r} ends before it starts")
        if periods and pair[0] < periods[-1][1]:
            raise ValueError(f"working hours: {part.strip()!r} overlaps the period before it")
        periods.append(pair)
    if not periods:
        raise ValueError("working hours: no period given")
    return tuple(periods)


@dataclass(frozen=True)
class Calendar:
    """An immutable snapshot of the calendar table and the working periods."""

    holidays: frozenset[dt.date] = frozenset()
    workdays: frozenset[dt.date] = frozenset()
    known_years: frozenset[int] = frozenset()
    periods: tuple[tuple[dt.time, dt.time], ...] = ((dt.time(9), dt.time(12)),)
    tz: ZoneInfo = field(default_factory=lambda: ZoneInfo("Asia/Shanghai"))

    @property
    def day_seconds(self) -> int:
        return sum(_seconds(e) - _seconds(s) for s, e in self.periods)

    def is_working_day(self, day: dt.date) -> bool:
        if day.year not in self.known_years:
            _warn_unknown_year(day.year)
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        return day.weekday() < 5

    @cached_property
    def _exceptions(self) -> tuple[list[dt.date], list[dt.date]]:
        """Monday–Friday holidays and weekend working days, sorted: all that departs from the
        five-day week."""
        off = sorted(d for d in self.holidays if d.weekday() < 5 and d not in self.workdays)
        on = sorted(d for d in self.workdays if d.weekday() >= 5)
        return off, on

    def working_days(self, first: dt.date, last: dt.date) -> int:
        """How many working days ``first`` … ``last`` (both included) holds: the five-day weeks
        counted, then the calendar's exceptions in the range (not one day at a time: a case a
        year overdue made every list and sweep count its year day by day)."""
        if last < first:
            return 0
        for year in range(first.year, last.year + 1):
            if year not in self.known_years:
                _warn_unknown_year(year)
        weeks, rest = divmod((last - first).days + 1, 7)
        count = weeks * 5 + sum(1 for i in range(rest) if (first.weekday() + i) % 7 < 5)
        off, on = self._exceptions

        def among(days: list[dt.date]) -> int:
            return bisect.bisect_right(days, last) - bisect.bisect_left(days, first)

        return count - among(off) + among(on)

    def windows(self, day: dt.date):
        """The working periods of ``day`` as aware datetimes (none on a day off)."""
        if not self.is_working_day(day):
            return
        for start, end in self.periods:
            yield (
                dt.datetime.combine(day, start, tzinfo=self.tz),
                dt.datetime.combine(day, end, tzinfo=self.tz),
            )


def _seconds(t: dt.time) -> int:
    return t.hour * 3600 + t.minute * 60 + t.second


_warned: set[int] = set()


def _warn_unknown_year(year: int) -> None:
    if year not in _warned:
        _warned.add(year)
        log.warning(
            "The working-time calendar has no official schedule for %s: Monday to Friday is "
            "assumed. Add the year's holidays and adjusted working days in the admin.",
            year,
        )


def _build_calendar() -> Calendar:
    holidays: set[dt.date] = set()
    workdays: set[dt.date] = set()
    for day, kind in CalendarDay.objects.values_list("date", "kind"):
        (workdays if kind == CalendarDay.Kind.WORKDAY else holidays).add(day)
    return Calendar(
        holidays=frozenset(holidays),
        workdays=frozenset(workdays),
        known_years=frozenset(CalendarYear.objects.values_list("year", flat=True)),
        periods=parse_periods(settings.CIVICGRID_WORKING_HOURS),
        tz=ZoneInfo(settings.TIME_ZONE),
    )


CALENDAR = StampedCache(CALENDAR_STAMP, _build_calendar)
# The calendar from the database, rebuilt in this process when its version stamp moves.
current_calendar = CALENDAR.get


def to_seconds(amount, unit: str, calendar: Calendar) -> int:
    """A limit (``amount`` of ``unit``) as working seconds."""
    per_unit = HOUR if unit == TimeUnit.HOURS else calendar.day_seconds
    seconds = Decimal(str(amount)) * per_unit
    if seconds < 0:
        raise ValueError("a working-time amount cannot be negative")
    return int(seconds.to_integral_value())


def add_working_time(
    start: dt.datetime, amount, unit: str = TimeUnit.HOURS, *, calendar: Calendar | None = None
) -> dt.datetime:
    """The moment ``amount`` working hours or days after ``start``.

    Time outside working periods does not count; an amount that ends exactly at the end of a
    period ends there (not at the start of the next one), which keeps the sum additive.
    """
    cal = calendar or current_calendar()
    return add_working_seconds(start, to_seconds(amount, unit, cal), calendar=cal)


def add_working_seconds(
    start: dt.datetime, seconds: int, *, calendar: Calendar | None = None
) -> dt.datetime:
    """``start`` plus ``seconds`` of working time (see ``add_working_time``)."""
    cal = calendar or current_calendar()
    remaining = int(seconds)
    if remaining < 0:
        raise ValueError("a working-time amount cannot be negative")
    if start.tzinfo is None:
        raise ValueError("start must be timezone-aware")
    moment = start.astimezone(cal.tz).replace(microsecond=0)
    if remaining == 0:
        return moment  # adding nothing is the identity, even outside working hours
    day = moment.date()
    for _day in range(MAX_DAYS):
        for begin, end in cal.windows(day):
            if moment >= end:
                continue
            begin = max(begin, moment)
            available = int((end - begin).total_seconds())
            if remaining <= available:
                return begin + dt.timedelta(seconds=remaining)
            remaining -= available
        day += dt.timedelta(days=1)
    raise ValueError("no working time within ten years: check the calendar and working hours")


def working_seconds_between(
    a: dt.datetime, b: dt.datetime, *, calendar: Calendar | None = None
) -> int:
    """Working seconds from ``a`` to ``b`` (negative when ``b`` is before ``a``)."""
    if b < a:
        return -working_seconds_between(b, a, calendar=calendar)
    cal = calendar or current_calendar()
    a, b = a.astimezone(cal.tz), b.astimezone(cal.tz)
    first, last = a.date(), b.date()
    if first == last:
        return _worked(cal, first, a, b)
    # the days between count whole (a same-zone difference is wall time, as day_seconds is)
    between = cal.working_days(first + dt.timedelta(days=1), last - dt.timedelta(days=1))
    return _worked(cal, first, a, b) + between * cal.day_seconds + _worked(cal, last, a, b)


def _worked(cal: Calendar, day: dt.date, a: dt.datetime, b: dt.datetime) -> int:
    """The working seconds of ``day`` between ``a`` and ``b``."""
    total = 0
    for begin, end in cal.windows(day):
        overlap = (min(end, b) - max(begin, a)).total_seconds()
        if overlap > 0:
            total += int(overlap)
    return total


def working_time_between(
    a: dt.datetime, b: dt.datetime, unit: str = TimeUnit.HOURS, *, calendar=None
) -> Decimal:
    """Working time from ``a`` to ``b`` in hours or working days, to 0.01."""
    cal = calendar or current_calendar()
    per_unit = HOUR if unit == TimeUnit.HOURS else cal.day_seconds
    seconds = working_seconds_between(a, b, calendar=cal)
    return (Decimal(seconds) / per_unit).quantize(Decimal("0.01"))
