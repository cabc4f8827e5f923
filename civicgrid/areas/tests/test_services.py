import pytest

from civicgrid.areas import geojson, locator
from civicgrid.areas.models import Area
from civicgrid.areas.services import AreaInput, area_retire, areas_import
from civicgrid.areas.tests.factories import box
from civicgrid.core.errors import DomainError
from civicgrid.core.geo import wgs84_to_gcj02

pytestmark = pytest.mark.django_db


def test_tree_paths_centroids_and_boxes(tree):
    assert tree.grid1.path == "310100/310104/310104001/310104001001/310104001001001/"
    assert tree.grid1.bbox == [121.4, 31.1, 121.425, 31.15]
    assert tree.grid1.centroid_lon == pytest.approx(121.4125)
    assert list(Area.objects.subtree(tree.street).grids()) == [tree.grid1, tree.grid2]


def test_reimport_changes_nothing(tree):
    data = geojson.export_subtree(tree.city)
    counts = areas_import(geojson.read_features(data))
    assert counts == {"created": 0, "updated": 0, "unchanged": 9}


def test_grid_outside_its_community_is_refused_and_nothing_written(tree):
    with pytest.raises(DomainError, match=r"310104001001003.*310104001001"):
        areas_import(
            [
                AreaInput(
                    "310104001001003", "越界网格", boundary=box(121.44, 31.14, 121.46, 31.16)
                ),
            ]
        )
    assert not Area.objects.filter(code="310104001001003").exists()


def test_overlapping_siblings_are_named(tree):
    with pytest.raises(DomainError) as err:
        areas_import(
            [
                AreaInput(
                    "310104001001002", "东一网格2", boundary=box(121.42, 31.10, 121.45, 31.15)
                ),
            ]
        )
    assert "310104001001001" in err.value.message and "310104001001002" in err.value.message
    tree.grid2.refresh_from_db()
    assert tree.grid2.bbox[0] == 121.425


def test_touching_within_tolerance_is_allowed(tree):
    # 1e-5 degrees ≈ 1 m of overlap, under the 5 m default tolerance
    areas_import(
        [AreaInput("310104001001002", "东一网格2", boundary=box(121.42499, 31.10, 121.45, 31.15))]
    )


def test_invalid_polygon_is_explained(tree):
    bowtie = {
        "type": "Polygon",
        "coordinates": [
            [[121.41, 31.11], [121.42, 31.12], [121.42, 31.11], [121.41, 31.12], [121.41, 31.11]]
        ],
    }
    with pytest.raises(DomainError) as err:
        areas_import([AreaInput("310104001001003", "坏网格", boundary=bowtie)])
    assert (err.value.code, err.value.field) == ("bad_geometry", "boundary")
    assert "310104001001003" in err.value.message and "Self-intersection" in err.value.message


def test_missing_parent_is_named(db):
    with pytest.raises(DomainError, match="310104009"):
        areas_import([AreaInput("310104009001", "孤儿社区")])


def test_retired_code_stays_taken(tree):
    area_retire(area=tree.grid2)
    tree.grid2.refresh_from_db()
    assert tree.grid2.active is False
    assert locator.locate(121.43, 31.12) is None
    # importing the same code again updates the retired row; it never creates a second area
    areas_import([AreaInput("310104001001002", "新名字", active=False)])
    assert Area.objects.filter(code="310104001001002").count() == 1


def test_locate_points_edges_and_outside(tree):
    assert locator.locate(121.41, 31.12) == tree.grid1
    assert locator.locate(121.43, 31.12) == tree.grid2
    assert locator.locate(121.47, 31.12) == tree.other_grid
    assert locator.locate(121.41, 31.18) is None  # in the street, outside any grid
    assert locator.locate(121.425, 31.12) in (tree.grid1, tree.grid2)  # shared edge


def test_locate_converts_gcj02_when_told(tree):
    lon, lat = wgs84_to_gcj02(121.4249, 31.12)  # inside grid1 near the edge with grid2
    assert locator.locate(lon, lat, gcj02=True) == tree.grid1
    assert locator.locate(lon, lat) == tree.grid2  # read as WGS84 it falls ~500 m east


def test_locator_rebuilds_when_the_stamp_changes(tree):
    assert locator.locate(121.46, 31.17) is None
    areas_import([AreaInput("310104002001002", "西一网格2", parent_code="310104002001")])
    areas_import(
        [AreaInput("310104002002", "西二社区", boundary=box(121.45, 31.15, 121.50, 31.20))]
    )
    areas_import(
        [AreaInput("310104002002001", "西二网格1", boundary=box(121.45, 31.15, 121.50, 31.20))]
    )
    assert locator.locate(121.46, 31.17).code == "310104002002001"


def test_locate_many_matches_locate(tree):
    points = [(121.41, 31.12), (121.43, 31.12), (121.47, 31.12), (100.0, 20.0)]
    assert locator.locate_many(points) == [tree.grid1.pk, tree.grid2.pk, tree.other_grid.pk, None]
