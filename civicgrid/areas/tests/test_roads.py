"""Roads of the base map: written all or nothing by (area, name), lines in WGS84, clipped to a
box on the way out and following their version stamp."""

import pytest

from civicgrid.areas import basemap
from civicgrid.areas.models import Road
from civicgrid.areas.services import RoadInput, roads_import
from civicgrid.core.errors import DomainError

pytestmark = pytest.mark.django_db


def line(*points) -> dict:
    return {"type": "LineString", "coordinates": [list(p) for p in points]}


def test_roads_are_created_then_updated_by_area_and_name(tree):
    road = RoadInput("示范路", tree.district.code, line((121.40, 31.10), (121.40, 31.20)))
    assert roads_import([road]) == {"created": 1, "updated": 0, "unchanged": 0}
    assert roads_import([road]) == {"created": 0, "updated": 0, "unchanged": 1}
    moved = RoadInput("示范路", tree.district.code, line((121.41, 31.10), (121.41, 31.20)))
    assert roads_import([moved]) == {"created": 0, "updated": 1, "unchanged": 0}
    stored = Road.objects.get()
    assert stored.area == tree.district and stored.bbox == [121.41, 31.1, 121.41, 31.2]
    # the same name in a street is another road
    roads_import([RoadInput("示范路", tree.street.code, line((121.42, 31.1), (121.42, 31.2)))])
    assert Road.objects.count() == 2


@pytest.mark.parametrize(
    ("item", "field"),
    [
        (RoadInput("", "310104", line((121.4, 31.1), (121.4, 31.2))), "name"),
        (RoadInput("甲路", "310104001001", line((121.4, 31.1), (121.4, 31.2))), "area"),
        (RoadInput("甲路", "999999", line((121.4, 31.1), (121.4, 31.2))), "area"),
        (RoadInput("甲路", "310104", {"type": "Point", "coordinates": [121.4, 31.1]}), "geometry"),
        (RoadInput("甲路", "310104", line((31.1, 121.4), (31.2, 121.4))), "geometry"),
        (RoadInput("甲路", "310104", line((121.4, 31.1), (121.4, 31.1))), "geometry"),
    ],
)
def test_a_bad_road_is_refused_naming_the_field_and_nothing_is_written(tree, item, field):
    good = RoadInput("乙路", tree.district.code, line((121.4, 31.1), (121.5, 31.1)))
    with pytest.raises(DomainError) as refused:
        roads_import([good, item])
    assert refused.value.field == field
    assert not Road.objects.exists()


def test_the_base_map_clips_roads_and_areas_to_the_box_and_follows_the_stamp(tree):
    roads_import([RoadInput("长路", tree.district.code, line((121.40, 31.12), (121.50, 31.12)))])
    box = (121.41, 31.11, 121.43, 31.13)
    roads, cut = basemap.roads_in(box, 100)
    assert not cut and [f["properties"] for f in roads] == [{"name": "长路", "main": True}]
    xs = [c[0] for c in roads[0]["geometry"]["coordinates"]]
    assert min(xs) == pytest.approx(121.41) and max(xs) == pytest.approx(121.43)
    areas, _ = basemap.areas_in(box, 100)
    assert {f["properties"]["name"] for f in areas} == {
        "东街道",
        "东一社区",
        "东一网格1",
        "东一网格2",
    }
    # a new road is seen at once (the writer moved the stamp and forgot this process's copy)
    roads_import([RoadInput("短路", tree.street.code, line((121.42, 31.11), (121.42, 31.13)))])
    roads, _ = basemap.roads_in(box, 100)
    assert {f["properties"]["name"] for f in roads} == {"长路", "短路"}
    assert {f["properties"]["main"] for f in roads} == {True, False}
    # the cap: one feature, and the answer says more were left out
    areas, cut = basemap.areas_in(box, 1)
    assert len(areas) == 1 and cut
