"""The district's own base map: its areas (streets, communities, grids) and roads as GeoJSON
features clipped to a box, from per-process copies that follow the areas' and the roads' version
stamps (decision 0004). Public data only: names, codes and lines; nothing about people.

Every map of the product draws these layers (``civicgrid/basemap.js``), so a district sees a
place even with no tile server and no internet. The register's building footprints are added
one floor up, where the register is (``registry.area_views.basemap``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

import shapely
from shapely import STRtree
from shapely.geometry import box, mapping
from shapely.geometry.base import BaseGeometry

from civicgrid.core.geo import metres_to_degrees
from civicgrid.core.models import Stamp
from civicgrid.core.stamped import StampedCache

from .choices import AreaLevel
from .geometry import parse_boundary, parse_line
from .locator import LOCATOR_STAMP
from .models import Area, Road

ROADS_STAMP = "areas.roads"
# the levels drawn: streets and communities outline and name the grids they hold
LEVELS = (AreaLevel.STREET, AreaLevel.COMMUNITY, AreaLevel.GRID)


@dataclass
class _Layer:
    tree: STRtree | None
    geoms: list[BaseGeometry]
    props: list[dict]


def _layer(geoms: list[BaseGeometry], props: list[dict]) -> _Layer:
    return _Layer(STRtree(geoms) if geoms else None, geoms, props)


def _build_areas() -> _Layer:
    rows = Area.objects.filter(level__in=LEVELS, active=True, boundary__isnull=False)
    geoms, props = [], []
    for code, name, level, boundary in rows.values_list("code", "name", "level", "boundary"):
        geoms.append(parse_boundary(cast(dict, boundary), code))
        props.append({"code": code, "name": name, "level": level})
    return _layer(geoms, props)


def _build_roads() -> _Layer:
    rows = Road.objects.filter(active=True, area__active=True)
    geoms, props = [], []
    for name, geometry, level in rows.values_list("name", "geometry", "area__level"):
        geoms.append(parse_line(cast(dict, geometry), name))
        # a district's roads are its main roads (drawn wider)
        props.append({"name": name, "main": level <= AreaLevel.DISTRICT})
    return _layer(geoms, props)


AREAS = StampedCache(LOCATOR_STAMP, _build_areas)
ROADS = StampedCache(ROADS_STAMP, _build_roads)


def _rounded(geometry: dict, digits: int = 6) -> dict:
    """GeoJSON coordinates rounded (6 decimals ≈ 0.1 m): a smaller answer, the same map."""

    def walk(value):
        if isinstance(value, float):
            return round(value, digits)
        if isinstance(value, list | tuple):
            return [walk(v) for v in value]
        return value

    return {"type": geometry["type"], "coordinates": walk(geometry["coordinates"])}


def _clipped(layer: _Layer, bbox: tuple[float, float, float, float], cap: int):
    """The layer's features that meet ``bbox``, clipped to it and simplified below a pixel of a
    1,000-pixel map of the box; at most ``cap`` (and whether more were left out)."""
    if layer.tree is None:
        return [], False
    area = box(*bbox)
    hits = sorted(layer.tree.query(area, predicate="intersects").tolist())
    tolerance = (bbox[2] - bbox[0]) / 4000
    out = []
    for i in hits[:cap]:
        geom = shapely.clip_by_rect(layer.geoms[i], *bbox)
        if geom.is_empty:
            continue
        geom = geom.simplify(tolerance, preserve_topology=True) if tolerance > 0 else geom
        out.append(
            {"type": "Feature", "geometry": _rounded(mapping(geom)), "properties": layer.props[i]}
        )
    return out, len(hits) > cap


def areas_in(bbox: tuple[float, float, float, float], cap: int) -> tuple[list[dict], bool]:
    """Streets, communities and grids meeting ``bbox`` (with code, name, level), clipped."""
    return _clipped(AREAS.get(), bbox, cap)


def roads_in(bbox: tuple[float, float, float, float], cap: int) -> tuple[list[dict], bool]:
    """The roads meeting ``bbox`` (with their names), clipped."""
    return _clipped(ROADS.get(), bbox, cap)


def extent() -> list[float] | None:
    """The bounding box of every drawn area: where a map with nothing else to show opens."""
    layer = AREAS.get()
    if not layer.geoms:
        return None
    bounds = shapely.total_bounds(layer.geoms)
    return [round(float(v), 6) for v in bounds]


def versions() -> tuple[int, int]:
    """The stamps the layers follow: a client's cached answer is still good while they hold."""
    return Stamp.read(LOCATOR_STAMP), Stamp.read(ROADS_STAMP)


def square_around(lon: float, lat: float, metres: float = 12.0) -> dict:
    """A small square around a point: the footprint of a building whose outline is not known."""
    half = metres_to_degrees(metres / 2, lat)
    half_lat = metres / 2 / 111_320.0
    ring = [
        [lon - half, lat - half_lat],
        [lon + half, lat - half_lat],
        [lon + half, lat + half_lat],
        [lon - half, lat + half_lat],
        [lon - half, lat - half_lat],
    ]
    return _rounded({"type": "Polygon", "coordinates": [ring]})


def forget() -> None:
    AREAS.forget()
    ROADS.forget()
