import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from civicgrid.accounts.choices import Role
from civicgrid.accounts.services import token_create
from civicgrid.accounts.tests.factories import user_with_role
from civicgrid.registry.models import Person, PiiAccess, Visit
from civicgrid.registry.services import staff_post_assign
from civicgrid.registry.tests.factories import id_for, xlsx_bytes

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "key"),
    [("registry:person", "p"), ("registry:household", "h"), ("registry:building", "b")],
)
def test_detail_pages_in_scope_200_out_of_scope_404(gl_client, world, name, key):
    assert gl_client.get(reverse(name, args=[world[f"{key}1"].pk])).status_code == 200
    assert gl_client.get(reverse(name, args=[world[f"{key}2"].pk])).status_code == 404


@pytest.mark.parametrize(
    "name", ["registry:persons", "registry:households", "registry:buildings", "registry:units"]
)
def test_lists_show_only_scope(gl_client, world, name):
    rows = gl_client.get(reverse(name)).content.decode().split("<tbody>")[1]
    assert "李四" not in rows and "楼B2" not in rows and ">H2<" not in rows


def test_person_list_is_masked_and_hides_tags_above_clearance(gl_client, world):
    body = gl_client.get(reverse("registry:persons")).content.decode()
    assert world["p1"].id_number_masked in body
    assert world["p1"].reveal("id_number") not in body
    rows = body.split("<tbody>")[1]
    assert "党员" in rows and "社区矫正人员" not in rows


def test_filter_by_restricted_tag_shows_no_names(gl_client, world):
    body = gl_client.get(
        reverse("registry:persons"), {"tag": "community_correction"}
    ).content.decode()
    assert "张三" not in body.split("<tbody>")[1]


def test_search_by_exact_id_number(gl_client, world):
    body = gl_client.get(
        reverse("registry:persons"), {"q": world["p1"].reveal("id_number")}
    ).content.decode()
    assert "张三" in body


def test_a_list_searched_by_a_whole_number_is_audited_like_the_lookup(gl_client, world):
    # both test persons have this phone; the other lives outside the grid leader's scope
    body = gl_client.get(reverse("registry:persons"), {"q": "+86 138-1234-5678"}).content.decode()
    rows = body.split("<tbody>")[1]
    assert "张三" in rows and "李四" not in rows
    assert list(PiiAccess.objects.values_list("person", "fields", "channel")) == [
        (world["p1"].pk, "lookup:phone", "web")
    ]
    gl_client.get(reverse("registry:persons"), {"q": "张"})  # a name tells no number
    gl_client.get(reverse("registry:persons"), {"q": world["p2"].reveal("id_number")})  # nobody
    assert PiiAccess.objects.count() == 1


def test_the_api_audits_a_search_by_a_whole_number(client, street_leader, world):
    _t, key = token_create(user=street_leader, name="t")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    number = world["p1"].reveal("id_number")
    items = client.get("/api/v1/persons", {"q": number.lower()}, **auth).json()["items"]
    assert [i["id"] for i in items] == [world["p1"].pk]
    access = PiiAccess.objects.get()
    assert (access.person, access.fields, access.channel) == (
        world["p1"],
        "lookup:id_number",
        "api",
    )
    assert number not in access.subject + access.request_path
    client.get("/api/v1/persons", {"q": "张"}, **auth)
    assert PiiAccess.objects.count() == 1


def test_reveal_is_audited_and_refused_without_the_right(client, gl_client, world, tree):
    url = reverse("registry:person_reveal", args=[world["p1"].pk])
    response = gl_client.post(url, follow=True)
    assert world["p1"].reveal("id_number") in response.content.decode()
    access = PiiAccess.objects.get()
    assert (
        access.person == world["p1"] and access.channel == "web" and access.address == "127.0.0.1"
    )
    # a second look at the page without asking again is masked
    assert (
        world["p1"].reveal("id_number")
        not in gl_client.get(reverse("registry:person", args=[world["p1"].pk])).content.decode()
    )
    viewer = user_with_role("viewer", tree.street, Role.SUPERVISOR)
    client.force_login(viewer)
    assert client.post(url).status_code == 404
    assert PiiAccess.objects.count() == 1


