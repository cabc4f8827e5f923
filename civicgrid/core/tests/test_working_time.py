"""Working time on the official calendar: examples and properties (no database needed)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from civicgrid.core.calendar_seed import official_days
from civicgrid.core.working_time import (
    Calendar,
    TimeUnit,
    add_working_time,
    parse_periods,
    working_seconds_between,
    working_time_between,
)

SH = ZoneInfo("Asia/Shanghai")
_days = official_days()
CAL = Calendar(
    holidays=frozenset(r["date"] for r in _days if r["kind"] == "holiday"),
    workdays=frozenset(r["date"] for r in _days if r["kind"] == "workday"),
    known_years=frozenset(range(2004, 2027)),
    periods=parse_periods("09:00-12:00,13:30-17:30"),
    tz=SH,
)


def at(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=SH)


starts = st.datetimes(
    min_value=dt.datetime(2024, 1, 1), max_value=dt.datetime(2026, 9, 30), timezones=st.just(SH)
).map(lambda d: d.replace(microsecond=0))
minutes = st.integers(min_value=0, max_value=60 * 7 * 25)


def test_within_a_morning():
    # Monday 2026-11-23 10:00 + 1 working hour
    assert add_working_time(at(2026, 11, 23, 10), 1, calendar=CAL) == at(2026, 11, 23, 11)


def test_lunch_break_is_skipped():
    assert add_working_time(at(2026, 11, 23, 11), 2, calendar=CAL) == at(2026, 11, 23, 14, 30)


def test_ending_exactly_at_noon_ends_at_noon():
    assert add_working_time(at(2026, 11, 23, 11), 1, calendar=CAL) == at(2026, 11, 23, 12)


def test_evening_start_counts_from_next_morning():
    assert add_working_time(at(2026, 11, 23, 20), 1, calendar=CAL) == at(2026, 11, 24, 10)


def test_weekend_is_skipped():
    # Friday 2026-11-27 17:00 + 1 hour → Monday 09:30
    assert add_working_time(at(2026, 11, 27, 17), 1, calendar=CAL) == at(2026, 11, 30, 9, 30)


def test_national_day_holiday_is_skipped():
    # 2025-09-30 (Tuesday) 17:00 + 1 hour: 1–8 October are holidays, 2025-10-09 is Thursday
    assert add_working_time(at(2025, 9, 30, 17), 1, calendar=CAL) == at(2025, 10, 9, 9, 30)


def test_adjusted_working_saturday_counts():
    # 2025-09-28 is a Sunday made a working day (调休) before National Day
    assert CAL.is_working_day(dt.date(2025, 9, 28))
    assert add_working_time(at(2025, 9, 27, 12), 1, calendar=CAL) == at(2025, 9, 28, 10)


def test_working_days_are_day_lengths():
    # 3 working days from Monday 10:00 is Thursday 10:00
    result = add_working_time(at(2026, 11, 23, 10), 3, TimeUnit.DAYS, calendar=CAL)
    assert result == at(2026, 11, 26, 10)
    assert working_time_between(at(2026, 11, 23, 10), result, TimeUnit.DAYS, calendar=CAL) == 3


def test_adding_nothing_changes_nothing():
    evening = at(2024, 2, 4, 17, 30)  # the end of a working day
    assert add_working_time(evening, 0, calendar=CAL) == evening
    # 2024-02-04 is a Sunday worked before the Spring Festival: 10:00 + 6 hours ends at 17:30
    end = add_working_time(at(2024, 2, 4, 10), 6, calendar=CAL)
    assert end == evening and add_working_time(end, 0, calendar=CAL) == evening


def test_fractional_hours():
    assert add_working_time(at(2026, 11, 23, 9), "0.5", calendar=CAL) == at(2026, 11, 23, 9, 30)


def test_negative_amount_is_refused():
    with pytest.raises(ValueError):
        add_working_time(at(2026, 11, 23, 9), -1, calendar=CAL)


def test_naive_start_is_refused():
    with pytest.raises(ValueError):
        add_working_time(dt.datetime(2026, 11, 23, 9), 1, calendar=CAL)


def test_between_is_negative_backwards():
    a, b = at(2026, 11, 23, 9), at(2026, 11, 23, 11)
    assert working_seconds_between(b, a, calendar=CAL) == -7200


@pytest.mark.parametrize("text", ["", "09:00", "12:00-09:00", "09:00-12:00,11:00-13:00", "9h-12h"])
def test_bad_working_hours_are_refused(text):
    with pytest.raises(ValueError):
        parse_periods(text)


def test_unknown_year_falls_back_to_weekdays_and_warns(caplog, monkeypatch):
    from civicgrid.core import working_time

    monkeypatch.setattr(working_time, "_warned", set())  # once per process: not yet here
    cal = Calendar(periods=CAL.periods, tz=SH)  # no years known
    with caplog.at_level("WARNING", logger="civicgrid.calendar"):
        assert cal.is_working_day(dt.date(2031, 1, 1))  # a Wednesday
        assert not cal.is_working_day(dt.date(2031, 1, 4))  # a Saturday
    assert "2031" in caplog.text


@settings(max_examples=300, deadline=None)
@given(starts, minutes, minutes)
def test_additive(start, a, b):
    once = add_working_time(start, (a + b) / 60, calendar=CAL)
    twice = add_working_time(add_working_time(start, a / 60, calendar=CAL), b / 60, calendar=CAL)
    assert once == twice


@settings(max_examples=300, deadline=None)
@given(starts, minutes, minutes)
def test_monotonic(start, a, b):
    small, large = sorted((a, b))
    assert add_working_time(start, small / 60, calendar=CAL) <= add_working_time(
        start, large / 60, calendar=CAL
    )


@settings(max_examples=300, deadline=None)
@given(starts, minutes)
def test_between_inverts_add(start, a):
    end = add_working_time(start, a / 60, calendar=CAL)
    assert working_seconds_between(start, end, calendar=CAL) == a * 60
    assert end >= start


@settings(max_examples=300, deadline=None)
@given(starts, st.integers(min_value=1, max_value=60 * 7 * 25))
def test_deadlines_never_fall_outside_working_time(start, a):
    end = add_working_time(start, a / 60, calendar=CAL).astimezone(SH)
    assert CAL.is_working_day(end.date())
    assert any(s <= end.time() <= e for s, e in CAL.periods)
    # every holiday between start and end was skipped: no working time was counted on one
    day = start.date()
    while day <= end.date():
        if day in CAL.holidays and day not in CAL.workdays:
            noon = dt.datetime.combine(day, dt.time(12), tzinfo=SH)
            assert working_seconds_between(noon - dt.timedelta(hours=3), noon, calendar=CAL) == 0
        day += dt.timedelta(days=1)


moments = st.datetimes(  # with their sub-second part, as cases' deadlines have it
    min_value=dt.datetime(2020, 1, 1), max_value=dt.datetime(2028, 12, 31), timezones=st.just(SH)
)


def counted_day_by_day(a: dt.datetime, b: dt.datetime) -> int:
    """What ``working_seconds_between`` answered when it visited every day from ``a`` to ``b``."""
    total, day = 0, a.date()
    while day <= b.date():
        for begin, end in CAL.windows(day):
            total += max(0, int((min(end, b) - max(begin, a)).total_seconds()))
        day += dt.timedelta(days=1)
    return total


@settings(max_examples=500, deadline=None)
@given(moments, st.integers(min_value=0, max_value=3 * 366 * 86400))
def test_between_answers_what_counting_every_day_answers(a, later):
    """Whole days are counted from the five-day week and the calendar's exceptions (a case a year
    overdue made every list and sweep run count its year day by day): the same answer, across
    holidays, adjusted Saturdays and years the calendar does not know."""
    b = a + dt.timedelta(seconds=later, microseconds=later % 997)
    assert working_seconds_between(a, b, calendar=CAL) == counted_day_by_day(a, b)
    assert working_seconds_between(b, a, calendar=CAL) == -counted_day_by_day(a, b)


def test_working_days_of_a_range():
    assert CAL.working_days(dt.date(2026, 10, 1), dt.date(2026, 10, 7)) == 0  # National Day
    assert (
        CAL.working_days(dt.date(2026, 9, 28), dt.date(2026, 10, 11)) == 3 + 2 + 1
    )  # and Saturday 10-10
    assert CAL.working_days(dt.date(2026, 11, 23), dt.date(2026, 11, 22)) == 0
    assert CAL.working_days(dt.date(2026, 11, 23), dt.date(2026, 11, 23)) == 1
