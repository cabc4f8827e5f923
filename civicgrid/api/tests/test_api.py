import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from civicgrid.accounts import services
from civicgrid.accounts.choices import Role
from civicgrid.accounts.models import ApiToken
from civicgrid.accounts.tests.factories import unit_for, user_with_role
from civicgrid.api.api import field_of
from civicgrid.registry.models import PiiAccess
from civicgrid.registry.services import staff_post_assign
from civicgrid.registry.tests.factories import person

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client, street_leader):
    _token, key = services.token_create(user=street_leader, name="tests")
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {key}"
    return client


def test_no_credentials_401_and_revoked_token_401(client, street_leader):
    assert client.get("/api/v1/me").status_code == 401
    token, key = services.token_create(user=street_leader, name="t")
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200
    services.token_revoke(token=token)
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 401 and response.json()["code"] == "unauthenticated"


def test_session_auth_works_for_reads(client, street_leader):
    client.force_login(street_leader)
    assert client.get("/api/v1/me").json()["roles"] == ["grid_leader"]


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("/api/v1/persons/{}", "p"),
        ("/api/v1/households/{}", "h"),
        ("/api/v1/buildings/{}", "b"),
        ("/api/v1/buildings/{}/houses", "b"),
        ("/api/v1/households/{}/visits", "h"),
    ],
)
def test_register_endpoints_in_scope_200_out_of_scope_404(api, world, url, key):
    assert api.get(url.format(world[f"{key}1"].pk)).status_code == 200
    missing = api.get(url.format(world[f"{key}2"].pk))
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"


@pytest.mark.parametrize("url", ["/api/v1/areas/{}", "/api/v1/areas/{}/geojson"])
def test_area_endpoints_in_and_out_of_scope(api, tree, url):
    assert api.get(url.format(tree.grid1.code)).status_code == 200
    assert api.get(url.format(tree.other_grid.code)).status_code == 404


def test_units_in_and_out_of_scope(api, tree):
    mine, other = unit_for(tree.community), unit_for(tree.other_community)
    codes = {u["code"] for u in api.get("/api/v1/units?limit=500").json()["items"]}
    assert mine.code in codes and other.code not in codes
    assert api.get(f"/api/v1/units/{mine.code}").status_code == 200
    assert api.get(f"/api/v1/units/{other.code}").status_code == 404


def test_locate_respects_scope_and_gcj02(api, tree):
    body = api.get("/api/v1/areas/locate", {"lon": 121.41, "lat": 31.12}).json()
    assert body["grid"]["code"] == tree.grid1.code
    assert api.get("/api/v1/areas/locate", {"lon": 121.47, "lat": 31.12}).json()["grid"] is None
    bad = api.get("/api/v1/areas/locate", {"lon": 500, "lat": 31.12})
    assert bad.status_code == 422 and bad.json()["field"] == "lon"


def test_a_refused_form_body_names_the_field_as_the_client_sent_it(api):
    # a form body (POST /cases) is refused naming "lon", not where ninja read it ("form.lon")
    bad = api.post("/api/v1/cases", {"case_class": "x", "lon": "abc", "lat": "31"})
    assert bad.status_code == 422 and bad.json()["code"] == "invalid"
    assert bad.json()["field"] == "lon"


@pytest.mark.parametrize(
    ("loc", "field"),
    [
        (["form", "hours"], "hours"),
        (["body", "payload", "grants", 0, "unit"], "grants.0.unit"),
        (["query", "lon"], "lon"),
        (["file", "photos"], "photos"),
        (["path", "case_id"], "case_id"),
        ([], None),
    ],
)
def test_the_field_of_a_refused_value_leaves_out_where_ninja_read_it(loc, field):
    assert field_of(loc) == field


def test_person_list_masked_tags_filtered_and_query_count(api, world, tree, settings):
    # the stamps are re-read once a second; on a loaded machine the two requests can be further
    # apart than that, and the count below is of requests within one interval
    settings.CIVICGRID_CACHE_RECHECK = 60
    for n in range(10, 30):
        person(f"人{n}", tree.grid2, n=n)
    with CaptureQueriesContext(connection) as queries:
        body = api.get("/api/v1/persons", {"limit": 10}).json()
    # a process's first request: the token and the grants with their stamps, the page ids, the
    # page rows, the tags, the last-used update
    assert len(queries) <= 9
    with CaptureQueriesContext(connection) as queries:
        assert api.get("/api/v1/persons", {"limit": 10}).json() == body
    assert len(queries) <= 3  # then the page ids, its rows, its tags: the token and grants kept
    assert len(body["items"]) == 10 and body["next_after"]
    first = body["items"][0]
    assert first["id_number"] == world["p1"].id_number_masked and "*" in first["phone"]
    assert first["tags"] == ["party_member"]  # community_correction is above clearance 2
    rest = api.get("/api/v1/persons", {"limit": 500, "after": body["next_after"]}).json()
    assert rest["next_after"] is None and len(rest["items"]) == 11
    assert "李四" not in {p["name"] for p in body["items"] + rest["items"]}


def test_person_filters(api, world):
    names = lambda **q: {p["name"] for p in api.get("/api/v1/persons", q).json()["items"]}  # noqa: E731
    assert names(q=world["p1"].reveal("id_number")) == {"张三"}
    assert names(q="张") == {"张三"}
    assert names(tag="party_member") == {"张三"}
    assert names(household="H1") == {"张三"}
    assert names(building="B1") == {"张三"}
    assert names(area=world["tree"].grid2.code) == set()


