from django.urls import path

from civicgrid.registry.addresses.views import portal_suggest

from . import portal_details, portal_resident, portal_views

app_name = "portal"
urlpatterns = [
    path("", portal_views.portal, name="report"),
    path("map.geojson", portal_views.portal_map, name="map"),
    path("follow/", portal_views.follow, name="follow"),
    path("nearby", portal_views.nearby, name="nearby"),
    path("classes", portal_resident.classes, name="classes"),
    path("addresses", portal_suggest, name="addresses"),
    path("me/", portal_resident.area, name="area"),
    path("me/details/", portal_details.details, name="details"),
    path("mine/", portal_resident.mine, name="mine"),
    path("mine/<str:number>/", portal_resident.mine_case, name="mine_case"),
    path("mine/<str:number>/photos/<int:attachment_id>", portal_resident.photo, name="photo"),
    path("cases/<str:number>/", portal_views.case_public, name="case"),
    path("cases/<str:number>/rate", portal_views.rate, name="rate"),
]
