"""The area tree with a map, and each area's register counts; GeoJSON for the map and for
export. The pages of the territory are the register's: an area's page counts what it holds."""

import hashlib
import json
import math
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Max
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import condition, require_GET

from civicgrid.accounts import permissions
from civicgrid.accounts.scope import area_children, area_get, area_roots
from civicgrid.areas import basemap, locator
from civicgrid.areas.geojson import collection, export_subtree, feature
from civicgrid.areas.models import Area
from civicgrid.core.errors import DomainError

from .models import Building, Household, Person, StaffPost
from .selectors import staff_post_list


def _area_or_404(request, code):
    area = area_get(user=request.user, code=code)
    if area is None:
        raise Http404
    return area


@login_required
def tree(request):
    return render(request, "areas/tree.html", {"roots": area_roots(user=request.user)})


@login_required
def detail(request, code):
    area = _area_or_404(request, code)
    user = request.user
    counts: dict | None = None
    staff: Iterable[StaffPost] = []
    if permissions.can_view_register(user, area):
        staff = staff_post_list(user=user, area=area)
        counts = {
            "buildings": Building.objects.visible_to(user)
            .filter(grid__path__startswith=area.path)
            .count(),
            "households": Household.objects.visible_to(user)
            .filter(grid__path__startswith=area.path)
            .count(),
            "persons": Person.objects.visible_to(user)
            .filter(grid__path__startswith=area.path, active=True)
            .count(),
        }
    return render(
        request,
        "areas/detail.html",
        {
            "area": area,
            "ancestors": area.ancestors(),
            "children": area_children(user=user, area=area),
            "counts": counts,
            "staff": staff,
        },
    )


@login_required
def map_geojson(request, code):
    """The area and its children as GeoJSON (for the page's map)."""
    area = _area_or_404(request, code)
    areas = [area, *area_children(user=request.user, area=area).select_related("parent")]
    features = [feature(a, self=a.pk == area.pk) for a in areas if a.boundary]
    return JsonResponse(collection(features))


