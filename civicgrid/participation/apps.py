from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "civicgrid.participation"
    label = "participation"
    verbose_name = _("Residents' say")

    def ready(self) -> None:
        # imported here, not at the top: the models these modules import exist only once the
        # apps are loaded
        from civicgrid.routing.named import resolve_with

        from .liaison import unit_named

        # routing offers a meeting's follow-up task to the unit the meeting named
        resolve_with(unit_named)
