from django.urls import path

from . import application_views, hall_views, portal_views, views

app_name = "onestop"
urlpatterns = [
    path("", views.guide, name="guide"),
    path("items/<str:code>/", views.item, name="item"),
    path("items/<str:code>/apply", portal_views.apply, name="apply"),
    path("mine/", portal_views.mine, name="mine"),
    path("follow/", portal_views.follow, name="follow"),
    path("follow/<str:number>/", portal_views.followed, name="followed"),
    path("applications/", application_views.application_list, name="applications"),
    path("applications/<str:number>/", application_views.application, name="application"),
    path(
        "applications/<str:number>/receipt",
        application_views.printed,
        {"what": "receipt"},
        name="receipt",
    ),
    path(
        "applications/<str:number>/notice",
        application_views.printed,
        {"what": "notice"},
        name="notice",
    ),
    path("centres/", hall_views.centre_list, name="centres"),
    path("centres/<str:code>/", hall_views.desk, name="desk"),
    path("centres/<str:code>/take", hall_views.kiosk, name="kiosk"),
    path("centres/<str:code>/apply", application_views.intake, name="intake"),
    path("centres/<str:code>/screen", hall_views.screen, name="screen"),
]
