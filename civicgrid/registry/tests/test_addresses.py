"""The standard address index (标准地址): built from the register, kept current, searched as a
caller speaks. Runs on SQLite and PostgreSQL (each with its own text search)."""

import pytest

from civicgrid.registry.addresses import rebuild, resolve, suggest, views
from civicgrid.registry.addresses.words import road_and_number, search_key
from civicgrid.registry.importing import register_import
from civicgrid.registry.models import Building, House, StandardAddress
from civicgrid.registry.tests.factories import building


@pytest.fixture
def places(tree):
    """Buildings of our own (never the demo's): near-misses of 示范路391号 on purpose."""
    b = {}

    def make(key, address, name, grid, lon=121.41, lat=31.12):
        b[key] = Building.objects.create(
            code=f"T-{key}", name=name, address=address, grid=grid, lon=lon, lat=lat
        )

    make("391", "示范区示范路391号", "幸福苑1号楼", tree.grid1, 121.411, 31.121)
    make("39", "示范区示范路39号", "幸福苑2号楼", tree.grid1)
    make("1391", "示范区示范路1391号", "和平楼", tree.grid2, 121.43, 31.12)
    make("other", "示范区和平路391号", "西苑", tree.other_grid, 121.46, 31.12)
    make("dup1", "示范区建设路8号", "建设一号楼", tree.grid1)
    make("dup2", "示范区建设路8号", "建设二号楼", tree.grid2)
    House.objects.create(building=b["391"], entrance="1", room="301")
    House.objects.create(building=b["391"], entrance="2", room="301")
    House.objects.create(building=b["other"], entrance="1", room="502")
    b["tree"] = tree
    return b


def first(query, **kw):
    found = suggest(query, **kw)
    return found[0] if found else None


def test_road_and_number_of_the_register_format():
    assert road_and_number("示范区示范路391号", ["示范区"]) == ("示范路", "391号")
    assert road_and_number("示范区东街道和平里5弄3号", ["示范区", "东街道"]) == ("和平里5弄", "3号")
    assert road_and_number("示范路", ["示范区"]) == ("示范路", "")
    assert road_and_number("示范区示范路１２号", ["示范区"]) == ("示范路", "12号")


def test_search_key_has_pinyin_and_initials():
    key = search_key(["示范路", "391号", "示范路391"])
    assert "shifanlu" in key and "sfl391" in key and "shifanlu391" in key


def test_index_follows_the_register(places):
    entries = StandardAddress.objects.filter(building=places["391"])
    assert entries.filter(level="building").count() == 1
    house = entries.get(level="house", entrance="2")
    assert house.text == "示范区示范路391号 幸福苑1号楼 2单元301室"
    assert house.road == "示范路" and house.number == "391号"
    assert (house.district, house.street, house.community) == ("示范区", "东街道", "东一社区")
    assert "东街道" in house.label and house.grid_id == places["tree"].grid1.pk
    # an edit, a new house, a deactivation: the index follows at once
    places["39"].address = "示范区示范路40号"
    places["39"].save()
    assert StandardAddress.objects.get(building=places["39"]).number == "40号"
    House.objects.create(building=places["39"], entrance="", room="101")
    assert StandardAddress.objects.filter(building=places["39"], level="house").count() == 1
    places["39"].active = False
    places["39"].save()
    assert not StandardAddress.objects.filter(building=places["39"]).exists()
    assert rebuild() == StandardAddress.objects.count() == 5 + 3  # active buildings, houses


@pytest.mark.parametrize(
    "query",
    [
        "示范区示范路391号",  # the register's own text
        "示范路391号",  # without the district
        "391号示范路",  # out of order
        "示范路 391",  # spaced, without 号
        "东街道示范路391号",  # with the street
        "示范区东街道示范路391号",
        "sfl391",  # pinyin initials
        "shifanlu391",  # full pinyin
        "示范璐391号",  # a typo
        "示范路391号幸福苑",  # with the building's name
        "ＳＦＬ３９１",  # full-width, capitals
    ],
)
def test_as_the_caller_says_it(places, query):
    found = first(query, public=True)
    assert found is not None and found.building == "T-391", (query, suggest(query, public=True))
    resolved = resolve(query)
    assert resolved.candidate is not None and resolved.candidate.building == "T-391"


def test_a_number_is_exact(places):
    assert first("示范路39号", public=True).building == "T-39"
    assert first("示范路1391号", public=True).building == "T-1391"
    assert first("和平路391", public=True).building == "T-other"


def test_the_grid_and_the_building_name_without_road_or_number(places):
    """A grid worker names their grid and the building: found on both databases (PostgreSQL's
    trigram threshold once missed it; the grid's name is a word of the index now)."""
    found = first("东一网格1 幸福苑1号楼", public=True)
    assert found is not None and found.building == "T-391", suggest("东一网格1 幸福苑1号楼")


