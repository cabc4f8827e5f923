from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "civicgrid.catalogue"
    label = "catalogue"
    verbose_name = _("Catalogue of case classes")

    def ready(self):
        from . import signals  # noqa: F401
