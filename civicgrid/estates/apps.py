from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EstatesConfig(AppConfig):
    name = "civicgrid.estates"
    label = "estates"
    verbose_name = _("Property oversight")

    def ready(self) -> None:
        # imported here, not at the top: the models these modules import exist only once the
        # apps are loaded
        from civicgrid.routing.named import resolve_with

        from .complaints import company_for

        # routing offers a complaint about a property company's service to the estate's company
        resolve_with(company_for)
