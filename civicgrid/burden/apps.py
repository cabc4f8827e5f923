from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BurdenConfig(AppConfig):
    """Lifting the burden on communities (为基层减负): admission applications, tasks pushed to
    communities, complaints of unadmitted work, the record of unadmitted attempts and each
    community's burden. A module above the cases and evaluation, working with the duty lists
    (``civicgrid.duties``, rules below both)."""

    name = "civicgrid.burden"
    label = "burden"
    verbose_name = _("Community burden")

    def ready(self) -> None:
        # imported here, not at the top: the models these modules import exist only once the
        # apps are loaded
        from civicgrid.duties.enforce import keep_refused_dispatches

        from .refusals import refusal_record_dispatch

        # the case loop tells the negative list of a refused dispatch; the record is kept here
        keep_refused_dispatches(refusal_record_dispatch)
