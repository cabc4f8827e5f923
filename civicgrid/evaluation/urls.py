from django.urls import path

from . import views

app_name = "evaluation"
urlpatterns = [
    path("", views.figures, name="figures"),
    path("cases/", views.cases, name="cases"),
    path("indicators/", views.library, name="library"),
    path("rankings/", views.rankings, name="rankings"),
]
