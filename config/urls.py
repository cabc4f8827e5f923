"""URL map: pages, the REST API, the admin, health."""

from django.contrib import admin
from django.urls import include, path

from civicgrid.accounts.views import LoginView, LogoutView
from civicgrid.api.api import api
from civicgrid.notifications import views as inbox_views
from civicgrid.web import filters as saved_filters
from civicgrid.web.command import (
    command,
    command_cells,
    command_duty,
    command_feed,
    command_live,
    command_overdue,
    command_thresholds,
)
from civicgrid.web.health import healthz
from civicgrid.web.metrics import metrics
from civicgrid.web.patrol import patrol, patrol_classes
from civicgrid.web.phone import phone, switch
from civicgrid.web.views import favicon, home, inbox_link, workbench_part

urlpatterns = [
    path("", home, name="home"),
    path("favicon.ico", favicon, name="favicon"),
    path("workbench/", workbench_part, name="workbench"),
    path("m/", phone, name="phone"),
    path("m/switch", switch, name="phone_switch"),
    path("m/patrol/", patrol, name="patrol"),
    path("m/patrol/classes", patrol_classes, name="patrol_classes"),
    path("command/", command, name="command"),
    path("command/cells", command_cells, name="command_cells"),
    path("command/live", command_live, name="command_live"),
    path("command/feed", command_feed, name="command_feed"),
    path("command/overdue", command_overdue, name="command_overdue"),
    path("command/duty", command_duty, name="command_duty"),
    path("command/thresholds", command_thresholds, name="command_thresholds"),
    path("inbox/link", inbox_link, name="inbox_link"),
    path(
        "filters/",
        include(
            (
                [
                    path("save", saved_filters.save, name="save"),
                    path("<int:pk>/delete", saved_filters.delete, name="delete"),
                ],
                "filters",
            )
        ),
    ),
    path("healthz", healthz, name="healthz"),
    path("metrics", metrics, name="metrics"),
    path("login/", LoginView.as_view(), name="login"),
    path("logout/", LogoutView.as_view(), name="logout"),
    path("account/", include("civicgrid.accounts.urls")),
    path("areas/", include("civicgrid.registry.area_urls")),
    path("register/", include("civicgrid.registry.urls")),
    path("cases/", include("civicgrid.cases.urls")),
    path("inbox/", inbox_views.inbox, name="inbox"),
    path("disputes/", include("civicgrid.disputes.urls")),
    path("evaluation/", include("civicgrid.evaluation.urls")),
    path("duties/", include("civicgrid.burden.urls")),
    path("participation/", include("civicgrid.participation.urls")),
    path("orgs/", include("civicgrid.orgs.urls")),
    path("party/", include("civicgrid.party.urls")),
    path("workforce/", include("civicgrid.workforce.urls")),
    path("finance/", include("civicgrid.finance.urls")),
    path("estates/", include("civicgrid.estates.urls")),
    path("buildings/", include("civicgrid.commercial.urls")),
    path("campaigns/", include("civicgrid.campaigns.urls")),
    path("services/", include("civicgrid.onestop.urls")),
    path("insight/", include("civicgrid.insight.urls")),
    path("portal/", include("civicgrid.cases.portal_urls")),
    path("open311/v2/", include("civicgrid.open311.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]
