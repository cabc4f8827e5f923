"""Indicators with known answers: a constructed month that reproduces Tianmen's published
figures, the other area counts, and a department's figures from steps walked through the loop."""

import datetime as dt

import pytest

from civicgrid.cases.models import Case, CaseEvent
from civicgrid.cases.services import case_transition
from civicgrid.cases.tests.fixtures import MONDAY, walk
from civicgrid.cases.tests.test_views import seeded
from civicgrid.catalogue.models import CaseClass
from civicgrid.core.errors import DomainError
from civicgrid.evaluation import periods
from civicgrid.evaluation.compute import area_indicators, cases_behind, unit_indicators
from civicgrid.evaluation.definitions import LIBRARY

pytestmark = pytest.mark.django_db

OCTOBER = periods.parse("2026-10")


def at(day: int, hour: int = 10, month: int = 10) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, tzinfo=MONDAY.tzinfo)


def rows(loop, n: int, *, grid=None, **fields) -> None:
    """``n`` cases written as they stand at the end of a month (the loop's steps behind them)."""
    cls = CaseClass.objects.get(code="06010")
    grid = grid or loop.tree.grid1
    start = Case.objects.count()
    defaults = {
        "kind": "matter",
        "case_class": cls,
        "channel": "patrol",
        "state": "closed",
        "priority": "routine",
        "description": "",
        "grid": grid,
        "reported_at": at(10, 9),
        "registered_at": at(10),
    }
    Case.objects.bulk_create(
        Case(number=f"T{start + i:08d}", **{**defaults, **fields}) for i in range(n)
    )


def tianmen(loop) -> None:
    """Registered 996, due to close 972, closed 911 (737 on time): as published."""
    closed = {"state": "closed", "closed_at": at(20), "handle_due_at": at(18)}
    rows(loop, 737, closed_on_time=True, tier_resolved="grid", **closed)
    rows(loop, 174, closed_on_time=False, tier_resolved="street", **closed)
    # open at the end of the month: 61 past their handling deadline, 24 not yet due
    rows(loop, 61, state="handling", handle_due_at=at(28))
    rows(loop, 24, state="handling", handle_due_at=at(5, month=11))


def test_the_published_tianmen_month(loop):
    tianmen(loop)
    rows(loop, 3, state="voided", registered_at=None)  # reported, never registered
    rows(loop, 5, reported_at=at(30, 9, month=9), registered_at=at(30, month=9))  # September's
    got = area_indicators([loop.tree.district], OCTOBER)[loop.tree.district.pk]
    assert got["registered"] == 996 and got["due_to_close"] == 972 and got["closed"] == 911
    assert got["closing_rate"] == 93.72
    assert got["closed_on_time"] == 737 and got["on_time_closing_rate"] == 75.82
    assert got["reported"] == 999  # the 996 and the 3 never registered
    assert got["resolved_grid"] == 737 and got["grid_share"] == 80.9
    assert got["resolved_street"] == 174 and got["street_share"] == 19.1
    # the cases behind a figure are exactly those counted
    assert cases_behind("closing_rate", OCTOBER, area=loop.tree.district).count() == 911
    assert cases_behind("due_to_close", OCTOBER, area=loop.tree.district).count() == 972
    # other areas hold none of them; a month with nothing has no rates
    other = area_indicators([loop.tree.other_street], OCTOBER)[loop.tree.other_street.pk]
    assert other["registered"] == 0 and other["closing_rate"] is None
    assert (
        area_indicators([loop.tree.district], periods.parse("2026-08"))[loop.tree.district.pk][
            "closed"
        ]
        == 0
    )


def test_public_reports_self_handling_and_the_average_handling_time(loop):
    rows(loop, 6, channel="hotline", handling_seconds=3 * 3600, handled_at=at(11))
    rows(loop, 2, channel="patrol", self_handled=True)
    rows(loop, 2, channel="web", handled_at=at(12), handling_seconds=6 * 3600)
    got = area_indicators([loop.tree.street, loop.tree.community], OCTOBER)
    street = got[loop.tree.street.pk]
    assert street["public_registered"] == 8 and street["public_report_rate"] == 80.0
    assert street["self_handled"] == 2 and street["self_handled_rate"] == 20.0
    assert street["handled_timed"] == 8 and street["avg_handling_hours"] == 3.75
    assert got[loop.tree.community.pk] == street  # every case lies in the same community


def test_a_department_from_the_steps_on_the_record(loop):
    """Three cases dispatched to the department on MONDAY: one handled on time and failed at
    the check once, one returned as not its duty, one left unhandled past its deadline."""
    done = walk(seeded(loop), loop, until="report_handled")
    case_transition(
        case_id=done.pk,
        action="send_check",
        actor=loop.shift_lead,
        now=MONDAY + dt.timedelta(hours=1),
    )
    case_transition(
        case_id=done.pk,
        action="fail_check",
        actor=loop.supervisor,
        note="还有垃圾",
        data={"lon": 121.41, "lat": 31.12},
        now=MONDAY + dt.timedelta(hours=2),
    )
    returned = walk(seeded(loop), loop, until="dispatch")
    case_transition(
        case_id=returned.pk, action="return", actor=loop.handler, note="不归我们", now=MONDAY
    )
    late = walk(seeded(loop), loop, until="sign")
    week = periods.parse("2026-11-23..2026-12-31")
    got = unit_indicators([loop.department], week)[loop.department.pk]
    assert got["dispatched"] == 3 and got["returns"] == 1 and got["rework"] == 1
    # the reworked case is being handled again, the late one was never handled
    assert got["handled"] == 0 and got["overdue_unhandled"] == 2
    assert got["due_to_handle"] == 2 and got["handling_rate"] == 0.0
    assert {c.pk for c in cases_behind("overdue_unhandled", week, unit=loop.department)} == {
        done.pk,
        late.pk,
    }
    assert [c.pk for c in cases_behind("returns", week, unit=loop.department)] == [returned.pk]
    assert [c.pk for c in cases_behind("rework_rate", week, unit=loop.department)] == [done.pk]
    # the other department: nothing
    other = unit_indicators([loop.other_department], week)[loop.other_department.pk]
    assert other["dispatched"] == 0 and other["handling_rate"] is None


