from django.urls import path

from . import hall_views, views

app_name = "onestop"
urlpatterns = [
    path("", views.guide, name="guide"),
    path("items/<str:code>/", views.item, name="item"),
    path("centres/", hall_views.centre_list, name="centres"),
    path("centres/<str:code>/", hall_views.desk, name="desk"),
    path("centres/<str:code>/take", hall_views.kiosk, name="kiosk"),
    path("centres/<str:code>/screen", hall_views.screen, name="screen"),
]