def test_a_mistyped_road_alone_finds_its_buildings(places):
    """A homophone typo with no number (示范璐 for 示范路): found on both databases (SQLite's
    trigrams of the characters all miss; the road's pinyin finds it)."""
    found = [c.building for c in suggest("示范璐", public=True)]
    assert set(found[:3]) == {"T-391", "T-39", "T-1391"}, found


def test_short_queries_match_the_start(places):
    found = suggest("示范", public=True)
    assert {c.building for c in found} >= {"T-391", "T-39", "T-1391"}
    assert all(c.level == "building" for c in found)
    assert suggest("39", public=True)[0].building in {"T-39", "T-391"}
    assert suggest("", public=True) == []
    assert suggest("   ", public=True) == []


def test_ambiguous_and_unknown(places):
    both = resolve("建设路8号")
    assert both.candidate is None
    assert {c.building for c in both.candidates} >= {"T-dup1", "T-dup2"}
    assert resolve("建设路8号建设一号楼").candidate.building == "T-dup1"
    nothing = resolve("人民大道200号")
    assert nothing.candidate is None
    assert resolve("人民路1391号").candidate is None  # the one 1391 is on another road


def test_houses_only_for_those_who_see_the_register(places, street_leader):
    public = suggest("示范路391号2单元301", public=True)
    assert public and all(c.level == "building" for c in public)
    staff = suggest("示范路391号2单元301", user=street_leader)
    assert staff[0].level == "house" and staff[0].text.endswith("2单元301室")
    # the street leader's register ends at their street: the other street's houses are not shown
    other = suggest("和平路391号1单元502", user=street_leader)
    assert other[0].building == "T-other" and other[0].level == "building"
    assert not [c for c in other if c.level == "house" and c.building == "T-other"]


def test_hostile_input(places):
    for query in ["%", "_", "'; drop table x; --", '"', "*", "NEAR(", "a" * 5000, "\x00"]:
        suggest(query.replace("\x00", ""), public=True)  # never raises


def test_factory_buildings_are_indexed(tree):
    b = building("Z9", tree.grid1)
    assert StandardAddress.objects.get(building=b).text.startswith("示范路Z9号")


# -- the API and the portal -----------------------------------------------------------------


def test_api_needs_a_login(client, places):
    assert client.get("/api/v1/addresses/suggest?q=示范路").status_code == 401


def test_api_contract_and_scope(client, places, street_leader):
    client.force_login(street_leader)
    response = client.get("/api/v1/addresses/suggest", {"q": "示范路391号2单元301", "limit": 3})
    assert response.status_code == 200
    items = response.json()["items"]
    assert len(items) <= 3
    top = items[0]
    assert set(top) == {"id", "text", "label", "level", "building", "grid", "lon", "lat"}
    assert top["level"] == "house" and top["building"] == "T-391"
    assert top["grid"] == {"code": "310104001001001", "name": "东一网格1"}
    assert top["lon"] == 121.411 and "东街道" in top["label"]
    # out of the leader's register: the building is named, its houses are not
    other = client.get("/api/v1/addresses/suggest", {"q": "和平路391号1单元502"}).json()["items"]
    assert other[0]["building"] == "T-other" and other[0]["level"] == "building"
    assert all(i["building"] != "T-other" or i["level"] == "building" for i in other)
    too_long = client.get("/api/v1/addresses/suggest", {"q": "x" * 201})
    assert too_long.status_code == 422 and too_long.json()["field"] == "q"
    no_limit = client.get("/api/v1/addresses/suggest", {"q": "a", "limit": 0})
    assert no_limit.status_code == 422 and no_limit.json()["field"] == "limit"


def test_portal_building_level_only_and_rate_limited(client, places, settings):
    response = client.get("/portal/addresses", {"q": "示范路391号2单元301"})
    assert response.status_code == 200
    items = response.json()["items"]
    assert items[0]["building"] == "T-391"
    assert all(i["level"] == "building" for i in items)
    assert client.get("/portal/addresses", {"q": "sfl391", "limit": "x"}).status_code == 200
    assert views.SUGGEST_LIMIT.used("127.0.0.1") == 2  # counted like the portal's searches
    for _ in range(views.SUGGEST_LIMIT.count):
        views.SUGGEST_LIMIT.hit("127.0.0.1")
    refused = client.get("/portal/addresses", {"q": "sfl391"})
    assert refused.status_code == 429 and refused.json()["items"] == []


def test_an_import_rebuilds_the_index(tree):
    header = ["楼栋编码", "名称", "地址", "网格编码"]
    rows = [("IMP-1", "新村1号楼", "示范区新村路12号", tree.grid1.code)]
    report = register_import(kind="buildings", path="t", table=(header, rows))
    assert report.ok, report.errors
    entry = StandardAddress.objects.get(building__code="IMP-1")
    assert (entry.road, entry.number, entry.level) == ("新村路", "12号", "building")
    assert suggest("新村路12", public=True)[0].building == "IMP-1"
