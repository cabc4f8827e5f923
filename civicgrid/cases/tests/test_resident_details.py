"""A resident's own details: the phone kept encrypted on the account, their reports filled in
from it, bad input refused naming the field with nothing changed, nobody else's details shown."""

import pytest
from django.urls import reverse

from civicgrid.accounts.choices import Role
from civicgrid.accounts.models import User
from civicgrid.accounts.tests.factories import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def resident(tree):
    return user_with_role("resident-d", tree.grid1, Role.RESIDENT)


def test_the_phone_is_kept_encrypted_and_fills_in_the_report(client, resident):
    client.force_login(resident)
    saved = client.post(
        reverse("portal:details"), {"display_name": "王小明", "phone": "138 1234 5678"}
    )
    assert saved.status_code == 302
    stored = User.objects.get(pk=resident.pk)
    assert "13812345678" not in stored.phone_enc and stored.phone_masked == "138****5678"
    assert stored.own_phone() == "13812345678" and stored.display_name == "王小明"
    form = client.get(reverse("portal:report")).content.decode()
    assert 'value="13812345678"' in form and 'value="王小明"' in form
    page = client.get(reverse("portal:details")).content.decode()
    assert 'value="13812345678"' in page  # their own, in clear for them


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"display_name": "王", "phone": "12345"}, "phone"),
        ({"display_name": "王", "phone": "=cmd|' /C calc'!A0"}, "phone"),
        ({"display_name": "长" * 51, "phone": ""}, "display_name"),
    ],
)
def test_bad_input_names_the_field_and_changes_nothing(client, resident, data, field):
    client.force_login(resident)
    client.post(reverse("portal:details"), {"display_name": "原名", "phone": "13900000000"})
    refused = client.post(reverse("portal:details"), data)
    assert refused.status_code == 400
    assert f'id="id_{field}"' in refused.content.decode()
    assert (
        "is-invalid"
        in refused.content.decode().split(f'id="id_{field}"', 1)[0].rsplit("<input", 1)[1]
    )
    kept = User.objects.get(pk=resident.pk)
    assert kept.display_name == "原名" and kept.own_phone() == "13900000000"


def test_an_empty_phone_removes_it(client, resident):
    client.force_login(resident)
    client.post(reverse("portal:details"), {"display_name": "王", "phone": "13900000000"})
    client.post(reverse("portal:details"), {"display_name": "王", "phone": ""})
    gone = User.objects.get(pk=resident.pk)
    assert gone.phone_enc == "" and gone.phone_masked == ""


def test_the_page_shows_only_ones_own_details(client, resident, tree):
    other = user_with_role("resident-e", tree.grid1, Role.RESIDENT)
    client.force_login(other)
    client.post(reverse("portal:details"), {"display_name": "李四", "phone": "13700000000"})
    client.force_login(resident)
    page = client.get(reverse("portal:details")).content.decode()
    assert "13700000000" not in page and "李四" not in page
    client.logout()
    assert client.get(reverse("portal:details")).status_code == 302  # to the login


def test_the_residents_menu_and_area_lead_to_their_details(client, resident):
    client.force_login(resident)
    area = client.get(reverse("portal:area")).content.decode()
    assert area.count(f'href="{reverse("portal:details")}"') >= 2  # the menu and the area's card
