"""Every area and department indicator against a hand-built month whose answers were worked out
by hand (the sums are in the comments). A new indicator without a known answer here fails."""

import datetime as dt
from decimal import Decimal

import pytest

from civicgrid.cases.models import Case, CaseEvent
from civicgrid.evaluation import periods
from civicgrid.evaluation.compute import area_indicators, unit_indicators
from civicgrid.evaluation.definitions import AREA, CASES, UNIT, of
from civicgrid.participation.models import Claim

from .test_indicators import rows

pytestmark = pytest.mark.django_db

OCTOBER = periods.parse("2026-10")
SH = dt.timezone(dt.timedelta(hours=8))
H = 3600


def on(day: int, month: int = 10, hour: int = 10) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, tzinfo=SH)


AREA_ANSWERS = {
    "reported": 15,  # A6 B2 C D E F G2 X (H was September's)
    "registered": 14,  # all but F
    "due_to_close": 12,  # A6 B2 E G2 closed; C past its deadline; not D (due in November), not X
    "closed": 11,  # A6 B2 E G2
    "closing_rate": 91.67,  # 11 / 12
    "closed_on_time": 9,  # A6 E G2
    "on_time_closing_rate": 75.0,  # 9 / 12
    "public_registered": 6,  # B2 (hotline) C (web) D (hotline) G2 (window)
    "public_report_rate": 42.86,  # 6 / 14
    "self_handled": 1,  # E
    "self_handled_rate": 6.67,  # 1 / 15
    "resolved_building": 0,  # no commercial building's committee settled one
    "resolved_grid": 7,  # A6 E
    "resolved_community": 2,  # G2
    "resolved_street": 2,  # B2
    "resolved_district": 0,
    "building_share": 0.0,
    "grid_share": 63.64,  # 7 / 11
    "community_share": 18.18,  # 2 / 11
    "street_share": 18.18,  # 2 / 11
    "handled_timed": 8,  # A6 B2
    "avg_handling_hours": 2.5,  # (6 × 2 h + 2 × 4 h) / 8
    "rated": 8,  # A6 B2
    "satisfied": 6,  # A6
    "satisfaction_rate": 75.0,
    "hotline_dispatched": 3,  # B2 D
    "hotline_responded": 2,  # one B and D signed for in time
    "hotline_response_rate": 66.67,
    "hotline_answered": 2,  # B2 said whether it was solved
    "hotline_resolved": 0,  # … and both said not
    "hotline_resolution_rate": 0.0,
    "hotline_rated": 2,
    "hotline_satisfied": 0,
    "hotline_satisfaction_rate": 0.0,
    "disputes_closed": 2,  # G2
    "disputes_local": 2,  # at the community
    "local_resolution_rate": 100.0,
}
UNIT_ANSWERS = {
    "dispatched": 11,  # A6 B2 C D X
    "due_to_handle": 9,  # A6 B2 handled, C past its deadline (D is due in November; X returned)
    "handled": 8,
    "handling_rate": 88.89,  # 8 / 9
    "handled_on_time": 6,  # A6 (B2 handled after their deadline)
    "on_time_handling_rate": 66.67,  # 6 / 9
    "handled_late": 2,  # B2
    "overdue_unhandled": 1,  # C
    "rework": 1,  # one A failed its check once
    "rework_rate": 12.5,  # 1 / 8
    "returns": 1,  # X
    "unit_handled_timed": 8,
    "unit_avg_handling_hours": 2.5,
    "service_hours": 14.5,  # claims of 12 and 2.5 hours in October (the 3 of September left out)
}


def claims(loop) -> None:
    """Service hours the department's claims recorded: two in October, one in September."""

    for hours, day in ((12, on(5)), (Decimal("2.5"), on(25)), (3, on(20, month=9))):
        claim = Claim.objects.create(area=loop.tree.community, claimant="unit",
                                     unit=loop.department, task="志愿服务", hours=hours,
                                     recorded_by=loop.leader)  # fmt: skip
        Claim.objects.filter(pk=claim.pk).update(created_at=day)


def month(loop) -> None:
    claims(loop)
    dept = loop.department
    sent = {"lead_unit": dept, "dispatched_at": on(10), "handle_due_at": on(18)}
    closed = {"state": "closed", "closed_at": on(20)}
    rows(
        loop,
        6,
        **sent,
        **closed,
        closed_on_time=True,
        tier_resolved="grid",
        handled_at=on(15),
        handling_seconds=2 * H,
        rating="satisfied",
    )  # A
    rows(
        loop,
        2,
        channel="hotline",
        **sent,
        **closed,
        closed_on_time=False,
        tier_resolved="street",
        handled_at=on(19),
        handling_seconds=4 * H,
        rating="dissatisfied",
        resolved=False,
    )  # B
    rows(
        loop,
        1,
        channel="web",
        state="handling",
        lead_unit=dept,
        dispatched_at=on(10),
        handle_due_at=on(25),
    )  # C
    rows(
        loop,
        1,
        channel="hotline",
        state="dispatched",
        lead_unit=dept,
        dispatched_at=on(30),
        handle_due_at=on(5, 11),
    )  # D
    rows(
        loop,
        1,
        self_handled=True,
        state="closed",
        closed_at=on(10),
        closed_on_time=True,
        tier_resolved="grid",
        handled_at=on(10),
    )  # E
    rows(loop, 1, state="reported", reported_at=on(31, hour=23), registered_at=None)  # F
    rows(
        loop,
        2,
        kind="dispute",
        channel="window",
        **closed,
        closed_on_time=True,
        tier_resolved="community",
    )  # G
    rows(loop, 1, reported_at=on(20, 9), registered_at=on(20, 9))  # H: September's
    rows(loop, 1, state="registered", registered_at=on(12))  # X: dispatched, then returned
    cases = list(Case.objects.order_by("id"))
    a, b, c, d, x = cases[0:6], cases[6:8], cases[8], cases[9], cases[-1]
    steps = [(case, "dispatch", on(10), {"unit": dept.pk}) for case in [*a, *b, c]]
    steps += [
        (d, "dispatch", on(30), {"unit": dept.pk}),
        (x, "dispatch", on(12), {"unit": dept.pk}),
        (x, "return", on(13), {"unit": dept.pk}),
        (a[0], "fail_check", on(16), {}),
        (b[0], "sign", on(10, hour=11), {"step_on_time": True}),
        (b[1], "sign", on(17), {"step_on_time": False}),
        (d, "sign", on(30, hour=11), {"step_on_time": True}),
    ]
    for n, (case, action, at, data) in enumerate(steps, start=1):
        CaseEvent.objects.create(case=case, seq=n, action=action, to_state="", at=at, data=data)
    Case.objects.filter(pk=x.pk).update(lead_unit=None)


def test_every_area_indicator(loop):
    month(loop)
    # party building's figures have their answers in party/tests/test_figures.py
    on_cases = {i.code for i in of(AREA) if i.source == CASES}
    assert set(AREA_ANSWERS) == on_cases, "every area indicator needs an answer"
    got = area_indicators([loop.tree.district], OCTOBER)[loop.tree.district.pk]
    assert {code: got[code] for code in on_cases} == AREA_ANSWERS


def test_every_department_indicator(loop):
    month(loop)
    assert set(UNIT_ANSWERS) == {i.code for i in of(UNIT)}, "every unit indicator needs an answer"
    got = unit_indicators([loop.department], OCTOBER)[loop.department.pk]
    assert got == UNIT_ANSWERS
