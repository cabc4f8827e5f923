"""The audit trail of powers (PIPL): every change of a power or a rule is recorded with its
actor, time, address, before and after, by the service that makes it; append-only; listed and
exported for district administrators only."""

import datetime as dt
import io
import json

import pytest
from openpyxl import load_workbook

from civicgrid.accounts import services as accounts
from civicgrid.accounts.choices import Role, UnitKind
from civicgrid.accounts.models import RoleAssignment
from civicgrid.accounts.tests.factories import bearer, unit_for, user_with_role
from civicgrid.catalogue import services as catalogue
from civicgrid.catalogue.models import CaseClass
from civicgrid.core import audit, calendar_services
from civicgrid.core.models import AppendOnly, CalendarDay, PowerChange
from civicgrid.duties.models import CommunityKind
from civicgrid.duties.services import version_save
from civicgrid.open311 import services as open311
from civicgrid.routing import services as routing
from civicgrid.routing.models import EscalationRule, ResponsibilityRule, SupervisionThreshold

pytestmark = pytest.mark.django_db

ADDR = {"REMOTE_ADDR": "198.51.100.9"}


@pytest.fixture
def district_admin(tree):
    user = user_with_role("dadmin", tree.district, Role.ADMIN, view_pii=True, tag_clearance=3)
    user.is_staff = True
    user.save()
    return user


@pytest.fixture
def street_admin(tree):
    user = user_with_role("sadmin", tree.street, Role.ADMIN)
    user.is_staff = True
    user.save()
    return user


def test_granting_view_pii_records_the_actor_and_address(client, tree, district_admin):
    worker = user_with_role("worker", tree.community)
    answer = client.post(
        "/api/v1/role-assignments",
        {
            "username": "worker",
            "unit": unit_for(tree.street).code,
            "role": "leader",
            "view_pii": True,
            "tag_clearance": 2,
        },
        content_type="application/json",
        **bearer(district_admin),
        **ADDR,
    )
    assert answer.status_code == 201, answer.content
    entry = PowerChange.objects.get(kind="role", target_id=str(answer.json()["id"]))
    assert (entry.actor, entry.actor_name, entry.address) == (
        district_admin,
        "dadmin",
        "198.51.100.9",
    )
    assert entry.before is None
    assert entry.after["view_pii"] is True and entry.after["tag_clearance"] == 2
    assert entry.after["username"] == worker.username
    # ending it is recorded with before and after
    ended = client.delete(
        f"/api/v1/role-assignments/{answer.json()['id']}", **bearer(district_admin), **ADDR
    )
    assert ended.status_code == 204
    end = PowerChange.objects.get(kind="role", action="end")
    assert end.before["active"] is True and end.after["active"] is False


def test_the_api_refuses_personal_data_rights_the_admin_does_not_hold(client, tree, street_admin):
    user_with_role("worker", tree.community)
    for extra in ({"view_pii": True}, {"tag_clearance": 1}):
        answer = client.post(
            "/api/v1/role-assignments",
            {"username": "worker", "unit": unit_for(tree.community).code, "role": "leader"} | extra,
            content_type="application/json",
            **bearer(street_admin),
        )
        assert answer.status_code in (400, 404) and answer.json()["field"] in extra
    assert not RoleAssignment.objects.filter(role="leader").exists()


def test_the_trail_is_append_only(tree, district_admin):
    entry = audit.record(
        kind="role", action="grant", actor=district_admin, target="x", after={"a": 1}
    )
    with pytest.raises(AppendOnly):
        PowerChange.objects.filter(pk=entry.pk).update(action="nothing")
    with pytest.raises(AppendOnly):
        PowerChange.objects.all().delete()
    entry.action = "nothing"
    with pytest.raises(AppendOnly):
        entry.save()
    with pytest.raises(AppendOnly):
        entry.delete()
    assert PowerChange.objects.get(pk=entry.pk).action == "grant"


def _changes(tree, actor):
    """Each listed change, made through its service, with its expected kind."""
    dept = unit_for(tree.district, UnitKind.DEPARTMENT)
    cls = CaseClass.objects.get(code="06010")
    who = {"actor": actor, "address": "203.0.113.5"}
    rule = ResponsibilityRule(case_class=cls, lead_unit=dept)
    yield "routing", lambda: routing.rule_save(rule=rule, cooperating=[], **who)
    yield "routing", lambda: routing.rule_retire(rule=rule, **who)
    esc = EscalationRule(case_class=cls, to_tier="district", takeover_unit=dept)
    yield "escalation", lambda: routing.escalation_save(rule=esc, notify=[dept], **who)
    yield (
        "threshold",
        lambda: routing.threshold_save(
            rule=SupervisionThreshold(case_class=cls, yellow_percent=70, red_percent=90), **who
        ),
    )
    yield "catalogue", lambda: catalogue.class_update(case_class=cls, handle_limit=5, **who)
    yield "catalogue", lambda: catalogue.class_retire(case_class=cls, **who)
    yield (
        "calendar",
        lambda: calendar_services.calendar_day_save(
            day=CalendarDay(date=dt.date(2031, 1, 1), kind="holiday", name="元旦"), **who
        ),
    )
    yield "calendar", lambda: calendar_services.calendar_year_replace(year=2032, days=[], **who)
    kind = CommunityKind.objects.first() or CommunityKind.objects.create(code="urban", name="城")
    yield (
        "duty_list",
        lambda: version_save(
            kind=kind, list_type="negative", items=[], effective_from=dt.date(2031, 1, 1), **who
        ),
    )
    worker = user_with_role("worker", tree.community)
    yield "api_token", lambda: accounts.token_create(user=worker, name="t", **who)
    token = worker.api_tokens.first()
    yield "api_token", lambda: accounts.token_revoke(token=token, **who)
    yield "open311_key", lambda: open311.app_issue(name="app", by=actor, address=who["address"])
    yield (
        "open311_key",
        lambda: open311.app_revoke(app=open311.ClientApp.objects.get(name="app"), **who),
    )
    yield (
        "role",
        lambda: accounts.role_assign(
            user=worker, unit=unit_for(tree.street), role=Role.LEADER, view_pii=True, **who
        ),
    )
    worker.is_staff = True
    yield "account", lambda: accounts.user_save(user=worker, **who)


