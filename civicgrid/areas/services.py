"""Writes to the area tree. Every change to boundaries bumps the locator's version stamp."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from civicgrid.core.errors import DomainError

from . import geometry
from .basemap import AREAS, ROADS
from .choices import AreaLevel
from .codes import CodeError, level_of, parent_code_of, validate_code
from .errors import AreasError
from .locator import CACHE
from .models import Area, Road


def bump_locator_stamp() -> None:
    CACHE.changed()
    AREAS.forget()  # the base map's areas follow the same stamp


@dataclass
class AreaInput:
    code: str
    name: str
    level: int | None = None
    parent_code: str | None = None
    boundary: dict | None = None
    active: bool = True
    extra: dict = field(default_factory=dict)
    row: int | None = None  # where the caller had it (a file's row, a request's list index)


def _path(parent: Area | None, code: str) -> str:
    return f"{parent.path if parent else ''}{code}/"


def _validated(item: AreaInput, parent: Area | None, existing: Area | None):
    level = item.level or level_of(item.code)
    try:
        validate_code(
            item.code, level, parent.code if parent else None, parent.level if parent else None
        )
    except CodeError as exc:
        raise DomainError(str(exc), code=AreasError.BAD_CODE, field="code") from None
    if not item.name.strip():
        raise DomainError(
            _("Area %(code)s: a name is required.") % {"code": item.code}, field="name"
        )
    if existing and existing.level != level:
        raise DomainError(
            _("Area %(code)s: the level of an existing area cannot change.") % {"code": item.code},
            field="level",
        )
    geom = None
    if item.boundary:
        try:
            geom = geometry.parse_boundary(item.boundary, item.code)
        except geometry.GeometryError as exc:
            raise DomainError(str(exc), code=AreasError.BAD_GEOMETRY, field="boundary") from None
    return level, geom


@transaction.atomic
def areas_import(items: Iterable[AreaInput], *, check_geometry: bool = True) -> dict:
    """Create or update areas by code, all or nothing. Parents may come in the same batch.

    Returns counts ``{"created": n, "updated": n, "unchanged": n}``. Raises DomainError naming
    the code (and field) of the first problem; nothing is written then.
    """
    items = sorted(items, key=lambda i: (len(i.code), i.code))
    codes = [i.code for i in items]
    if len(set(codes)) != len(codes):
        dup = next(c for c in codes if codes.count(c) > 1)
        raise DomainError(_("Code %(code)s appears twice.") % {"code": dup}, field="code")
    known = {
        a.code: a
        for a in Area.objects.filter(code__in=codes + [parent_code_of(c) or "" for c in codes])
    }
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    touched: list[tuple[Area, object]] = []
    for item in items:
        try:
            try:
                area, geom = _import_one(item, known, counts)
            except CodeError as exc:
                raise DomainError(str(exc), code=AreasError.BAD_CODE, field="code") from None
        except DomainError as exc:
            exc.row = item.row
            raise
        touched.append((area, geom))
    if check_geometry:
        _check_tree_geometry(touched)
    bump_locator_stamp()
    return counts


def _import_one(item: AreaInput, known: dict, counts: dict):
    """Create or update one area (its parent is in ``known`` or the database)."""
    parent_code = item.parent_code or parent_code_of(item.code)
    parent = known.get(parent_code) if parent_code else None
    if parent_code and parent is None:
        parent = Area.objects.filter(code=parent_code).first()
        level = item.level or level_of(item.code)
        if parent is None and level > AreaLevel.DISTRICT:
            raise DomainError(
                _("Area %(code)s: its parent %(parent)s does not exist.")
                % {"code": item.code, "parent": parent_code},
                field="parent_code",
            )
    existing = known.get(item.code)
    level, geom = _validated(item, parent, existing)
    values = {
        "level": level,
        "name": item.name.strip(),
        "parent": parent,
        "path": _path(parent, item.code),
        "active": item.active,
        "boundary": geometry.to_geojson(geom) if geom is not None else None,
        **(
            geometry.summary(geom)
            if geom is not None
            else {"centroid_lon": None, "centroid_lat": None, "bbox": None}
        ),
    }
    if existing is None:
        area = Area(code=item.code, **values)
        area.full_clean(validate_unique=False)
        area.save()
        counts["created"] += 1
    else:
        area = existing
        changed = [k for k, v in values.items() if getattr(area, k) != v]
        if changed:
            for k in changed:
                setattr(area, k, values[k])
            area.save()
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
    known[item.code] = area
    return area, geom


def _check_tree_geometry(touched: list[tuple[Area, object]]) -> None:
    """Grids inside their community; siblings not overlapping (errors name the codes)."""
    cache: dict[int, object] = {a.pk: g for a, g in touched if g is not None}

    def geom_of(area: Area):
        if area.pk not in cache and area.boundary:
            cache[area.pk] = geometry.parse_boundary(area.boundary, area.code)
        return cache.get(area.pk)

    parents_done: set[int] = set()
    for area, geom in touched:
        parent = area.parent
        if geom is None or parent is None:
            continue
        parent_geom = geom_of(parent)
        try:
            if parent_geom is not None:
                geometry.check_inside(geom, parent_geom, area.code, parent.code)
            if parent.pk in parents_done:
                continue
            parents_done.add(parent.pk)
            siblings = {
                s.code: geom_of(s)
                for s in Area.objects.filter(parent_id=area.parent_id, active=True)
                if s.boundary
            }
            for code, sgeom in siblings.items():
                geometry.check_no_overlap(
                    sgeom, code, {k: v for k, v in siblings.items() if k > code}
                )
        except geometry.GeometryError as exc:
            raise DomainError(str(exc), code=AreasError.BAD_GEOMETRY, field="boundary") from None


@transaction.atomic
def area_retire(*, area: Area) -> Area:
    """Retire an area and its subtree. Codes stay taken for ever."""
    Area.objects.filter(path__startswith=area.path).update(active=False)
    bump_locator_stamp()
    area.refresh_from_db()
    return area


@dataclass
class RoadInput:
    name: str
    area_code: str  # the district or street whose road it is
    geometry: dict
    active: bool = True


@transaction.atomic
def roads_import(items: Iterable[RoadInput]) -> dict:
    """Create or update roads by (area, name), all or nothing; errors name the road.

    Returns counts ``{"created": n, "updated": n, "unchanged": n}``."""
    items = list(items)
    areas = {a.code: a for a in Area.objects.filter(code__in={i.area_code for i in items})}
    existing = {(r.area_id, r.name): r for r in Road.objects.filter(area__in=list(areas.values()))}
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    seen: set[tuple[int, str]] = set()
    for item in items:
        name = item.name.strip()
        if not name:
            raise DomainError(_("A road needs a name."), field="name")
        area = areas.get(item.area_code)
        if area is None or area.level not in (AreaLevel.DISTRICT, AreaLevel.STREET):
            raise DomainError(
                _("Road %(name)s: %(code)s is not a district or street.")
                % {"name": name, "code": item.area_code},
                field="area",
            )
        if (area.pk, name) in seen:
            raise DomainError(
                _("Road %(name)s appears twice in %(area)s.") % {"name": name, "area": area.name},
                field="name",
            )
        seen.add((area.pk, name))
        try:
            geom = geometry.parse_line(item.geometry, name)
        except geometry.GeometryError as exc:
            raise DomainError(str(exc), code=AreasError.BAD_GEOMETRY, field="geometry") from None
        values = {
            "geometry": geometry.to_geojson(geom),
            "bbox": [round(v, 7) for v in geom.bounds],
            "active": item.active,
        }
        road = existing.get((area.pk, name))
        if road is None:
            Road.objects.create(name=name, area=area, **values)
            counts["created"] += 1
        elif any(getattr(road, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(road, k, v)
            road.save()
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
    ROADS.changed()
    return counts
