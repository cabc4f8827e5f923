from django.urls import path

from . import portal_views

app_name = "portal"
urlpatterns = [
    path("", portal_views.portal, name="report"),
    path("map.geojson", portal_views.portal_map, name="map"),
    path("follow/", portal_views.follow, name="follow"),
    path("nearby", portal_views.nearby, name="nearby"),
    path("cases/<str:number>/", portal_views.case_public, name="case"),
    path("cases/<str:number>/rate", portal_views.rate, name="rate"),
]
