from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkforceConfig(AppConfig):
    name = "civicgrid.workforce"
    label = "workforce"
    verbose_name = _("Community workforce")
