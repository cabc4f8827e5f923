"""The product's URL map with the floors in front of it (``/floor/…``): a product URL resolves
to the same view, one failed prefix match later."""

from django.urls import path

from config.urls import urlpatterns as product

from .views import floor_api, requests_floor

urlpatterns = [
    path("floor/requests.json", requests_floor, name="floor_requests"),
    path("floor/", floor_api.urls),
    *product,
]