@login_required
def export(request, code):
    area = _area_or_404(request, code)
    data = json.dumps(export_subtree(area), ensure_ascii=False)
    response = HttpResponse(data, content_type="application/geo+json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{area.code}.geojson"'
    return response


# ---- the base map (public: the district's areas, roads and building outlines) ----------------


def _bbox(request) -> tuple[float, float, float, float]:
    """``bbox=minlon,minlat,maxlon,maxlat`` (WGS84), else a DomainError naming ``bbox``."""
    raw = request.GET.get("bbox", "")
    try:
        values = [float(v) for v in raw.split(",")]
    except ValueError:
        values = []
    if len(values) != 4 or not all(math.isfinite(v) for v in values):
        raise DomainError(
            _("bbox must be four numbers: west,south,east,north (WGS84 degrees)."), field="bbox"
        )
    w, s, e, n = values
    if not (-180 <= w < e <= 180 and -90 <= s < n <= 90):
        raise DomainError(
            _("bbox must run west to east and south to north within WGS84 degrees."),
            field="bbox",
        )
    return w, s, e, n


def _buildings(bbox):
    """The active buildings whose point lies in ``bbox`` (widened by ~100 m so that outlines
    crossing its edge are drawn)."""
    w, s, e, n = bbox
    pad = 0.001
    return Building.objects.filter(
        active=True, lon__gte=w - pad, lon__lte=e + pad, lat__gte=s - pad, lat__lte=n + pad
    )


def _shows_buildings(bbox) -> bool:
    w, s, e, n = bbox
    span = settings.CIVICGRID_BASEMAP_BUILDINGS_SPAN
    return (e - w) <= span and (n - s) <= span


def _tiles() -> dict | None:
    """The raster tile service under the base map, if one is configured (docs/maps.md)."""
    if not settings.CIVICGRID_TILE_URL:
        return None
    return {
        "url": settings.CIVICGRID_TILE_URL,
        "labels": settings.CIVICGRID_TILE_LABELS_URL,
        "subdomains": settings.CIVICGRID_TILE_SUBDOMAINS,
        "attribution": settings.CIVICGRID_TILE_ATTRIBUTION,
        "crs": settings.CIVICGRID_TILE_CRS,
        "maxZoom": settings.CIVICGRID_TILE_MAX_ZOOM,
    }


def _basemap_etag(request) -> str | None:
    try:
        bbox = _bbox(request)
    except DomainError:
        return None
    stamp: list = list(basemap.versions())
    if _shows_buildings(bbox):
        seen = _buildings(bbox).aggregate(n=Count("id"), last=Max("updated_at"), top=Max("id"))
        stamp += [seen["n"], str(seen["last"]), seen["top"]]
    key = json.dumps([stamp, bbox, settings.CIVICGRID_BASEMAP_MAX_FEATURES, _tiles()])
    return hashlib.sha256(key.encode()).hexdigest()[:32]


@require_GET
@cache_control(public=True, max_age=300)
@condition(etag_func=_basemap_etag)
def basemap_layers(request):
    """The base map's layers in a box: streets, communities and grids with their names, roads
    with theirs, and building outlines (when the box is small enough to show them). Each layer
    holds at most ``CIVICGRID_BASEMAP_MAX_FEATURES`` features; ``truncated`` says which were
    cut. Public, as boundaries and roads are: no one's personal data is in it."""
    try:
        bbox = _bbox(request)
    except DomainError as exc:
        return JsonResponse(exc.as_dict(), status=400)
    cap = settings.CIVICGRID_BASEMAP_MAX_FEATURES
    areas, areas_cut = basemap.areas_in(bbox, cap)
    roads, roads_cut = basemap.roads_in(bbox, cap)
    buildings: list[dict] = []
    buildings_cut = False
    if _shows_buildings(bbox):
        rows = list(
            _buildings(bbox)
            .order_by("id")
            .values_list("code", "name", "address", "footprint", "lon", "lat")[: cap + 1]
        )
        buildings_cut = len(rows) > cap
        for code, name, address, footprint, lon, lat in rows[:cap]:
            if footprint is None and (lon is None or lat is None):
                continue
            outline = footprint or basemap.square_around(lon, lat)
            props = {"code": code, "name": name, "address": address, "drawn": bool(footprint)}
            buildings.append({"type": "Feature", "geometry": outline, "properties": props})
    else:
        buildings_cut = True
    return JsonResponse(
        {
            "bbox": list(bbox),
            "areas": collection(areas),
            "roads": collection(roads),
            "buildings": collection(buildings),
            "truncated": {"areas": areas_cut, "roads": roads_cut, "buildings": buildings_cut},
            "tiles": _tiles(),
        },
        json_dumps_params={"ensure_ascii": False},
    )


@require_GET
@cache_control(public=True, max_age=300)
def basemap_extent(request):
    """Where the district lies (the box of its areas), for a map with nothing else to show."""
    return JsonResponse({"bbox": basemap.extent()})


@require_GET
def locate_public(request):
    """Which grid covers a point, for every map picker (the portal's too): the grid, its
    community and street, by code and name. ``crs=gcj02`` for a point from a Chinese map app.
    Public, as the grids' boundaries are."""
    try:
        lon, lat = float(request.GET.get("lon", "")), float(request.GET.get("lat", ""))
    except ValueError:
        lon = lat = math.nan
    if not (math.isfinite(lon) and math.isfinite(lat) and -180 <= lon <= 180 and -90 <= lat <= 90):
        error = DomainError(_("Give lon and lat as WGS84 degrees."), field="lon")
        return JsonResponse(error.as_dict(), status=400)
    crs = request.GET.get("crs", "wgs84")
    if crs not in ("wgs84", "gcj02"):
        error = DomainError(_("crs must be wgs84 or gcj02."), field="crs")
        return JsonResponse(error.as_dict(), status=400)
    grid_id = locator.locate_many([(lon, lat)], gcj02=crs == "gcj02")[0]
    found = None
    if grid_id is not None:
        grid = locator.grid(grid_id)
        above = {
            a.level: {"code": a.code, "name": a.name}
            for a in Area.objects.filter(code__in=grid.depth_codes[:-1]).only(
                "code", "name", "level"
            )
        }
        found = {
            "code": grid.code,
            "name": grid.name,
            "community": above.get(4),
            "street": above.get(3),
        }
    return JsonResponse({"lon": lon, "lat": lat, "crs": crs, "grid": found})
