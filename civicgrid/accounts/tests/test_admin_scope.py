"""The admin is one more interface onto the core: a street administrator cannot use it to reach
beyond their street or to give powers they do not hold."""

import re

import pytest

from civicgrid.accounts import services
from civicgrid.accounts.choices import Role, UnitKind
from civicgrid.accounts.models import ApiToken, OrgUnit, RoleAssignment, User
from civicgrid.accounts.tests.factories import unit_for, user_with_role
from civicgrid.core.models import PowerChange

pytestmark = pytest.mark.django_db

ADDR = {"REMOTE_ADDR": "192.0.2.7"}


@pytest.fixture
def street_admin(tree):
    user = user_with_role("sadmin", tree.street, Role.ADMIN)
    user.is_staff = True
    user.save()
    return user


@pytest.fixture
def staff(client, street_admin):
    client.force_login(street_admin)
    return client


def grants():
    return sorted(RoleAssignment.objects.values_list("pk", "view_pii", "tag_clearance", "active"))


def add_grant(client, user, unit, **extra):
    body = {"user": user.pk, "unit": unit.pk, "role": Role.DISPATCHER, "tag_clearance": 0}
    return client.post("/admin/accounts/roleassignment/add/", body | extra, **ADDR)


def test_a_grant_in_scope_goes_through_the_service_and_is_audited(staff, tree, street_admin):
    worker = user_with_role("worker", tree.community, Role.GRID_LEADER)
    done = add_grant(staff, worker, unit_for(tree.community))
    assert done.status_code == 302, done.content.decode()[:2000]
    grant = RoleAssignment.objects.get(user=worker, role=Role.DISPATCHER)
    entry = PowerChange.objects.get(kind="role", target_id=str(grant.pk))
    assert entry.actor == street_admin and entry.address == "192.0.2.7"
    assert entry.before is None and entry.after["role"] == Role.DISPATCHER


@pytest.mark.parametrize(
    "where, extra",
    [
        ("district", {}),  # a unit above the street
        ("other_street", {}),  # a unit beside it
        ("community", {"view_pii": "on"}),  # personal-data rights the admin does not hold
        ("community", {"tag_clearance": 2}),  # a clearance above the admin's own
    ],
)
def test_grants_beyond_the_admins_powers_change_nothing(staff, tree, street_admin, where, extra):
    worker = user_with_role("worker", tree.community, Role.GRID_LEADER)
    before, audited = grants(), PowerChange.objects.count()
    for user in (worker, street_admin):  # to anyone, themselves included
        refused = add_grant(staff, user, unit_for(getattr(tree, where)), **extra)
        assert refused.status_code == 200 and b"errorlist" in refused.content
    assert grants() == before and PowerChange.objects.count() == audited


def test_raising_a_grant_beyond_the_admins_powers_changes_nothing(staff, tree, street_admin):
    worker = user_with_role("worker", tree.community, Role.GRID_LEADER)
    grant = RoleAssignment.objects.get(user=worker)
    before = grants()
    for body in ({"view_pii": "on", "tag_clearance": 0}, {"tag_clearance": 3}):
        refused = staff.post(
            f"/admin/accounts/roleassignment/{grant.pk}/change/", body | {"active": "on"}
        )
        assert refused.status_code == 200 and b"errorlist" in refused.content
    assert grants() == before


def test_out_of_scope_rows_do_not_exist(staff, tree, street_admin):
    far = user_with_role("far", tree.other_street, Role.LEADER, view_pii=True)
    grant = RoleAssignment.objects.get(user=far)
    token, _key = services.token_create(user=far, name="far-token")
    boss = User.objects.create_superuser("boss", password="pw-for-tests-123")
    for url in (
        f"/admin/accounts/roleassignment/{grant.pk}/change/",
        f"/admin/accounts/user/{far.pk}/change/",
        f"/admin/accounts/user/{boss.pk}/change/",
        f"/admin/accounts/user/{far.pk}/password/",
        f"/admin/accounts/apitoken/{token.pk}/change/",
        f"/admin/accounts/orgunit/{grant.unit_id}/change/",
    ):
        answer = staff.get(url)
        # Django's admin answers a row outside the queryset with a redirect to its index
        assert answer.status_code in (302, 404), url
        assert not re.search(rb"\bfar\b", answer.content)  # a word, not letters of a CSRF token
    for listing in ("user", "roleassignment", "apitoken"):
        body = staff.get(f"/admin/accounts/{listing}/").content.decode()
        assert not re.search(r"\b(far|boss)\b", body)


def test_a_user_who_also_works_elsewhere_is_not_the_street_admins(staff, tree):
    """A district official with a grant in the street: the street admin may not reset them."""
    both = user_with_role("both", tree.community, Role.GRID_LEADER)
    services.role_assign(user=both, unit=unit_for(tree.district), role=Role.LEADER)
    assert staff.get(f"/admin/accounts/user/{both.pk}/change/").status_code == 302
    answer = staff.post(
        f"/admin/accounts/user/{both.pk}/password/",
        {"password1": "A-new-pass-for-42", "password2": "A-new-pass-for-42"},
    )
    assert answer.status_code in (302, 404)
    both.refresh_from_db()
    assert both.check_password("pw-for-tests-123")


def user_form(user, **changes):
    body = {
        "username": user.username,
        "display_name": user.display_name,
        "first_name": "",
        "last_name": "",
        "email": "",
        "is_active": "on",
        "assignments-TOTAL_FORMS": "0",
        "assignments-INITIAL_FORMS": "0",
        "assignments-MIN_NUM_FORMS": "0",
        "assignments-MAX_NUM_FORMS": "1000",
    }
    return body | changes


