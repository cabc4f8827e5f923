from django.urls import path

from . import import_views, views

app_name = "registry"
urlpatterns = [
    path("persons/", views.person_list, name="persons"),
    path("persons/<int:pk>/", views.person_detail, name="person"),
    path("persons/<int:pk>/reveal", views.person_reveal, name="person_reveal"),
    path("households/", views.household_list, name="households"),
    path("lookup/", views.lookup, name="lookup"),
    path("households/<int:pk>/", views.household_detail, name="household"),
    path("households/<int:pk>/visits", views.visit_create, name="visit_create"),
    path("buildings/", views.building_list, name="buildings"),
    path("buildings/<int:pk>/", views.building_detail, name="building"),
    path("units/", views.unit_list, name="units"),
    path("export/<str:kind>", views.export, name="export"),
    path("import/", import_views.import_start, name="import"),
    path("import/<str:token>/confirm", import_views.import_confirm, name="import_confirm"),
    path("import/<str:token>/errors.xlsx", import_views.import_errors, name="import_errors"),
    path("import/template/<str:kind>.xlsx", import_views.import_template, name="import_template"),
]
