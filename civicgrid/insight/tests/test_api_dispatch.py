"""The API of dispatch that reads: similar cases, repeat demands and hot spots (with what was
done), the weekly hot topics, and the rule changes learnt from returns — in scope 200, out of
scope 404, bad input named."""

import pytest
from django.utils import timezone

from civicgrid.accounts.choices import Role
from civicgrid.accounts.tests.factories import bearer, user_with_role
from civicgrid.cases.services import Report, case_report
from civicgrid.insight import topics
from civicgrid.insight.repeat_models import RepeatAlert
from civicgrid.insight.rule_models import RuleSuggestion
from civicgrid.routing.models import ResponsibilityRule

pytestmark = pytest.mark.django_db


def _case(loop, text, lat=31.12):
    return case_report(actor=loop.operator, report=Report(
        case_class="01023", description=text, channel="hotline", lon=121.41, lat=lat))  # fmt: skip


def test_similar_cases_and_the_alerts(client, loop, tree):
    first = _case(loop, "3号楼门口下水道堵住了，污水冒出来，很臭", lat=31.1205)
    asked = {"text": "下水道堵了污水冒到路面", "lon": 121.41, "lat": 31.12}
    found = client.get("/api/v1/similar-cases", asked, **bearer(loop.operator)).json()
    assert [f["number"] for f in found] == [first.number] and 0 < found[0]["score"] <= 1
    assert client.get("/api/v1/similar-cases", {**asked, "lon": "x"},
                      **bearer(loop.operator)).status_code == 422  # fmt: skip
    assert client.get("/api/v1/similar-cases", asked, **bearer(loop.resident)).status_code == 404
    now = timezone.now()
    alert = RepeatAlert.objects.create(
        kind="hot_spot", case_class=first.case_class, grid=tree.grid1, count=1, expected=0.2,
        first_at=now, last_at=now, raised_at=now)  # fmt: skip
    alert.cases.set([first])
    listed = client.get("/api/v1/repeat-alerts", **bearer(loop.dispatcher)).json()
    assert [a["id"] for a in listed["items"]] == [alert.pk]
    assert listed["items"][0]["cases"] == [first.number]
    url = f"/api/v1/repeat-alerts/{alert.pk}"
    assert client.get(url, **bearer(loop.outsider)).status_code == 404  # another grid's station
    refused = client.post(f"{url}/handled", {"note": " "}, content_type="application/json",
                          **bearer(loop.dispatcher))  # fmt: skip
    assert refused.status_code == 400 and refused.json()["field"] == "note"
    done = client.post(f"{url}/handled", {"note": "已疏通"}, content_type="application/json",
                       **bearer(loop.dispatcher))  # fmt: skip
    assert done.status_code == 200 and done.json()["handled_at"]
    topics.make(topics.monday(timezone.localdate()))
    weekly = client.get("/api/v1/hot-topics", **bearer(loop.operator)).json()
    assert {w["area"] for w in weekly} >= {tree.district.code, tree.street.code}
    assert client.get("/api/v1/hot-topics", **bearer(loop.resident)).status_code == 404


def test_rule_suggestions_are_the_administrators(client, loop, tree):
    case = _case(loop, "井盖缺失")
    row = RuleSuggestion.objects.create(
        case_class=case.case_class, area=tree.street, from_unit=loop.department,
        to_unit=loop.other_department, dispatched=3, returned=3, kept=3, made_at=timezone.now())  # fmt: skip
    admin = user_with_role("api_rules_admin", tree.district, Role.ADMIN)
    url = f"/api/v1/rule-suggestions/{row.pk}/decision"
    assert client.get("/api/v1/rule-suggestions", **bearer(loop.dispatcher)).status_code == 404
    assert client.post(url, {"accept": True}, content_type="application/json",
                       **bearer(loop.dispatcher)).status_code == 404  # fmt: skip
    listed = client.get("/api/v1/rule-suggestions", **bearer(admin)).json()
    assert [s["id"] for s in listed["items"]] == [row.pk]
    refused = client.post(url, {"accept": False}, content_type="application/json", **bearer(admin))
    assert refused.status_code == 400 and refused.json()["field"] == "note"
    done = client.post(url, {"accept": True}, content_type="application/json", **bearer(admin))
    assert done.status_code == 200 and done.json()["status"] == "accepted"
    assert ResponsibilityRule.objects.get(pk=done.json()["rule"]).lead_unit == loop.other_department
    again = client.post(url, {"accept": True}, content_type="application/json", **bearer(admin))
    assert again.status_code in (400, 409)
