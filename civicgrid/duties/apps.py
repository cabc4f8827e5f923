from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DutiesConfig(AppConfig):
    name = "civicgrid.duties"
    label = "duties"
    verbose_name = _("Community duty lists")
