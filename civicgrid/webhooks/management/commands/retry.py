"""Send again what is due: webhook deliveries and queued email/SMS (what beat does on its own)."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from civicgrid.notifications.services import retry_queued
from civicgrid.webhooks.services import retry_due


class Command(BaseCommand):
    help = _("Send due webhook deliveries and queued messages again (for installs without beat).")

    def handle(self, *args, **options):
        hooks, messages = retry_due(), retry_queued()
        self.stdout.write(
            _("Webhooks: %(sent)s sent, %(failed)s failed.") % hooks
            + " "
            + _("Messages: %(sent)s sent, %(failed)s failed.") % messages
        )
