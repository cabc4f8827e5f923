from django.urls import path

from . import round_views, views

app_name = "evaluation"
urlpatterns = [
    path("", views.figures, name="figures"),
    path("cases/", views.cases, name="cases"),
    path("indicators/", views.library, name="library"),
    path("rankings/", views.rankings, name="rankings"),
    path("rounds/", round_views.round_list, name="rounds"),
    path("rounds/<int:pk>/", round_views.round_results, name="round_results"),
    path("rounds/<int:pk>/rate/", round_views.round_rate, name="round_rate"),
    path("rounds/<int:pk>/sheets", round_views.round_sheet, name="round_sheet"),
]
