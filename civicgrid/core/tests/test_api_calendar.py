"""The calendar and working-time API."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from civicgrid.accounts import services as accounts
from civicgrid.accounts.tests.factories import admin_of, bearer
from civicgrid.core.models import CalendarDay
from civicgrid.core.working_time import add_working_time

SH = ZoneInfo("Asia/Shanghai")

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client, loop):
    _t, key = accounts.token_create(user=loop.operator, name="t")
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {key}"
    return client


def test_a_years_official_days(api):
    data = api.get("/api/v1/calendar/2026").json()
    assert data["complete"] is True
    kinds = {d["date"]: d["kind"] for d in data["days"]}
    assert kinds["2026-10-01"] == "holiday" and "workday" in kinds.values()
    assert api.get("/api/v1/calendar/2031").json() == {"year": 2031, "complete": False, "days": []}
    assert api.get("/api/v1/calendar/1800").status_code == 422


def test_deadlines_in_working_time(api):
    # Friday 16:00 + 2 working hours: 1.5 h to 17:30, then Monday from 09:00: 09:30
    data = api.get(
        "/api/v1/working-time/deadline",
        {"start": "2026-11-20T16:00:00+08:00", "amount": "2", "unit": "hours"},
    ).json()
    assert data["deadline"].startswith("2026-11-23T09:30:00")
    # the National Day holiday is skipped
    days = api.get(
        "/api/v1/working-time/deadline",
        {"start": "2026-09-30T10:00:00+08:00", "amount": "1", "unit": "days"},
    ).json()
    assert days["deadline"] > "2026-10-08"
    between = api.get(
        "/api/v1/working-time/between",
        {"start": "2026-11-23T09:00:00+08:00", "end": "2026-11-23T17:30:00+08:00"},
    ).json()
    assert between["working_hours"] == "7.00"
    naive = api.get("/api/v1/working-time/deadline", {"start": "2026-11-20T16:00:00", "amount": 1})
    assert naive.status_code == 400 and naive.json()["field"] == "start"


def test_escalation_rules_and_thresholds_are_readable_in_scope(api, client, loop):
    from civicgrid.routing.models import EscalationRule, SupervisionThreshold

    EscalationRule.objects.create(area_level="community", after_hours=4, to_tier="street")
    SupervisionThreshold.objects.create(level="district", yellow_percent=70, red_percent=100)
    (rule,) = api.get("/api/v1/routing/escalation-rules").json()
    assert rule["to_tier"] == "street" and rule["area_level"] == "community"
    (threshold,) = api.get("/api/v1/routing/thresholds").json()
    assert threshold["yellow_percent"] == 70 and threshold["class_code"] is None
    _t, key = accounts.token_create(user=loop.resident, name="r")
    resident = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    assert client.get("/api/v1/routing/thresholds", **resident).status_code == 404


def _send(client, method, path, auth, body=None):
    return getattr(client, method)(f"/api/v1{path}", body, content_type="application/json", **auth)


SCHEDULE = {
    "note": "国务院办公厅通知",
    "days": [
        {"date": "2031-01-01", "kind": "holiday", "name": "元旦", "name_en": "New Year's Day"},
        {"date": "2031-01-26", "kind": "workday", "name": "春节调休"},
    ],
}


def test_administrators_enter_a_years_schedule_whole(client, tree):
    admin = admin_of(tree.district)
    start = dt.datetime(2030, 12, 31, 17, tzinfo=SH)
    assert add_working_time(start, 1, "hours").date() == dt.date(2031, 1, 1)
    put = _send(client, "put", "/calendar/2031", admin, SCHEDULE)
    assert put.status_code == 200, put.content
    assert put.json()["complete"] is True and len(put.json()["days"]) == 2
    # the deadline skips the new holiday at once
    assert add_working_time(start, 1, "hours").date() == dt.date(2031, 1, 2)
    # entered again with fewer days: the year holds exactly what was sent
    again = _send(client, "put", "/calendar/2031", admin, SCHEDULE | {"days": SCHEDULE["days"][:1]})
    assert [d["date"] for d in again.json()["days"]] == ["2031-01-01"]


@pytest.mark.parametrize(
    "days, field",
    [
        ([{"date": "2032-01-01", "kind": "holiday"}], "days.0.date"),
        ([{"date": "2031-01-01", "kind": "holiday"}] * 2, "days.1.date"),
        ([{"date": "2031-01-01", "kind": "party"}], "days.0.kind"),
    ],
)
def test_a_bad_schedule_names_the_day_and_changes_nothing(client, tree, days, field):
    admin = admin_of(tree.district)
    _send(client, "put", "/calendar/2031", admin, SCHEDULE)
    refused = _send(client, "put", "/calendar/2031", admin, {"days": days})
    assert refused.status_code in (400, 422) and refused.json()["field"] == field
    assert CalendarDay.objects.filter(date__year=2031).count() == 2


def test_single_days_and_who_may_write(client, tree, loop):
    admin = admin_of(tree.district)
    day = _send(
        client, "put", "/calendar/days/2031-05-06", admin, {"kind": "holiday", "name": "补休"}
    )
    assert day.status_code == 200 and day.json()["kind"] == "holiday"
    changed = _send(client, "put", "/calendar/days/2031-05-06", admin, {"kind": "workday"})
    assert (
        changed.json()["kind"] == "workday"
        and CalendarDay.objects.filter(date="2031-05-06").count() == 1
    )
    assert _send(client, "delete", "/calendar/days/2031-05-06", admin).status_code == 204
    assert _send(client, "delete", "/calendar/days/2031-05-06", admin).status_code == 404
    for auth in (admin_of(tree.street), bearer(loop.dispatcher)):
        assert _send(client, "put", "/calendar/2031", auth, SCHEDULE).status_code == 403
        assert (
            _send(client, "put", "/calendar/days/2031-05-06", auth, {"kind": "holiday"}).status_code
            == 403
        )
    assert not CalendarDay.objects.filter(date__year=2031).exists()


def test_a_deadline_beyond_the_calendar_is_a_400_naming_the_amount(api):
    """8,352 working days (some 33 years) is more than working time is counted ahead: a clear
    400 on the amount, not a server error (found by the API's fuzzing)."""
    response = api.get(
        "/api/v1/working-time/deadline",
        {"start": "2137-02-25T10:30:53Z", "amount": "8352.19", "unit": "days"},
    )
    assert response.status_code == 400
    assert response.json()["field"] == "amount"
