from django.urls import path

from . import member_views, project_views, views

app_name = "party"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation"),
    path("units/", views.stationed_list, name="units"),
    path("units/<int:pk>/", views.stationed_detail, name="unit"),
    path("agreements/<int:pk>/", views.agreement_detail, name="agreement"),
    path("lists/", views.lists, name="lists"),
    path("needs/<int:pk>/", views.need_detail, name="need"),
    path("projects/<int:pk>/", project_views.project_detail, name="project"),
    path("organisations/<int:pk>/members/", member_views.roster, name="roster"),
]
