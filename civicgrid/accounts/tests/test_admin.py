import pytest

from civicgrid.accounts.choices import Role
from civicgrid.accounts.tests.factories import unit_for, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def street_admin(tree):
    user = user_with_role("sadmin", tree.street, Role.ADMIN)
    user.is_staff = True
    user.save()
    return user


def test_street_admin_sees_only_their_units_and_people(client, tree, world, street_admin):
    mine, other = unit_for(tree.community), unit_for(tree.other_community)
    client.force_login(street_admin)
    body = client.get("/admin/accounts/orgunit/").content.decode()
    assert mine.name in body and other.name not in body
    assert client.get(f"/admin/accounts/orgunit/{mine.pk}/change/").status_code == 200
    assert (
        client.get(f"/admin/accounts/orgunit/{other.pk}/change/").status_code == 302
    )  # "doesn't exist"
    persons = client.get("/admin/registry/person/").content.decode()
    assert "张三" in persons and "李四" not in persons
    assert world["p1"].reveal("id_number") not in persons


def test_non_admin_staff_cannot_use_admin(client, tree):
    user = user_with_role("gl", tree.street, Role.GRID_LEADER)
    user.is_staff = True
    user.save()
    client.force_login(user)
    assert client.get("/admin/accounts/orgunit/").status_code == 403


def test_superuser_sees_all_and_the_audit_log(admin_client, tree, world):
    assert "李四" in admin_client.get("/admin/registry/person/").content.decode()
    assert admin_client.get("/admin/registry/piiaccess/").status_code == 200
    assert admin_client.get("/admin/areas/area/").status_code == 200
