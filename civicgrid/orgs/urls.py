from django.urls import path

from . import views

app_name = "orgs"
urlpatterns = [
    path("", views.organisation_list, name="organisations"),
    path("<int:pk>/", views.organisation_detail, name="organisation"),
    path("tenders/", views.tender_list, name="tenders"),
    path("tenders/<int:pk>/", views.tender_detail, name="tender"),
    path("subsidies/", views.subsidy_list, name="subsidies"),
    path("public/", views.public, name="public"),
]
