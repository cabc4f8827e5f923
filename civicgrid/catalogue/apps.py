from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "civicgrid.catalogue"
    label = "catalogue"
    verbose_name = _("Catalogue of case classes")

    def ready(self):
        # the handlers connect when the app is ready (its models loaded), as Django asks
        from . import signals  # noqa: F401