def test_account_powers_beyond_the_admins_own_change_nothing(staff, tree, street_admin):
    worker = user_with_role("worker", tree.community, Role.GRID_LEADER)
    page = staff.get(f"/admin/accounts/user/{worker.pk}/change/")
    assert page.status_code == 200
    for who in (worker, street_admin):
        staff.post(
            f"/admin/accounts/user/{who.pk}/change/",
            user_form(who, is_superuser="on", is_staff="on", user_permissions=["1"]),
        )
        who.refresh_from_db()
        assert not who.is_superuser and not who.user_permissions.exists()
    # a staff flag the admin holds may be given, and is audited
    assert worker.is_staff
    assert PowerChange.objects.filter(kind="account", target_id=str(worker.pk)).exists()


@pytest.mark.parametrize(
    "where, extra",
    [("district", {}), ("other_street", {}), ("community", {"view_pii": "on"})],
)
def test_the_user_pages_grant_inline_is_scoped(staff, tree, street_admin, where, extra):
    before = grants()
    for who in (user_with_role("worker", tree.community), street_admin):
        body = user_form(
            who,
            **{
                "assignments-TOTAL_FORMS": "1",
                "assignments-0-unit": unit_for(getattr(tree, where)).pk,
                "assignments-0-role": Role.ADMIN,
                "assignments-0-tag_clearance": "0",
                "assignments-0-active": "on",
            }
            | {f"assignments-0-{k}": v for k, v in extra.items()},
        )
        before = grants()
        answer = staff.post(f"/admin/accounts/user/{who.pk}/change/", body)
        assert answer.status_code == 200 and b"errorlist" in answer.content
        assert grants() == before


def unit_form(unit, **changes):
    body = {
        "kind": unit.kind,
        "name": unit.name,
        "code": unit.code,
        "area": unit.area_id,
        "parent": unit.parent_id or "",
        "active": "on",
    }
    return body | changes


def test_units_are_never_placed_in_a_cycle_or_out_of_scope(staff, tree):
    street = unit_for(tree.street)
    community = unit_for(tree.community)
    OrgUnit.objects.filter(pk=community.pk).update(parent=street)
    station = services.orgunit_create(
        kind=UnitKind.WORK_STATION, name="站", code="ws-1", area=tree.grid1, parent=community
    )
    far = unit_for(tree.other_street)
    state = sorted(OrgUnit.objects.values_list("pk", "parent_id", "area_id"))
    for unit, change in (
        (street, {"parent": street.pk}),  # its own parent
        (street, {"parent": station.pk}),  # its grandchild's child: a cycle
        (community, {"parent": far.pk}),  # under a unit out of scope
        (community, {"area": tree.other_community.pk}),  # serving an area out of scope
        (community, {"area": tree.district.pk}),  # serving the district
    ):
        answer = staff.post(f"/admin/accounts/orgunit/{unit.pk}/change/", unit_form(unit, **change))
        assert answer.status_code == 200 and b"errorlist" in answer.content, change
    added = staff.post(
        "/admin/accounts/orgunit/add/",
        unit_form(OrgUnit(kind=UnitKind.WORK_STATION, name="x", code="x-1", area=tree.district)),
    )
    assert added.status_code == 200 and not OrgUnit.objects.filter(code="x-1").exists()
    assert sorted(OrgUnit.objects.values_list("pk", "parent_id", "area_id")) == state
    moved = staff.post(
        f"/admin/accounts/orgunit/{station.pk}/change/",
        unit_form(station, parent=street.pk),
    )
    assert moved.status_code == 302
    station.refresh_from_db()
    assert station.parent == street


def test_api_tokens_are_revoked_through_the_service(staff, tree, street_admin):
    worker = user_with_role("worker", tree.community)
    token, _key = services.token_create(user=worker, name="t")
    answer = staff.post(
        "/admin/accounts/apitoken/",
        {"action": "revoke", "_selected_action": [token.pk]},
        **ADDR,
    )
    assert answer.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    entry = PowerChange.objects.get(kind="api_token", action="revoke")
    assert entry.actor == street_admin and entry.address == "192.0.2.7"
    assert ApiToken.objects.count() == 1


def test_register_rows_cannot_be_placed_out_of_scope(staff, tree):
    """A raw-id field validates the typed id against the user's scope."""
    from civicgrid.registry.models import Building

    body = {
        "code": "B-far",
        "name": "远楼",
        "address": "西街道 1 号",
        "building_type": "residential",
        "floors": "3",
        "active": "on",
    }
    refused = staff.post("/admin/registry/building/add/", body | {"grid": tree.other_grid.pk})
    assert refused.status_code == 200 and b"errorlist" in refused.content
    assert not Building.objects.filter(code="B-far").exists()
    done = staff.post("/admin/registry/building/add/", body | {"grid": tree.grid1.pk})
    assert done.status_code == 302
    building = Building.objects.get(code="B-far")
    moved = staff.post(
        f"/admin/registry/building/{building.pk}/change/", body | {"grid": tree.other_grid.pk}
    )
    assert moved.status_code == 200
    building.refresh_from_db()
    assert building.grid == tree.grid1


def test_the_admin_cannot_end_their_own_grant_or_deactivate_themselves(staff, street_admin):
    grant = RoleAssignment.objects.get(user=street_admin)
    ended = staff.post(f"/admin/accounts/roleassignment/{grant.pk}/change/", {"tag_clearance": 0})
    assert ended.status_code == 200 and b"errorlist" in ended.content
    grant.refresh_from_db()
    assert grant.active
    body = user_form(street_admin, is_staff="on")
    body.pop("is_active")
    off = staff.post(f"/admin/accounts/user/{street_admin.pk}/change/", body)
    assert off.status_code == 200 and b"errorlist" in off.content
    street_admin.refresh_from_db()
    assert street_admin.is_active
