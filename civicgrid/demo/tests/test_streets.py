"""The demo district's roads and its buildings standing on them."""

import random
from collections import Counter

import pytest
from shapely.geometry import Point, shape

from civicgrid.areas.models import Area, Road
from civicgrid.areas.services import areas_import, roads_import
from civicgrid.demo import names
from civicgrid.demo.generator import Generator
from civicgrid.demo.streets import ordinal


def built(scale: str = "tiny", seed: int = 1):
    gen = Generator(scale, seed=seed, log=lambda *_: None)
    areas = gen.areas()
    rows = gen.buildings()
    return gen, areas, rows


def test_ordinals():
    assert [ordinal(n) for n in (1, 9, 10, 11, 20, 21, 99)] == [
        "一", "九", "十", "十一", "二十", "二十一", "九十九",
    ]  # fmt: skip


@pytest.mark.parametrize("scale", ["tiny", "small"])
def test_every_building_stands_on_its_nearest_road_with_a_unique_address(scale):
    gen, _, rows = built(scale)
    roads = {r.name: r for r in gen.streets.roads}
    lines = {
        name: shape({"type": "LineString", "coordinates": r.line()}) for name, r in roads.items()
    }
    grids = dict(gen.grids)
    for code, name, address, grid, *_, lon, lat in rows:
        road = names_road(name)
        assert address == f"示范区{name}" and road in roads
        point = Point(float(lon), float(lat))
        # its road is the one it fronts: no other road is nearer
        nearest = min(lines, key=lambda n: lines[n].distance(point))
        assert lines[road].distance(point) <= lines[nearest].distance(point) + 1e-9
        # the outline holds the point and stays in the grid
        outline = shape(gen.footprints[code])
        x0, y0, x1, y1 = grids[grid]
        assert outline.contains(point)
        assert x0 <= outline.bounds[0] and outline.bounds[2] <= x1
        assert y0 <= outline.bounds[1] and outline.bounds[3] <= y1
    assert max(Counter(r[2] for r in rows).values()) == 1  # one building per address
    assert "示范区示范路391号" in {r[2] for r in rows}
    # no two outlines overlap
    outlines = [shape(f) for f in gen.footprints.values()]
    for i, a in enumerate(outlines):
        assert not any(a.intersection(b).area > 0 for b in outlines[i + 1 : i + 40])


def names_road(house: str) -> str:
    return house.rstrip("号").rstrip("0123456789")


def test_the_random_source_is_drawn_as_before_the_district_had_roads():
    gen, _, rows = built("tiny", seed=5)
    replay = Generator("tiny", seed=5, log=lambda *_: None)
    replay.areas()
    rng = replay.rng
    for _ in rows:  # what buildings() drew per building before: road, point, kind, number, floors
        rng.choice(names.ROADS)
        rng.uniform(0, 1)
        rng.uniform(0, 1)
        rng.choices(["a", "b"], [1, 1])
        rng.randrange(1, 999)
        rng.randrange(3, 33)
    assert gen.rng.getstate() == rng.getstate()
    assert isinstance(rng, random.Random)


@pytest.mark.django_db
def test_the_demo_roads_are_stored_with_their_district_or_street():
    gen, areas, _ = built()
    areas_import(areas)
    roads_import(gen.streets.road_inputs())
    assert Road.objects.count() == len(gen.streets.roads) > 40
    levels = Counter(Road.objects.values_list("area__level", flat=True))
    assert set(levels) == {2, 3}
    main = Road.objects.get(name="示范路")
    assert main.area == Area.objects.get(level=2)
    assert main.geometry["type"] == "LineString"
