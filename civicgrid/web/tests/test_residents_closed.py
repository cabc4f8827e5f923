"""A resident who types a staff page's address gets the site's 404, never the staff application;
the pages a resident's own area draws on stay open, and staff keep every page."""

import pytest
from django.urls import reverse

from civicgrid.accounts.choices import Role
from civicgrid.accounts.tests.factories import user_with_role
from civicgrid.cases.tests.fixtures import loop  # noqa: F401  (a fixture)

pytestmark = pytest.mark.django_db

STAFF_PAGES = [
    ("workbench", {}),
    ("areas:tree", {}),
    ("disputes:list", {}),
    ("evaluation:figures", {}),
    ("evaluation:rankings", {}),
    ("registry:persons", {}),
    ("registry:households", {}),
    ("command", {}),
]


@pytest.fixture
def resident(tree):
    return user_with_role("resident-only", tree.grid1, Role.RESIDENT)


@pytest.mark.parametrize(("name", "kwargs"), STAFF_PAGES)
def test_a_resident_gets_the_404_page_on_a_staff_page(client, resident, name, kwargs):
    client.force_login(resident)
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 404
    assert "<!doctype html>" in response.content.decode().lower()  # the site's page, not a bare one


def test_an_area_page_is_404_for_a_resident_and_open_to_staff(client, resident, loop, tree):  # noqa: F811
    url = reverse("areas:detail", kwargs={"code": tree.grid1.code})
    client.force_login(resident)
    assert client.get(url).status_code == 404
    client.force_login(loop.leader)
    assert client.get(url).status_code == 200


def test_staff_keep_the_staff_pages(client, loop):  # noqa: F811
    client.force_login(loop.leader)
    for name in (
        "workbench",
        "areas:tree",
        "disputes:list",
        "evaluation:figures",
        "accounts:tokens",
    ):
        assert client.get(reverse(name)).status_code == 200, name


def test_a_resident_keeps_the_maps_their_report_form_draws(client, resident):
    client.force_login(resident)
    assert (
        client.get(reverse("areas:basemap"), {"bbox": "121.3,31.0,121.5,31.2"}).status_code == 200
    )
    assert client.get(reverse("areas:extent")).status_code == 200
    assert client.get(reverse("portal:area")).status_code == 200


def test_a_resident_is_not_given_the_staff_keyboard_shortcuts(client, resident, loop):  # noqa: F811
    client.force_login(resident)
    assert "shortcuts.js" not in client.get(reverse("portal:area")).content.decode()
    client.force_login(loop.leader)
    assert "shortcuts.js" in client.get(reverse("home")).content.decode()


def test_the_favicon_ico_is_the_products_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith(".svg")


def test_the_phone_pages_look_up_is_the_one_box_look_up(client, tree):
    client.force_login(user_with_role("gl-phone", tree.grid1, Role.GRID_LEADER))
    page = client.get(reverse("phone")).content.decode()
    assert f'action="{reverse("registry:lookup")}"' in page
    assert 'method="post"' in page.split(reverse("registry:lookup"))[0].rsplit("<form", 1)[1]


def test_home_offers_a_new_case_to_those_who_take_reports(client, loop, tree):  # noqa: F811
    new_case = f'href="{reverse("cases:new")}"'
    client.force_login(loop.operator)
    assert new_case in client.get(reverse("home")).content.decode()
    client.force_login(user_with_role("no-cases", tree.grid1, Role.COUNCIL_MEMBER))
    assert new_case not in client.get(reverse("home")).content.decode()
