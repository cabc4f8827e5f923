"""The area tree with a map; GeoJSON for the map and for export."""

import json

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render

from civicgrid.accounts import permissions
from civicgrid.registry.models import Building, Household, Person

from . import selectors
from .geojson import collection, export_subtree, feature


def _area_or_404(request, code):
    area = selectors.area_get(user=request.user, code=code)
    if area is None:
        raise Http404
    return area


@login_required
def tree(request):
    return render(request, "areas/tree.html", {"roots": selectors.area_roots(user=request.user)})


@login_required
def detail(request, code):
    area = _area_or_404(request, code)
    user = request.user
    counts, staff = None, []
    if permissions.can_view_register(user, area):
        from civicgrid.registry.selectors import staff_post_list

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
            "children": selectors.area_children(user=user, area=area),
            "counts": counts,
            "staff": staff,
        },
    )


@login_required
def map_geojson(request, code):
    """The area and its children as GeoJSON (for the page's map)."""
    area = _area_or_404(request, code)
    areas = [area, *selectors.area_children(user=request.user, area=area).select_related("parent")]
    features = [feature(a, self=a.pk == area.pk) for a in areas if a.boundary]
    return JsonResponse(collection(features))


@login_required
def export(request, code):
    area = _area_or_404(request, code)
    data = json.dumps(export_subtree(area), ensure_ascii=False)
    response = HttpResponse(data, content_type="application/geo+json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{area.code}.geojson"'
    return response
