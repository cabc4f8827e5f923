"""Administrators manage users, grants and units in their scope through the API."""

import pytest

from civicgrid.accounts import services as accounts
from civicgrid.accounts.choices import Role, UnitKind
from civicgrid.accounts.models import OrgUnit, RoleAssignment, User
from civicgrid.accounts.tests.factories import bearer

pytestmark = pytest.mark.django_db


@pytest.fixture
def street_admin(loop):
    admin = accounts.user_create(username="street_admin", password="pw-for-tests-123")
    accounts.role_assign(user=admin, unit=loop.street_office, role=Role.ADMIN)
    return bearer(admin)


def post(client, path, body, auth):
    return client.post(f"/api/v1{path}", body, content_type="application/json", **auth)


def patch(client, path, body, auth):
    return client.patch(f"/api/v1{path}", body, content_type="application/json", **auth)


def test_users_in_scope_only(client, loop, street_admin):
    names = {u["username"] for u in client.get("/api/v1/users", **street_admin).json()["items"]}
    assert {"supervisor", "street_admin"} <= names and "operator" not in names
    one = client.get("/api/v1/users/supervisor", **street_admin)
    assert one.status_code == 200 and one.json()["grants"][0]["role"] == "supervisor"
    assert client.get("/api/v1/users/operator", **street_admin).status_code == 404
    found = client.get("/api/v1/users", {"q": "super"}, **street_admin).json()["items"]
    assert [u["username"] for u in found] == ["supervisor"]
    # not an administrator: nothing here exists
    assert client.get("/api/v1/users", **bearer(loop.handler)).status_code == 404
    assert client.get("/api/v1/users/supervisor", **bearer(loop.handler)).status_code == 404


def test_create_a_user_with_grants(client, loop, street_admin):
    body = {
        "username": "wang.li",
        "display_name": "王丽",
        "password": "a-long-enough-pass-42",
        "grants": [{"unit": loop.street_office.code, "role": "dispatcher"}],
    }
    made = post(client, "/users", body, street_admin)
    assert made.status_code == 201, made.content
    assert made.json()["grants"][0]["role"] == "dispatcher"
    user = User.objects.get(username="wang.li")
    assert user.check_password("a-long-enough-pass-42") and not user.is_superuser
    again = post(client, "/users", body, street_admin)
    assert again.status_code == 400 and again.json()["field"] == "username"


@pytest.mark.parametrize(
    "change, field",
    [
        ({"grants": [{"unit": "nowhere", "role": "handler"}]}, "grants.0.unit"),
        ({"password": "123"}, "password"),
        ({"email": "not an email"}, "email"),
        ({"grants": [{"unit": "UNIT", "role": "emperor"}]}, "grants.0.role"),
        ({"grants": []}, "grants"),
    ],
)
def test_bad_users_change_nothing(client, loop, street_admin, change, field):
    body = {
        "username": "bad.one",
        "grants": [{"unit": loop.street_office.code, "role": "handler"}],
    } | change
    for grant in body["grants"]:
        grant["unit"] = grant["unit"].replace("UNIT", loop.street_office.code)
    refused = post(client, "/users", body, street_admin)
    assert refused.status_code in (400, 422) and refused.json()["field"] == field
    assert not User.objects.filter(username="bad.one").exists()


def test_a_grant_outside_scope_is_refused(client, loop, street_admin):
    centre = RoleAssignment.objects.get(user=loop.operator).unit
    body = {"username": "x", "grants": [{"unit": centre.code, "role": "operator"}]}
    refused = post(client, "/users", body, street_admin)
    assert refused.status_code == 400 and refused.json()["field"] == "grants.0.unit"


def test_update_and_deactivate(client, loop, street_admin):
    changed = patch(client, "/users/supervisor", {"display_name": "李网格"}, street_admin)
    assert changed.status_code == 200 and changed.json()["display_name"] == "李网格"
    off = patch(client, "/users/supervisor", {"is_active": False}, street_admin)
    assert off.json()["is_active"] is False
    assert not User.objects.get(username="supervisor").is_active
    # a deactivated user is still managed (and can come back)
    assert patch(client, "/users/supervisor", {"is_active": True}, street_admin).status_code == 200
    assert patch(client, "/users/operator", {"display_name": "x"}, street_admin).status_code == 404
    me = patch(client, "/users/street_admin", {"is_active": False}, street_admin)
    assert me.status_code == 400 and me.json()["field"] == "is_active"
    null = patch(client, "/users/supervisor", {"display_name": None}, street_admin)
    assert null.status_code == 400 and null.json()["field"] == "display_name"


def test_grant_and_end_roles(client, loop, street_admin):
    body = {"username": "supervisor", "unit": loop.street_office.code, "role": "grid_leader"}
    made = post(client, "/role-assignments", body, street_admin)
    assert made.status_code == 201 and made.json()["active"] is True
    grant_id = made.json()["id"]
    # the operator is outside the street admin's scope
    out = post(client, "/role-assignments", body | {"username": "operator"}, street_admin)
    assert out.status_code == 400 and out.json()["field"] == "username"
    ended = client.delete(f"/api/v1/role-assignments/{grant_id}", **street_admin)
    assert ended.status_code == 204
    assert RoleAssignment.objects.get(pk=grant_id).active is False
    theirs = RoleAssignment.objects.get(user=loop.operator).pk
    assert client.delete(f"/api/v1/role-assignments/{theirs}", **street_admin).status_code == 404
    own = RoleAssignment.objects.get(user__username="street_admin").pk
    assert client.delete(f"/api/v1/role-assignments/{own}", **street_admin).status_code == 400


def test_units(client, loop, street_admin):
    tree = loop.tree
    body = {
        "code": "cm-team",
        "name": "城管中队",
        "kind": "stationed_team",
        "area_code": tree.street.code,
    }
    made = post(client, "/units", body, street_admin)
    assert made.status_code == 201, made.content
    assert made.json()["area_code"] == tree.street.code
    assert post(client, "/units", body, street_admin).json()["field"] == "code"
    outside = post(
        client, "/units", body | {"code": "y", "area_code": tree.other_street.code}, street_admin
    )
    assert outside.status_code == 400 and outside.json()["field"] == "area_code"
    moved = patch(client, "/units/cm-team", {"parent_code": loop.street_office.code}, street_admin)
    assert moved.json()["parent_code"] == loop.street_office.code
    cycle = patch(
        client, f"/units/{loop.street_office.code}", {"parent_code": "cm-team"}, street_admin
    )
    assert cycle.status_code == 400 and cycle.json()["field"] == "parent_code"
    off = patch(client, "/units/cm-team", {"active": False, "name": "城管中队（撤）"}, street_admin)
    assert off.json()["active"] is False
    assert not OrgUnit.objects.get(code="cm-team").active
    assert (
        patch(client, f"/units/{loop.department.code}", {"name": "x"}, street_admin).status_code
        == 404
    )
    assert post(client, "/units", body | {"code": "z"}, bearer(loop.handler)).status_code == 404
    assert UnitKind.STATIONED_TEAM == "stationed_team"
