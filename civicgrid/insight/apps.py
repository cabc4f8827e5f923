from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class InsightConfig(AppConfig):
    name = "civicgrid.insight"
    label = "insight"
    verbose_name = _("Dispatch that reads")

    def ready(self) -> None:
        from civicgrid.cases.services import sources

        from . import answers, signals

        sources.cite_with(answers.cite)
        post_save.connect(signals.case_saved, sender="cases.Case", dispatch_uid="insight.case")
