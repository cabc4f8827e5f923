"""The area pages, under /areas/ with the namespace "areas" (the register's pages of the
territory)."""

from django.urls import path

from . import area_views

app_name = "areas"
urlpatterns = [
    path("", area_views.tree, name="tree"),
    path("basemap.json", area_views.basemap_layers, name="basemap"),
    path("extent.json", area_views.basemap_extent, name="extent"),
    path("locate.json", area_views.locate_public, name="locate"),
    path("<str:code>/", area_views.detail, name="detail"),
    path("<str:code>/map.geojson", area_views.map_geojson, name="map"),
    path("<str:code>/export.geojson", area_views.export, name="export"),
]
