"""Periods indicators are computed for: a day, an ISO week, a month, a quarter, a year, or any
span of days, written the way people write them:

    2026-10-05            a day
    2026-W41              an ISO week (Monday to Sunday)
    2026-10               a month
    2026-Q4               a quarter
    2026                  a year
    2026-10-01..2026-10-15  a span of days, both ends included

A period runs from local midnight of its first day to local midnight after its last
(Asia/Shanghai), so that "October" means what the district means by it. Each period knows the
one before it (period-on-period, 环比) and the same one a year earlier (year-on-year, 同比).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.core.errors import DomainError, ErrorCode

KINDS = ("day", "week", "month", "quarter", "year", "custom")
MAX_DAYS = 3 * 366


@dataclass(frozen=True)
class Period:
    kind: str
    first: dt.date  # the first day
    last: dt.date  # the last day, included

    @property
    def start(self) -> dt.datetime:
        return _midnight(self.first)

    @property
    def end(self) -> dt.datetime:
        """Local midnight after the last day: the period is [start, end)."""
        return _midnight(self.last + dt.timedelta(days=1))

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def label(self) -> str:
        if self.kind == "day":
            return self.first.isoformat()
        if self.kind == "week":
            year, week, _day = self.first.isocalendar()
            return f"{year}-W{week:02d}"
        if self.kind == "month":
            return f"{self.first:%Y-%m}"
        if self.kind == "quarter":
            return f"{self.first.year}-Q{(self.first.month - 1) // 3 + 1}"
        if self.kind == "year":
            return str(self.first.year)
        return f"{self.first.isoformat()}..{self.last.isoformat()}"

    def previous(self) -> Period:
        """The period just before (环比): the previous month for a month, and so on."""
        if self.kind == "month":
            last = self.first - dt.timedelta(days=1)
            return month(last.year, last.month)
        if self.kind == "quarter":
            last = self.first - dt.timedelta(days=1)
            return quarter(last.year, (last.month - 1) // 3 + 1)
        if self.kind == "year":
            return year(self.first.year - 1)
        shift = dt.timedelta(days=self.days)
        return Period(self.kind, self.first - shift, self.last - shift)

    def year_before(self) -> Period:
        """The same period a year earlier (同比)."""
        if self.kind == "week":
            y, w, _d = self.first.isocalendar()
            try:
                return week(y - 1, w)
            except ValueError:  # week 53 in a year with 52
                return week(y - 1, 52)
        return Period(self.kind, _a_year_before(self.first), _a_year_before(self.last))

    def __str__(self) -> str:
        return self.label


def _midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _a_year_before(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def month(y: int, m: int) -> Period:
    first = dt.date(y, m, 1)
    nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
    return Period("month", first, nxt - dt.timedelta(days=1))


def quarter(y: int, q: int) -> Period:
    first = dt.date(y, 3 * q - 2, 1)
    last = month(y, 3 * q).last
    return Period("quarter", first, last)


def year(y: int) -> Period:
    return Period("year", dt.date(y, 1, 1), dt.date(y, 12, 31))


def week(y: int, w: int) -> Period:
    first = dt.date.fromisocalendar(y, w, 1)
    return Period("week", first, first + dt.timedelta(days=6))


def parse(text: str, *, field: str = "period") -> Period:
    """A period from its written form; a clear error naming ``field`` otherwise."""
    text = (text or "").strip()
    try:
        if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})\.\.(\d{4})-(\d{2})-(\d{2})", text):
            first = dt.date(*map(int, m.group(1, 2, 3)))
            last = dt.date(*map(int, m.group(4, 5, 6)))
            if last < first:
                raise DomainError(
                    _("The period ends before it starts."), code=ErrorCode.INVALID, field=field
                )
            if (last - first).days >= MAX_DAYS:
                raise DomainError(
                    _("A period may span at most %(days)s days.") % {"days": MAX_DAYS},
                    code=ErrorCode.INVALID,
                    field=field,
                )
            return Period("custom", first, last)
        if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text):
            day = dt.date(*map(int, m.groups()))
            return Period("day", day, day)
        if m := re.fullmatch(r"(\d{4})-W(\d{1,2})", text, re.IGNORECASE):
            return week(int(m.group(1)), int(m.group(2)))
        if m := re.fullmatch(r"(\d{4})-(\d{1,2})", text):
            return month(int(m.group(1)), int(m.group(2)))
        if m := re.fullmatch(r"(\d{4})-Q([1-4])", text, re.IGNORECASE):
            return quarter(int(m.group(1)), int(m.group(2)))
        if m := re.fullmatch(r"(\d{4})", text):
            return year(int(m.group(1)))
    except ValueError:
        pass
    raise DomainError(
        _(
            "“%(text)s” is not a period: write a day (2026-10-05), a week (2026-W41), a month "
            "(2026-10), a quarter (2026-Q4), a year (2026) or a span (2026-10-01..2026-10-15)."
        )
        % {"text": text},
        code=ErrorCode.INVALID,
        field=field,
    )
