"""Send what is due: what cases announced and the webhook deliveries waiting for a retry, and the
queued email and SMS (what beat or the scheduler does on its own)."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from civicgrid.notifications.delivery import retry_queued
from civicgrid.webhooks.services import send_due


class Command(BaseCommand):
    help = _("Send due webhook deliveries and queued messages again (for installs without beat).")

    def handle(self, *args, **options):
        hooks, messages = send_due(), retry_queued()
        self.stdout.write(
            _("Webhooks: %(sent)s sent, %(failed)s failed.") % hooks
            + " "
            + _("Messages: %(sent)s sent, %(failed)s failed.") % messages
        )
