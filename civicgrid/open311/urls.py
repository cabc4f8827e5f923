from django.urls import path, re_path

from . import views

app_name = "open311"
FMT = r"(?P<fmt>xml|json)"
urlpatterns = [
    path("", views.not_found, name="root"),
    re_path(rf"^discovery\.{FMT}$", views.discovery, name="discovery"),
    re_path(rf"^services\.{FMT}$", views.services, name="services"),
    re_path(rf"^services/(?P<code>[^/]+)\.{FMT}$", views.service_definition, name="service"),
    re_path(rf"^requests\.{FMT}$", views.requests, name="requests"),
    re_path(rf"^requests/(?P<number>[^/]+)\.{FMT}$", views.request_one, name="request"),
    re_path(rf"^servicerequestupdates\.{FMT}$", views.request_updates, name="updates"),
    re_path(rf"^tokens/(?P<token>[^/]+)\.{FMT}$", views.token, name="token"),
    re_path(
        r"^media/(?P<attachment_id>[0-9]{1,18})\.(?P<ext>jpg|png|webp)$", views.media, name="media"
    ),
    re_path(r"^(?P<rest>[\s\S]*)\Z", views.not_found),  # any path, line breaks too
]
