"""API: the area tree, point → grid, GeoJSON export; administrators load and change areas in
their scope and retire them.

Each operation keeps the id it had when this router lived in the areas app
(``civicgrid_areas_api_<name>``), so that clients generated from the OpenAPI document keep working.
"""

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.responses import Status
from pydantic import Field

from civicgrid.accounts import permissions
from civicgrid.accounts.scope import area_get, areas_visible_to
from civicgrid.areas import locator, services
from civicgrid.areas.choices import AreaLevel
from civicgrid.areas.codes import CodeError, level_of, parent_code_of
from civicgrid.areas.geojson import export_subtree
from civicgrid.areas.models import Area
from civicgrid.core.api.paging import PageParams, page
from civicgrid.core.api.schemas import PageOut
from civicgrid.core.errors import DomainError

from .errors import RegistryError

router = Router(tags=["areas"])


def _operation_id(name: str) -> str:
    return f"civicgrid_areas_api_{name}"


class AreaOut(Schema):
    id: int
    code: str
    name: str
    level: int
    parent_code: str | None
    active: bool
    centroid: list[float] | None
    bbox: list[float] | None

    @staticmethod
    def resolve_parent_code(obj):
        return obj.path.rstrip("/").split("/")[-2] if obj.parent_id else None

    @staticmethod
    def resolve_centroid(obj):
        return [obj.centroid_lon, obj.centroid_lat] if obj.centroid_lon is not None else None


class AreaDetailOut(AreaOut):
    boundary: dict | None


class AreaFilters(Schema):
    level: int | None = Field(None, ge=1, le=5, description="1 city … 5 grid")
    parent: str | None = Field(None, description="only direct children of this code")
    within: str | None = Field(None, description="anywhere under this code")
    q: str | None = Field(None, description="name prefix")
    active: bool | None = None


@router.get(
    "",
    response=PageOut[AreaOut],
    summary="Areas in scope",
    operation_id=_operation_id("area_list"),
)
def area_list(request, params: Query[PageParams], filters: Query[AreaFilters]):
    qs = areas_visible_to(request.auth).order_by("id")
    if filters.level:
        qs = qs.filter(level=filters.level)
    if filters.parent:
        qs = qs.filter(parent__code=filters.parent)
    if filters.within:
        area = area_get(user=request.auth, code=filters.within)
        qs = qs.filter(path__startswith=area.path) if area else qs.none()
    if filters.q:
        qs = qs.filter(name__startswith=filters.q)
    if filters.active is not None:
        qs = qs.filter(active=filters.active)
    return page(qs, params)


class LocateOut(Schema):
    lon: float
    lat: float
    crs: str
    grid: AreaOut | None


class LocateIn(Schema):
    lon: float = Field(..., ge=-180, le=180, description="longitude")
    lat: float = Field(..., ge=-90, le=90, description="latitude")
    crs: str = Field("wgs84", pattern="^(wgs84|gcj02)$", description="wgs84, or gcj02 (converted)")


@router.get(
    "/locate",
    response=LocateOut,
    summary="Which grid covers a point",
    operation_id=_operation_id("locate"),
)
def locate(request, point: Query[LocateIn]):
    lon, lat, crs = point.lon, point.lat, point.crs
    grid = locator.locate(lon, lat, gcj02=(crs == "gcj02"))
    if grid is not None and not areas_visible_to(request.auth).filter(pk=grid.pk).exists():
        grid = None  # a grid outside the caller's scope does not exist for them
    return {"lon": lon, "lat": lat, "crs": crs, "grid": grid}


@router.get(
    "/{code}",
    response=AreaDetailOut,
    summary="One area with its boundary",
    operation_id=_operation_id("area_detail"),
)
def area_detail(request, code: str):
    area = area_get(user=request.auth, code=code)
    if area is None:
        raise Http404
    return area


@router.get(
    "/{code}/geojson",
    summary="The area's subtree as a GeoJSON FeatureCollection",
    operation_id=_operation_id("area_geojson"),
)
def area_geojson(request, code: str):
    area = area_get(user=request.auth, code=code)
    if area is None:
        raise Http404
    return export_subtree(area)


