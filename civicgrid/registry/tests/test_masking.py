"""A masked ID number hides its 8 birth-date digits: nothing shown beside it may give them back.

Wherever the number is masked, the birth *year* is shown; the date appears only where the whole
number does (the audited reveal and the audited unmasked export).
"""

import pytest
from django.test import Client
from django.urls import reverse

from civicgrid.accounts import services
from civicgrid.accounts.choices import Role
from civicgrid.accounts.services import user_create
from civicgrid.accounts.tests.factories import user_with_role

pytestmark = pytest.mark.django_db

# id_for(1): born 1980-01-02 (see factories.id_for)
DATES = ("1980-01-02", "1980/01/02", "1980年1月2日", "19800102", "Jan. 2, 1980")


def _no_birth_date(text: str) -> None:
    for shown in DATES:
        assert shown not in text


@pytest.fixture
def dispatcher(tree):
    return user_with_role("disp", tree.street, Role.DISPATCHER)


@pytest.fixture
def disp_client(dispatcher):
    client = Client()  # its own session: tests may use it beside gl_client
    client.force_login(dispatcher)
    return client


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("registry:person", "p1"),
        ("registry:persons", None),
        ("registry:household", "h1"),
        ("registry:building", "b1"),
    ],
)
@pytest.mark.parametrize("who", ["disp_client", "gl_client"])
def test_pages_show_the_birth_year_never_the_date(request, world, name, key, who):
    client = request.getfixturevalue(who)
    args = [world[key].pk] if key else []
    body = client.get(reverse(name, args=args)).content.decode()
    assert world["p1"].id_number_masked in body
    _no_birth_date(body)
    assert "1980" in body


def test_the_date_is_shown_with_the_revealed_number_only(gl_client, world):
    page = gl_client.post(
        reverse("registry:person_reveal", args=[world["p1"].pk]), follow=True
    ).content.decode()
    assert world["p1"].reveal("id_number") in page and "1980-01-02" in page


def test_api_gives_the_year_and_no_date(client, dispatcher, street_leader, world):
    for user in (dispatcher, street_leader):
        _t, key = services.token_create(user=user, name="t")
        auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
        listed = client.get("/api/v1/persons", **auth)
        one = client.get(f"/api/v1/persons/{world['p1'].pk}", **auth)
        for response in (listed, one):
            assert response.status_code == 200
            _no_birth_date(response.content.decode())
        item = one.json()
        assert item["birth_year"] == 1980 and item["birth_date"] is None
        assert item["id_number"] == world["p1"].id_number_masked
    revealed = client.post(f"/api/v1/persons/{world['p1'].pk}/reveal", **auth).json()
    assert revealed["birth_date"] == "1980-01-02"


def test_masked_export_gives_the_year_unmasked_the_date(gl_client, world):
    url = reverse("registry:export", args=["persons"])
    masked = gl_client.get(url, {"format": "csv"}).content.decode("utf-8-sig")
    assert world["p1"].id_number_masked in masked and "1980" in masked
    _no_birth_date(masked)
    unmasked = gl_client.get(url, {"format": "csv", "unmask": "1"}).content.decode("utf-8-sig")
    assert world["p1"].reveal("id_number") in unmasked and "1980-01-02" in unmasked


def test_a_leader_without_view_pii_exports_no_date_even_when_asking_to_unmask(client, world, tree):
    client.force_login(user_with_role("lead", tree.street, Role.LEADER))
    data = client.get(
        reverse("registry:export", args=["persons"]), {"format": "csv", "unmask": "1"}
    ).content.decode("utf-8-sig")
    assert world["p1"].id_number_masked in data
    _no_birth_date(data)


def test_hidden_tags_are_not_announced(disp_client, gl_client, world):
    # 张三 carries community_correction (restricted): neither a dispatcher (clearance 0) nor a
    # grid leader with clearance 2 learns that anything is hidden
    for client in (disp_client, gl_client):
        body = client.get(reverse("registry:person", args=[world["p1"].pk])).content.decode()
        assert "clearance" not in body and "查看级别" not in body and "社区矫正" not in body


@pytest.mark.parametrize(
    ("url", "field", "value"),
    [
        ("/api/v1/households", "building", "1"),
        ("/api/v1/persons", "building", "1"),
        ("/api/v1/persons", "tag", "no_such_tag"),
        ("/api/v1/persons", "residence_type", "alien"),
        ("/api/v1/persons", "household", "nope"),
        ("/api/v1/persons", "area", "999"),
        ("/api/v1/buildings", "area", "999"),
        ("/api/v1/households", "area", "999"),
    ],
)
def test_a_filter_value_that_names_nothing_is_a_400_naming_the_field(
    client, street_leader, world, url, field, value
):
    _t, key = services.token_create(user=street_leader, name="t")
    response = client.get(url, {field: value}, HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 400, response.content
    assert response.json()["field"] == field


def test_filters_that_name_something_still_work(client, street_leader, world):
    _t, key = services.token_create(user=street_leader, name="t")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    numbers = [
        h["number"]
        for h in client.get("/api/v1/households", {"building": "B1"}, **auth).json()["items"]
    ]
    assert numbers == ["H1"]
    # a building out of the caller's scope is not named either: no existence oracle
    assert client.get("/api/v1/households", {"building": "B2"}, **auth).status_code == 400


def test_the_list_page_says_which_filter_names_nothing(gl_client, world):
    response = gl_client.get(reverse("registry:households"), {"building": "1"})
    assert response.status_code == 400
    assert "H1" not in response.content.decode().split("<tbody>")[1]
    export = gl_client.get(reverse("registry:export", args=["households"]), {"building": "1"})
    assert export.status_code == 400


def test_the_admin_shows_the_year_only(client, world):
    root = user_create(username="root", password="pw-for-tests-123", is_superuser=True)
    root.is_staff = True
    root.save(update_fields=["is_staff"])
    client.force_login(root)
    for url in (
        reverse("admin:registry_person_changelist"),
        reverse("admin:registry_person_change", args=[world["p1"].pk]),
    ):
        body = client.get(url).content.decode()
        assert world["p1"].id_number_masked in body and "1980" in body
        _no_birth_date(body)


def test_looking_people_up_by_number_is_limited(client, dispatcher, world, settings):
    # an exact ID number or phone search is an oracle: with the masked number and the birth
    # year about 33 candidates remain (the check digit rules out the rest), a masked phone
    # leaves 10,000; a limit per account keeps them from being tried in bulk
    settings.CIVICGRID_REGISTER_LOOKUPS_PER_HOUR = 3
    _t, key = services.token_create(user=dispatcher, name="t")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    for guess in ("310104198001010031", "310104198001030035", "13800000000"):
        assert client.get("/api/v1/persons", {"q": guess}, **auth).status_code == 200
    refused = client.get("/api/v1/persons", {"q": world["p1"].reveal("id_number")}, **auth)
    assert refused.status_code == 429 and refused.json()["field"] == "q"
    assert client.get("/api/v1/persons", {"q": "张"}, **auth).status_code == 200  # names are not
    disp_page = Client()
    disp_page.force_login(dispatcher)
    page = disp_page.get(reverse("registry:persons"), {"q": world["p1"].reveal("id_number")})
    assert page.status_code == 429 and "张三" not in page.content.decode().split("<tbody>")[1]
