from django.urls import path

from . import views

app_name = "duties"
urlpatterns = [
    path("", views.lists, name="lists"),
    path("<slug:kind>/<slug:list_type>/", views.history, name="history"),
    path("<slug:kind>/<slug:list_type>/export.xlsx", views.export, name="export"),
    path("<slug:kind>/<slug:list_type>/import/", views.import_version, name="import"),
]
