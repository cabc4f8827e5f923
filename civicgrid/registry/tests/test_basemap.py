"""The base map's layers (/areas/basemap.json), the district's extent and the public point →
grid (/areas/locate.json): public, clipped to the box, capped, stamped for caches, and free of
anyone's personal data."""

import os
import subprocess
import sys

import pytest
from django.test import override_settings

from civicgrid.areas.services import RoadInput, roads_import
from civicgrid.registry.tests.factories import building, person

pytestmark = pytest.mark.django_db

BOX = "121.41,31.11,121.44,31.14"


@pytest.fixture
def place(tree):
    roads_import(
        [
            RoadInput(
                "示范路",
                tree.district.code,
                {"type": "LineString", "coordinates": [[121.40, 31.12], [121.50, 31.12]]},
            )
        ]
    )
    outline = {
        "type": "Polygon",
        "coordinates": [
            [
                [121.42, 31.121],
                [121.4204, 31.121],
                [121.4204, 31.1212],
                [121.42, 31.1212],
                [121.42, 31.121],
            ]
        ],
    }
    drawn = building("B1", tree.grid1, lon=121.4202, lat=31.1211, footprint=outline)
    plain = building("B2", tree.grid2, lon=121.43, lat=31.13)
    far = building("B3", tree.other_grid, lon=121.48, lat=31.13)
    person("张三", tree.grid1, phone="13912345678")
    return drawn, plain, far


def get(client, bbox=BOX, **headers):
    return client.get("/areas/basemap.json", {"bbox": bbox}, **headers)


def test_the_base_map_is_public_clipped_and_holds_no_personal_data(client, place):
    response = get(client)
    assert response.status_code == 200
    data = response.json()
    assert data["tiles"] is None  # no tile server configured: the district's layers only
    names = {f["properties"]["name"] for f in data["areas"]["features"]}
    assert names == {"东街道", "东一社区", "东一网格1", "东一网格2"}  # the other street is out
    road = data["roads"]["features"][0]
    assert road["properties"]["name"] == "示范路"
    assert {c[0] for c in road["geometry"]["coordinates"]} == {121.41, 121.44}  # clipped
    outlines = {f["properties"]["code"]: f for f in data["buildings"]["features"]}
    assert set(outlines) == {"B1", "B2"}
    assert outlines["B1"]["properties"]["drawn"] is True
    assert outlines["B1"]["geometry"] == place[0].footprint
    # a building without an outline is a small square around its point
    ring = outlines["B2"]["geometry"]["coordinates"][0]
    assert len(ring) == 5 and all(abs(x - 121.43) < 0.0002 for x, _ in ring)
    assert data["truncated"] == {"areas": False, "roads": False, "buildings": False}
    body = response.content.decode()
    assert "张三" not in body and "1391234" not in body and "id_number" not in body
    assert response["Cache-Control"] == "public, max-age=300"


def test_a_cached_answer_is_confirmed_until_something_changes(client, place):
    first = get(client)
    etag = first["ETag"]
    assert get(client, HTTP_IF_NONE_MATCH=etag).status_code == 304
    roads_import(
        [
            RoadInput(
                "新路",
                "310104001",
                {"type": "LineString", "coordinates": [[121.42, 31.11], [121.42, 31.14]]},
            )
        ]
    )
    again = get(client, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 200 and "新路" in again.content.decode()
    place[1].footprint = {
        "type": "Polygon",
        "coordinates": [[[121.43, 31.13], [121.431, 31.13], [121.431, 31.131], [121.43, 31.13]]],
    }
    place[1].save()
    assert get(client, HTTP_IF_NONE_MATCH=again["ETag"]).status_code == 200


@pytest.mark.parametrize(
    "bbox", ["", "1,2,3", "a,b,c,d", "121.5,31.1,121.4,31.2", "0,0,200,10", "nan,1,2,3"]
)
def test_a_bad_box_is_refused_naming_it(client, place, bbox):
    response = get(client, bbox=bbox)
    assert response.status_code == 400 and response.json()["field"] == "bbox"


def test_large_boxes_leave_buildings_out_and_caps_hold(client, place):
    data = get(client, bbox="121.3,31.0,121.6,31.3").json()
    assert data["buildings"]["features"] == [] and data["truncated"]["buildings"] is True
    with override_settings(CIVICGRID_BASEMAP_MAX_FEATURES=1):
        data = get(client).json()
    assert len(data["areas"]["features"]) == 1 and data["truncated"]["areas"] is True
    assert len(data["buildings"]["features"]) == 1 and data["truncated"]["buildings"] is True


def test_tiles_are_offered_as_configured(client, place):
    with override_settings(
        CIVICGRID_TILE_URL="https://tiles.example.gov.cn/{z}/{x}/{y}.png",
        CIVICGRID_TILE_CRS="gcj02",
        CIVICGRID_TILE_ATTRIBUTION="内网地图",
    ):
        tiles = get(client).json()["tiles"]
    assert tiles["crs"] == "gcj02" and tiles["attribution"] == "内网地图"


def test_the_extent_and_the_public_locate(client, place, tree):
    assert client.get("/areas/extent.json").json() == {"bbox": [121.4, 31.1, 121.5, 31.2]}
    found = client.get("/areas/locate.json", {"lon": "121.41", "lat": "31.12"}).json()
    assert found["grid"] == {
        "code": tree.grid1.code,
        "name": "东一网格1",
        "community": {"code": tree.community.code, "name": "东一社区"},
        "street": {"code": tree.street.code, "name": "东街道"},
    }
    outside = client.get("/areas/locate.json", {"lon": "120", "lat": "30"}).json()
    assert outside["grid"] is None
    bad = client.get("/areas/locate.json", {"lon": "east", "lat": "31.12"})
    assert bad.status_code == 400 and bad.json()["field"] == "lon"
    bad = client.get("/areas/locate.json", {"lon": "121.41", "lat": "31.12", "crs": "bd09"})
    assert bad.status_code == 400 and bad.json()["field"] == "crs"


def test_a_gcj02_point_is_moved_before_it_is_located(client, place, tree):
    from civicgrid.core.geo import wgs84_to_gcj02

    lon, lat = wgs84_to_gcj02(121.449, 31.12)  # in grid 2, near its east edge
    as_is = client.get("/areas/locate.json", {"lon": lon, "lat": lat}).json()
    moved = client.get("/areas/locate.json", {"lon": lon, "lat": lat, "crs": "gcj02"}).json()
    assert moved["grid"]["code"] == tree.grid2.code
    assert as_is["grid"]["code"] != tree.grid2.code


def _settings_in_a_new_process(**env) -> subprocess.CompletedProcess:
    code = (
        "import config.settings as s; "
        "print(s.CIVICGRID_TILE_URL); print(s.CIVICGRID_TILE_CRS); "
        "print(s.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'])"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_tile_settings_tianditu_key_and_a_refused_coordinate_system():
    done = _settings_in_a_new_process(CIVICGRID_TIANDITU_KEY="k123")
    assert done.returncode == 0, done.stderr
    url, crs, img_src = done.stdout.splitlines()
    assert "tianditu.gov.cn/vec_w/wmts" in url and "tk=k123" in url and crs == "wgs84"
    assert "https://*.tianditu.gov.cn" in img_src
    done = _settings_in_a_new_process(CIVICGRID_TILE_CRS="bd09", CIVICGRID_TIANDITU_KEY="")
    assert done.returncode != 0
    assert "ImproperlyConfigured" in done.stderr and "bd09" in done.stderr