def test_reveal_is_audited_and_needs_the_right(api, client, world, tree):
    body = api.post(f"/api/v1/persons/{world['p1'].pk}/reveal").json()
    assert body["id_number"] == world["p1"].reveal("id_number")
    assert PiiAccess.objects.get().channel == "api"
    viewer = user_with_role("viewer", tree.street, Role.SUPERVISOR)
    _t, key = services.token_create(user=viewer, name="v")
    denied = client.post(
        f"/api/v1/persons/{world['p1'].pk}/reveal", HTTP_AUTHORIZATION=f"Bearer {key}"
    )
    assert denied.status_code == 404 and PiiAccess.objects.count() == 1


def test_tags_give_counts(api, world):
    tags = {t["code"]: t["count"] for t in api.get("/api/v1/tags").json()}
    assert (
        tags["party_member"] == 1 and tags["community_correction"] == 1 and tags["volunteer"] == 0
    )


def test_visit_create_validates_and_names_the_field(api, world):
    url = f"/api/v1/households/{world['h1'].pk}/visits"
    assert (
        api.post(
            url, {"visited_on": "2026-11-01", "notes": "ok"}, content_type="application/json"
        ).status_code
        == 201
    )
    bad = api.post(url, {"visited_on": "2999-01-01"}, content_type="application/json")
    assert bad.status_code == 400 and bad.json()["field"] == "visited_on"
    invalid = api.post(url, {"visited_on": "nope"}, content_type="application/json")
    assert invalid.status_code == 422 and invalid.json()["field"] == "visited_on"
    other = f"/api/v1/households/{world['h2'].pk}/visits"
    assert (
        api.post(other, {"visited_on": "2026-11-01"}, content_type="application/json").status_code
        == 404
    )


def test_tokens_api_create_list_revoke(api):
    created = api.post("/api/v1/tokens", {"name": "cron"}, content_type="application/json")
    assert created.status_code == 201 and created.json()["key"].startswith("cg_")
    listed = api.get("/api/v1/tokens").json()
    assert {t["name"] for t in listed} == {"tests", "cron"} and "key" not in listed[0]
    assert api.delete(f"/api/v1/tokens/{created.json()['id']}").status_code == 204


def test_openapi_document_and_docs_page(client, street_leader):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/persons" in schema["paths"] and "/api/v1/areas/locate" in schema["paths"]
    # every operation says what it does, and every body shows an example
    components = schema["components"]["schemas"]
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert operation.get("summary"), (method, path)
            for media in operation.get("requestBody", {}).get("content", {}).values():
                ref = media["schema"].get("$ref", "").rsplit("/", 1)[-1]
                properties = components.get(ref, media["schema"]).get("properties", {})
                assert any("examples" in p for p in properties.values()), (method, path)
    client.force_login(street_leader)
    assert client.get("/api/v1/docs").status_code == 200


def test_admin_creates_and_revokes_tokens_for_users_in_scope_only(client, tree, street_leader):
    admin = user_with_role("sadmin", tree.street, Role.ADMIN)
    outsider = user_with_role("west", tree.other_street, Role.GRID_LEADER)
    _t, key = services.token_create(user=admin, name="admin")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}", "content_type": "application/json"}
    made = client.post("/api/v1/tokens", {"name": "for gl", "username": "gl"}, **auth)
    assert made.status_code == 201
    assert ApiToken.objects.get(pk=made.json()["id"]).user == street_leader
    assert (
        client.post("/api/v1/tokens", {"name": "x", "username": "west"}, **auth).status_code == 404
    )
    assert client.delete(f"/api/v1/tokens/{made.json()['id']}", **auth).status_code == 204
    theirs, _k = services.token_create(user=outsider, name="theirs")
    assert client.delete(f"/api/v1/tokens/{theirs.pk}", **auth).status_code == 404
    gl_key = services.token_create(user=street_leader, name="gl")[1]
    refused = client.post(
        "/api/v1/tokens",
        {"name": "x", "username": "sadmin"},
        HTTP_AUTHORIZATION=f"Bearer {gl_key}",
        content_type="application/json",
    )
    assert refused.status_code == 404


def test_staff_posts_in_and_out_of_scope(api, world, tree):
    staff_post_assign(kind="grid_leader", area=tree.grid1, name="王网格", phone="13900001111")
    staff_post_assign(kind="grid_leader", area=tree.other_grid, name="李网格", phone="13900002222")
    staff_post_assign(kind="building_leader", area=tree.grid1, name="赵楼长", building=world["b1"])
    posts = api.get("/api/v1/staff-posts", {"area": tree.grid1.code}).json()
    assert [(p["name"], p["phone"]) for p in posts] == [("王网格", "139****1111")]
    assert [
        p["name"] for p in api.get("/api/v1/staff-posts", {"building": world["b1"].pk}).json()
    ] == ["赵楼长"]
    assert api.get("/api/v1/staff-posts", {"area": tree.other_grid.code}).status_code == 404
    assert api.get("/api/v1/staff-posts", {"building": world["b2"].pk}).status_code == 404


def test_lists_can_be_read_in_either_order(api, world, tree):
    for n in range(10, 16):
        person(f"人{n}", tree.grid2, n=n)
    ids = [p["id"] for p in api.get("/api/v1/persons", {"limit": 500}).json()["items"]]
    assert ids == sorted(ids)
    newest = api.get("/api/v1/persons", {"limit": 3, "order": "-id"}).json()
    assert [p["id"] for p in newest["items"]] == sorted(ids, reverse=True)[:3]
    older = api.get(
        "/api/v1/persons", {"limit": 500, "order": "-id", "after": newest["next_after"]}
    )
    assert [p["id"] for p in older.json()["items"]] == sorted(ids, reverse=True)[3:]
    assert api.get("/api/v1/persons", {"order": "name"}).status_code == 422
