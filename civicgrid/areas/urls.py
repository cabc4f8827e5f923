from django.urls import path

from . import views

app_name = "areas"
urlpatterns = [
    path("", views.tree, name="tree"),
    path("<str:code>/", views.detail, name="detail"),
    path("<str:code>/map.geojson", views.map_geojson, name="map"),
    path("<str:code>/export.geojson", views.export, name="export"),
]