# ---- writes (administrators with the area right, in their scope) ----


def _managed(user):
    if not permissions.can_manage_areas(user):
        raise Http404
    return areas_visible_to(user, permissions.MANAGE_AREAS)


class AreaIn(Schema):
    code: str = Field(..., min_length=2, max_length=40, examples=["310104001003"])
    name: str = Field(..., min_length=1, max_length=100, examples=["新村社区"])
    level: int | None = Field(None, ge=1, le=5, description="from the code when left out")
    parent_code: str | None = Field(None, max_length=40, description="from the code when left out")
    boundary: dict | None = Field(None, description="GeoJSON Polygon or MultiPolygon (WGS84)")
    active: bool = True


class AreasIn(Schema):
    areas: list[AreaIn] = Field(
        ...,
        min_length=1,
        max_length=5000,
        examples=[[{"code": "310104001003", "name": "新村社区"}]],
    )


class AreasOut(Schema):
    created: int
    updated: int
    unchanged: int


def _import(user, items: list[services.AreaInput]) -> dict:
    """All or nothing; every area must lie under the administrator's scope."""
    _managed(user)
    paths = permissions.scope_paths(user, permissions.MANAGE_AREAS)
    if paths is not None:
        roots = {p.rstrip("/").rsplit("/", 1)[-1] for p in paths}
        batch = {item.code: item for item in items}
        for item in items:
            if not _under(item.code, batch, roots):
                raise DomainError(
                    _("Area %(code)s is outside your scope.") % {"code": item.code},
                    code=RegistryError.OUT_OF_SCOPE,
                    field=f"areas.{item.row}.code",
                )
    try:
        return services.areas_import(items)
    except DomainError as exc:
        if exc.row is not None and exc.field:
            exc.field = f"areas.{exc.row}.{exc.field}"
        raise


def _under(code: str, batch: dict, roots: set[str]) -> bool:
    """Is the area ``code`` (its parents from the batch, then the tree) under one of ``roots``?"""
    seen = set()
    while code and code not in seen:
        if code in roots:
            return True
        seen.add(code)
        if code not in batch:
            area = Area.objects.filter(code=code).only("path").first()
            if area is None:  # a missing parent below district level: the import names it
                try:
                    return level_of(code) > AreaLevel.DISTRICT
                except CodeError:
                    return True  # a malformed code: the import names it too
            return bool(roots & set(area.path.strip("/").split("/")))
        code = batch[code].parent_code or parent_code_of(code) or ""
    return False


@router.post(
    "",
    response=AreasOut,
    summary="Create or update areas by code, all or nothing (parents may come in the same list)",
    operation_id=_operation_id("areas_load"),
)
def areas_load(request, payload: AreasIn):
    items = [services.AreaInput(row=i, **a.dict()) for i, a in enumerate(payload.areas)]
    return _import(request.auth, items)


class AreaPatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=100, examples=["新村社区"])
    boundary: dict | None = Field(None, description="GeoJSON Polygon or MultiPolygon (WGS84)")


@router.patch(
    "/{code}",
    response=AreaDetailOut,
    summary="Rename an area or redraw its boundary",
    operation_id=_operation_id("area_update"),
)
def area_update(request, code: str, payload: AreaPatch):
    area = _managed(request.auth).filter(code=code).first()
    if area is None:
        raise Http404
    given = payload.dict(exclude_unset=True)
    if "name" in given and not payload.name:
        raise DomainError(_("An area needs a name."), field="name")
    item = services.AreaInput(
        code=area.code,
        name=payload.name or area.name,
        level=area.level,
        parent_code=area.parent.code if area.parent_id else None,
        boundary=given.get("boundary", area.boundary),
        active=area.active,
    )
    try:
        services.areas_import([item])
    except DomainError as exc:
        exc.row = None
        raise
    return Area.objects.get(pk=area.pk)


@router.delete(
    "/{code}",
    response={204: None},
    summary="Retire an area and everything under it (codes are never given again)",
    operation_id=_operation_id("area_retire"),
)
def area_retire(request, code: str):
    area = _managed(request.auth).filter(code=code).first()
    if area is None:
        raise Http404
    services.area_retire(area=area)
    return Status(204, None)
