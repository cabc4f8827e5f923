from django.urls import path

from . import views

app_name = "commercial"
urlpatterns = [
    path("", views.profile_list, name="list"),
    path("<int:pk>/", views.profile, name="profile"),
]
