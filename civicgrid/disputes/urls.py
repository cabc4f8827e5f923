from django.urls import path

from . import counsel_views, views

app_name = "disputes"
urlpatterns = [
    path("", views.dispute_list, name="list"),
    path("<int:case_id>/", views.dispute_page, name="detail"),
    path("advisers/", counsel_views.advisers, name="advisers"),
]
