from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisputesConfig(AppConfig):
    name = "civicgrid.disputes"
    label = "disputes"
    verbose_name = _("Disputes")

    def ready(self) -> None:
        # imported here, not at the top: the models these modules import exist only once the
        # apps are loaded
        from civicgrid.cases.services.clock import resolved_below_with

        from .committees import settled_in_building

        # a dispute its building's committee settled is resolved at the building
        resolved_below_with(settled_in_building)
