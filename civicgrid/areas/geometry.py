"""Boundary geometry: parsing, validity, containment and overlap checks (shapely 2)."""

from __future__ import annotations

import json

from django.conf import settings
from django.utils.translation import gettext as _
from shapely import make_valid
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry
from shapely.validation import explain_validity

from civicgrid.core.geo import metres_to_degrees


class GeometryError(ValueError):
    pass


def parse_boundary(data: dict, code: str) -> BaseGeometry:
    """GeoJSON geometry (or Feature) → a valid Polygon/MultiPolygon, else GeometryError."""
    if data.get("type") == "Feature":
        data = data.get("geometry") or {}
    if data.get("type") not in {"Polygon", "MultiPolygon"}:
        raise GeometryError(
            _("Area %(code)s: the boundary must be a Polygon or MultiPolygon.") % {"code": code}
        )
    try:
        geom = shape(data)
    except (ValueError, TypeError, IndexError, AttributeError) as exc:
        raise GeometryError(
            _("Area %(code)s: the boundary cannot be read (%(why)s).") % {"code": code, "why": exc}
        ) from None
    if geom.is_empty:
        raise GeometryError(_("Area %(code)s: the boundary is empty.") % {"code": code})
    minx, miny, maxx, maxy = geom.bounds
    if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        raise GeometryError(
            _("Area %(code)s: coordinates must be WGS84 longitude, latitude.") % {"code": code}
        )
    if not geom.is_valid:
        raise GeometryError(
            _("Area %(code)s: the boundary is not a valid polygon (%(why)s).")
            % {"code": code, "why": explain_validity(geom)}
        )
    return geom


def tolerance_degrees(lat: float = 31.2) -> float:
    return metres_to_degrees(settings.CIVICGRID_BOUNDARY_TOLERANCE_M, lat)


def check_inside(child: BaseGeometry, parent: BaseGeometry, child_code: str, parent_code: str):
    tol = tolerance_degrees(child.centroid.y)
    if not parent.buffer(tol).covers(child):
        raise GeometryError(
            _("Area %(child)s lies outside its parent %(parent)s beyond the tolerance.")
            % {"child": child_code, "parent": parent_code}
        )


def check_no_overlap(geom: BaseGeometry, code: str, siblings: dict[str, BaseGeometry]):
    """Siblings may touch and overlap by at most the tolerance; errors name both codes."""
    tol = tolerance_degrees(geom.centroid.y)
    shrunk = geom.buffer(-tol)
    for other_code, other in siblings.items():
        if other_code == code or not shrunk.intersects(other):
            continue
        overlap = make_valid(shrunk.intersection(other))
        if not overlap.is_empty and overlap.area > 0:
            raise GeometryError(
                _("Areas %(a)s and %(b)s overlap beyond the tolerance.")
                % {"a": code, "b": other_code}
            )


def summary(geom: BaseGeometry) -> dict:
    """Centroid and bounding box as stored on the Area row."""
    c = geom.representative_point() if not geom.centroid.within(geom) else geom.centroid
    return {
        "centroid_lon": round(c.x, 7),
        "centroid_lat": round(c.y, 7),
        "bbox": [round(v, 7) for v in geom.bounds],
    }


def to_geojson(geom: BaseGeometry) -> dict:
    """Plain JSON types (lists, not tuples), so a stored boundary compares equal to a new one."""
    return json.loads(json.dumps(mapping(geom)))


def parse_line(data: dict, name: str) -> BaseGeometry:
    """GeoJSON geometry (or Feature) → a LineString/MultiLineString in WGS84, else GeometryError."""
    if data.get("type") == "Feature":
        data = data.get("geometry") or {}
    if data.get("type") not in {"LineString", "MultiLineString"}:
        raise GeometryError(
            _("Road %(name)s: the line must be a LineString or MultiLineString.") % {"name": name}
        )
    try:
        geom = shape(data)
    except (ValueError, TypeError, IndexError, AttributeError) as exc:
        raise GeometryError(
            _("Road %(name)s: the line cannot be read (%(why)s).") % {"name": name, "why": exc}
        ) from None
    if geom.is_empty or geom.length == 0:
        raise GeometryError(_("Road %(name)s: the line is empty.") % {"name": name})
    minx, miny, maxx, maxy = geom.bounds
    if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        raise GeometryError(
            _("Road %(name)s: coordinates must be WGS84 longitude, latitude.") % {"name": name}
        )
    return geom
