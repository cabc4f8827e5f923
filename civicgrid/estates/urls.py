from django.urls import path

from . import views

app_name = "estates"
urlpatterns = [
    path("", views.estate_list, name="list"),
    path("blacklist/", views.blacklist, name="blacklist"),
    path("<int:pk>/", views.estate, name="estate"),
]
