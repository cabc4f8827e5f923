"""API: the area tree, point → grid, GeoJSON export."""

from django.http import Http404
from ninja import Query, Router, Schema
from pydantic import Field

from civicgrid.api.paging import PageParams, page
from civicgrid.api.schemas import PageOut

from . import locator, selectors
from .geojson import export_subtree
from .models import Area

router = Router(tags=["areas"])


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


@router.get("", response=PageOut[AreaOut], summary="Areas in scope")
def area_list(request, params: Query[PageParams], filters: Query[AreaFilters]):
    qs = Area.objects.visible_to(request.auth).order_by("id")
    if filters.level:
        qs = qs.filter(level=filters.level)
    if filters.parent:
        qs = qs.filter(parent__code=filters.parent)
    if filters.within:
        area = selectors.area_get(user=request.auth, code=filters.within)
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


@router.get("/locate", response=LocateOut, summary="Which grid covers a point")
def locate(request, point: Query[LocateIn]):
    lon, lat, crs = point.lon, point.lat, point.crs
    grid = locator.locate(lon, lat, gcj02=(crs == "gcj02"))
    if grid is not None and not Area.objects.visible_to(request.auth).filter(pk=grid.pk).exists():
        grid = None  # a grid outside the caller's scope does not exist for them
    return {"lon": lon, "lat": lat, "crs": crs, "grid": grid}


@router.get("/{code}", response=AreaDetailOut, summary="One area with its boundary")
def area_detail(request, code: str):
    area = selectors.area_get(user=request.auth, code=code)
    if area is None:
        raise Http404
    return area


@router.get("/{code}/geojson", summary="The area's subtree as a GeoJSON FeatureCollection")
def area_geojson(request, code: str):
    area = selectors.area_get(user=request.auth, code=code)
    if area is None:
        raise Http404
    return export_subtree(area)
