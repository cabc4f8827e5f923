"""URL map: pages, the REST API, the admin, health."""

from django.contrib import admin
from django.urls import include, path

from civicgrid.core.views import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]
