from django.urls import path

from . import views

app_name = "onestop"
urlpatterns = [
    path("", views.guide, name="guide"),
    path("items/<str:code>/", views.item, name="item"),
]