def test_household_card_and_building_register_print(gl_client, world):
    card = gl_client.get(reverse("registry:household", args=[world["h1"].pk])).content.decode()
    assert "张三" in card and "data-print" in card
    register = gl_client.get(reverse("registry:building", args=[world["b1"].pk])).content.decode()
    assert "101" in register and "张三" in register


def test_record_a_visit_and_bad_date(gl_client, world):
    url = reverse("registry:visit_create", args=[world["h1"].pk])
    gl_client.post(url, {"visited_on": "2026-11-01", "notes": "走访"})
    assert Visit.objects.get().notes == "走访"
    gl_client.post(url, {"visited_on": "bad"})
    assert Visit.objects.count() == 1
    assert (
        gl_client.post(
            reverse("registry:visit_create", args=[world["h2"].pk]), {"visited_on": "2026-11-01"}
        ).status_code
        == 404
    )


def test_export_is_masked_unless_asked_and_allowed(gl_client, world):
    data = gl_client.get(
        reverse("registry:export", args=["persons"]), {"format": "csv"}
    ).content.decode("utf-8-sig")
    assert world["p1"].id_number_masked in data and "李四" not in data
    data = gl_client.get(
        reverse("registry:export", args=["persons"]), {"format": "csv", "unmask": "1"}
    ).content.decode("utf-8-sig")
    assert world["p1"].reveal("id_number") in data
    assert PiiAccess.objects.get().count == 1
    xlsx = gl_client.get(reverse("registry:export", args=["buildings"]))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_roles_without_register_get_404(client, world, tree):
    client.force_login(user_with_role("res", tree.community, Role.RESIDENT))
    assert client.get(reverse("registry:persons")).status_code == 404
    assert client.get(reverse("registry:person", args=[world["p1"].pk])).status_code == 404


def test_web_import_preview_then_confirm(gl_client, world):
    good = xlsx_bytes(
        ["姓名", "证件号码", "人口类型", "网格编码"],
        [["王五", id_for(7), "户籍", "310104001001002"]],
    )
    response = gl_client.post(
        reverse("registry:import"), {"kind": "persons", "file": SimpleUploadedFile("p.xlsx", good)}
    )
    assert response.status_code == 200 and "王五" not in response.content.decode()
    token = response.context["token"]

    assert not Person.objects.filter(name="王五").exists()
    gl_client.post(reverse("registry:import_confirm", args=[token]))
    assert Person.objects.filter(name="王五").exists()
    bad = xlsx_bytes(
        ["姓名", "证件号码", "人口类型", "网格编码"], [["赵六", "123", "户籍", "310104002001001"]]
    )
    response = gl_client.post(
        reverse("registry:import"), {"kind": "persons", "file": SimpleUploadedFile("p.xlsx", bad)}
    )
    errors = response.context["report"].errors
    assert {e.column for e in errors} == {"证件号码", "网格编码"}
    report = gl_client.get(reverse("registry:import_errors", args=[response.context["token"]]))
    assert report.status_code == 200
    assert (
        gl_client.post(
            reverse("registry:import_confirm", args=[response.context["token"]])
        ).status_code
        == 404
    )


def test_posts_on_the_area_page_and_the_building_register(gl_client, world, tree):
    staff_post_assign(kind="grid_leader", area=tree.grid1, name="王网格", phone="13900001111")
    staff_post_assign(kind="building_leader", area=tree.grid1, name="赵楼长", building=world["b1"])
    area_page = gl_client.get(reverse("areas:detail", args=[tree.grid1.code])).content.decode()
    assert "王网格" in area_page and "139****1111" in area_page and "13900001111" not in area_page
    assert (
        "赵楼长"
        in gl_client.get(reverse("registry:building", args=[world["b1"].pk])).content.decode()
    )
