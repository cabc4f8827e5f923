"""The calendar and working-time API."""

import pytest

from civicgrid.accounts import services as accounts

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
