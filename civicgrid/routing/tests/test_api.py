"""The district's administrators write routing rules, escalation rules and thresholds."""

import pytest

from civicgrid.accounts.tests.factories import admin_of, bearer
from civicgrid.routing.models import EscalationRule, ResponsibilityRule, SupervisionThreshold

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(tree):
    return admin_of(tree.district)


def send(client, method, path, auth, body=None):
    return getattr(client, method)(
        f"/api/v1/routing{path}", body, content_type="application/json", **auth
    )


def test_responsibility_rules(client, loop, admin):
    body = {
        "class_code": "06010",
        "area_code": loop.tree.street.code,
        "lead_unit": loop.other_department.code,
        "cooperating_units": [loop.street_office.code],
        "note": "区政府 2026 年 5 号文",
    }
    made = send(client, "post", "/rules", admin, body)
    assert made.status_code == 201, made.content
    rule = made.json()
    assert rule["class_code"] == "06010" and rule["lead_unit_id"] == loop.other_department.pk
    assert rule["cooperating_unit_ids"] == [loop.street_office.pk]
    # the same class, area and level again would tie: refused, naming the field
    tie = send(client, "post", "/rules", admin, body)
    assert tie.status_code == 400 and tie.json()["field"] == "class_code"
    both = send(client, "post", "/rules", admin, body | {"major_code": "06", "level": "street"})
    assert both.status_code == 400
    moved = send(
        client, "patch", f"/rules/{rule['id']}", admin, {"lead_unit": loop.department.code}
    )
    assert moved.json()["lead_unit_id"] == loop.department.pk
    assert moved.json()["cooperating_unit_ids"] == [loop.street_office.pk]  # untouched
    wide = send(client, "patch", f"/rules/{rule['id']}", admin, {"area_code": None})
    assert wide.json()["area_code"] is None
    unknown = send(client, "patch", f"/rules/{rule['id']}", admin, {"cooperating_units": ["nope"]})
    assert unknown.status_code == 400 and unknown.json()["field"] == "cooperating_units.0"
    assert send(client, "delete", f"/rules/{rule['id']}", admin).status_code == 204
    assert not ResponsibilityRule.objects.get(pk=rule["id"]).active
    assert send(client, "patch", f"/rules/{rule['id']}", admin, {"note": "x"}).status_code == 404


def test_escalation_rules_and_thresholds(client, loop, admin):
    body = {
        "to_tier": "district",
        "after_hours": "4",
        "priority": "urgent",
        "notify_units": [loop.department.code],
        "takeover_unit": loop.department.code,
    }
    made = send(client, "post", "/escalation-rules", admin, body)
    assert made.status_code == 201, made.content
    assert made.json()["notify_unit_ids"] == [loop.department.pk]
    changed = send(
        client, "patch", f"/escalation-rules/{made.json()['id']}", admin, {"after_hours": "8"}
    )
    assert float(changed.json()["after_hours"]) == 8
    bad = send(client, "post", "/escalation-rules", admin, body | {"to_tier": "planet"})
    assert bad.status_code == 422 and bad.json()["field"] == "to_tier"
    assert (
        send(client, "delete", f"/escalation-rules/{made.json()['id']}", admin).status_code == 204
    )
    assert not EscalationRule.objects.filter(active=True).exists()

    t = send(client, "post", "/thresholds", admin, {"class_code": "06010", "yellow_percent": 60})
    assert t.status_code == 201 and t.json()["red_percent"] == 100
    late = send(client, "patch", f"/thresholds/{t.json()['id']}", admin, {"yellow_percent": 120})
    assert late.status_code == 400
    assert SupervisionThreshold.objects.get(pk=t.json()["id"]).yellow_percent == 60


def test_only_the_districts_administrators_write(client, loop):
    street_admin = admin_of(loop.tree.street)
    for auth in (street_admin, bearer(loop.dispatcher)):
        refused = send(client, "post", "/thresholds", auth, {"yellow_percent": 50})
        assert refused.status_code == 403
    assert not SupervisionThreshold.objects.exists()