def test_a_handled_case_counts_on_time_with_its_working_hours(loop):
    case = walk(seeded(loop), loop, until="report_handled")
    assert case.handling_seconds == 0  # dispatched and handled in the same minute
    day = periods.parse("2026-11-23")
    got = unit_indicators([loop.department], day)[loop.department.pk]
    assert (got["handled"], got["handled_on_time"], got["on_time_handling_rate"]) == (1, 1, 100.0)
    assert got["unit_avg_handling_hours"] == 0.0


def test_every_indicator_is_defined_in_both_languages():
    codes = [i.code for i in LIBRARY]
    assert len(codes) == len(set(codes))
    for indicator in LIBRARY:
        d = indicator.describe()
        assert d["name_zh"] != d["name_en"], indicator.code  # translated
        assert d["formula_zh"] and d["formula_en"]
        if indicator.is_rate:
            assert indicator.denominator in codes and (
                indicator.numerator in codes or indicator.unit == "hours"
            )


@pytest.mark.parametrize(
    ("text", "first", "last", "label"),
    [
        ("2026-10", "2026-10-01", "2026-10-31", "2026-10"),
        ("2026-Q4", "2026-10-01", "2026-12-31", "2026-Q4"),
        ("2026-W41", "2026-10-05", "2026-10-11", "2026-W41"),
        ("2026", "2026-01-01", "2026-12-31", "2026"),
        ("2026-10-05", "2026-10-05", "2026-10-05", "2026-10-05"),
        ("2026-10-01..2026-10-15", "2026-10-01", "2026-10-15", "2026-10-01..2026-10-15"),
    ],
)
def test_periods(text, first, last, label):
    p = periods.parse(text)
    assert (p.first.isoformat(), p.last.isoformat(), p.label) == (first, last, label)
    assert p.start.hour == 0 and p.start.utcoffset() == dt.timedelta(hours=8)


def test_period_before_and_a_year_before():
    assert periods.parse("2026-01").previous().label == "2025-12"
    assert periods.parse("2026-Q1").previous().label == "2025-Q4"
    assert periods.parse("2026-W01").previous().label == "2025-W52"
    assert periods.parse("2026-10").year_before().label == "2025-10"
    assert periods.parse("2028-02-29").year_before().label == "2027-02-28"
    span = periods.parse("2026-10-01..2026-10-10")
    assert span.previous().label == "2026-09-21..2026-09-30"


@pytest.mark.parametrize("text", ["", "2026-13", "2026-Q5", "october", "2026-10-09..2026-10-01"])
def test_a_bad_period_names_the_field(text):
    with pytest.raises(DomainError) as caught:
        periods.parse(text)
    assert caught.value.field == "period"


def test_the_hotline_three_rates_satisfaction_and_local_resolution(loop):
    hotline = {"channel": "hotline", "dispatched_at": at(11)}
    rows(loop, 4, rating="satisfied", resolved=True, **hotline)
    rows(loop, 1, rating="dissatisfied", resolved=False, **hotline)
    rows(loop, 2, rating="basic", channel="web")
    rows(loop, 3, kind="dispute", closed_at=at(20), tier_resolved="grid")
    rows(loop, 1, kind="dispute", closed_at=at(20), tier_resolved="street")
    # three of the five hotline cases were signed for in time
    for case in Case.objects.filter(channel="hotline")[:3]:
        CaseEvent.objects.create(
            case=case,
            seq=1,
            action="sign",
            to_state="handling",
            at=at(11),
            data={"step_on_time": True},
        )
    got = area_indicators([loop.tree.district], OCTOBER)[loop.tree.district.pk]
    assert (got["hotline_dispatched"], got["hotline_responded"], got["hotline_response_rate"]) == (
        5,
        3,
        60.0,
    )
    assert got["hotline_resolution_rate"] == 80.0 and got["hotline_satisfaction_rate"] == 80.0
    assert (got["rated"], got["satisfied"], got["satisfaction_rate"]) == (7, 6, 85.71)
    assert (got["disputes_closed"], got["disputes_local"], got["local_resolution_rate"]) == (
        4,
        3,
        75.0,
    )
    behind = cases_behind("hotline_response_rate", OCTOBER, area=loop.tree.district)
    assert behind.count() == 3


def test_a_slow_months_indicators_are_kept_for_the_same_period_and_areas(loop, settings):
    """A district's month read 830,000 cases at city scale: when slow, it is kept (core/kept.py)
    for the same period and the same areas only."""
    from django.core.cache import cache

    settings.CIVICGRID_KEEP_COUNTS_AFTER = 0  # every count is "slow"
    cache.clear()
    district, street = loop.tree.district, loop.tree.street
    rows(loop, 3)
    assert area_indicators([district], OCTOBER)[district.pk]["registered"] == 3
    rows(loop, 2)
    assert area_indicators([district], OCTOBER)[district.pk]["registered"] == 3  # kept
    assert area_indicators([street], OCTOBER)[street.pk]["registered"] == 5  # other areas
    november = periods.parse("2026-11")
    assert area_indicators([district], november)[district.pk]["registered"] == 0
    cache.clear()
    assert area_indicators([district], OCTOBER)[district.pk]["registered"] == 5