def test_every_listed_change_is_recorded_by_its_service(tree, district_admin):
    for kind, change in _changes(tree, district_admin):
        count = PowerChange.objects.filter(kind=kind).count()
        change()
        entries = PowerChange.objects.filter(kind=kind)
        assert entries.count() == count + 1, kind
        entry = entries.order_by("-id").first()
        assert entry.actor == district_admin and entry.address == "203.0.113.5", kind
        assert entry.after is not None or entry.before is not None, kind
        json.dumps([entry.before, entry.after])


def test_admin_saves_of_rules_are_audited(client, tree, district_admin):
    client.force_login(district_admin)
    answer = client.post(
        "/admin/core/calendarday/add/",
        {"date": "2031-05-01", "kind": "holiday", "name": "劳动节", "name_en": ""},
        **ADDR,
    )
    assert answer.status_code == 302
    entry = PowerChange.objects.get(kind="calendar")
    assert entry.actor == district_admin and entry.address == "198.51.100.9"
    dept = unit_for(tree.district, UnitKind.DEPARTMENT)
    cls = CaseClass.objects.get(code="06010")
    answer = client.post(
        "/admin/routing/escalationrule/add/",
        {
            "case_class": cls.pk,
            "to_tier": "district",
            "takeover_unit": dept.pk,
            "priority": "",
            "area_level": "",
            "after_hours": "0",
            "active": "on",
            "notify_units": [dept.pk],
        },
        **ADDR,
    )
    assert answer.status_code == 302, answer.content.decode()[:3000]
    entries = PowerChange.objects.filter(kind="escalation", actor=district_admin)
    assert entries.exists()
    assert entries.order_by("-id").first().after["notify_units"] == [dept.pk]


def test_the_trail_for_district_administrators_only(client, tree, district_admin, street_admin):
    accounts.token_create(user=street_admin, name="t", actor=street_admin, address="192.0.2.1")
    audit.record(
        kind="calendar", action="create", actor=district_admin, target="=cmd|x", after={"d": 1}
    )
    for user in (street_admin, user_with_role("leader", tree.district, Role.LEADER)):
        client.force_login(user)
        assert client.get("/account/audit/").status_code == 404
        assert client.get("/account/audit/?format=xlsx").status_code == 404
        assert client.get("/api/v1/audit/powers", **bearer(user)).status_code == 404
        assert client.get("/api/v1/audit/powers/export", **bearer(user)).status_code == 404
    client.force_login(district_admin)
    page = client.get("/account/audit/", {"kind": "api_token"})
    assert page.status_code == 200
    body = page.content.decode()
    assert "192.0.2.1" in body and "=cmd|x" not in body
    assert "=cmd|x" in client.get("/account/audit/", {"actor": "dadmin"}).content.decode()
    assert "192.0.2.1" not in client.get("/account/audit/", {"actor": "dadmin"}).content.decode()
    old = client.get("/account/audit/", {"until": "2000-01-01"}).content.decode()
    assert "192.0.2.1" not in old
    export = client.get(
        "/account/audit/", {"format": "xlsx", "kind": "api_token", "actor": "sadmin"}
    )
    rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    assert len(rows) == 2 and "sadmin" in rows[1] and "192.0.2.1" in rows[1]
    listed = client.get(
        "/api/v1/audit/powers", {"kind": "api_token", "actor": "sadmin"}, **bearer(district_admin)
    )
    assert listed.status_code == 200
    (item,) = listed.json()["items"]
    assert item["actor"] == "sadmin" and item["address"] == "192.0.2.1"
    assert item["after"]["name"] == "t"
    exported = client.get("/api/v1/audit/powers/export", **bearer(district_admin))
    assert exported.status_code == 200 and exported["Content-Type"].startswith("application/vnd")


def test_the_admin_of_the_trail_is_read_only(client, tree, district_admin):
    entry = audit.record(kind="role", action="grant", actor=district_admin, target="x")
    client.force_login(district_admin)
    assert client.get("/admin/core/powerchange/").status_code == 200
    page = client.get(f"/admin/core/powerchange/{entry.pk}/change/")
    assert page.status_code == 200 and b'name="_save"' not in page.content
    client.post(f"/admin/core/powerchange/{entry.pk}/delete/", {"post": "yes"})
    client.post(f"/admin/core/powerchange/{entry.pk}/change/", {"action": "x"})
    assert PowerChange.objects.get(pk=entry.pk).action == "grant"


def test_the_page_and_export_read_as_sentences_not_keys():
    from civicgrid.core import audit

    assert audit.action_label("grant") == "授予" and audit.action_label("odd") == "odd"
    rows = audit.changes({"view_pii": False, "unit_id": 3}, {"view_pii": True, "unit_id": 3})
    assert rows == [("view_pii", "否", "是")]
    assert audit.changes_text(None, {"name": "东街道"}) == "name: — → 东街道"
