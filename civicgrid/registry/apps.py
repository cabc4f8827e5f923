from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "civicgrid.registry"
    label = "registry"
    verbose_name = _("Population and housing register")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from .addresses import signals  # the address index follows edits

        post_migrate.connect(signals.build_if_missing, sender=self, dispatch_uid="stdaddr_build")
