from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Open311Config(AppConfig):
    name = "civicgrid.open311"
    label = "open311"
    verbose_name = _("Open311 interface (GeoReport v2)")

    def ready(self):
        from . import signals  # noqa: F401  (registers the receivers once the models are loaded)
