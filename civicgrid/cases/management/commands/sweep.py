"""``civicgrid sweep [--now ISO]``: announce yellow and red cards, apply escalation rules."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from civicgrid.cases.services.sweep import sweep


class Command(BaseCommand):
    help = "Announce new yellow and red cards and apply escalation rules (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--now", help="the moment to sweep at (ISO 8601; default: now)")

    def handle(self, *args, **options):
        now = timezone.now()
        if options["now"]:
            try:
                now = dt.datetime.fromisoformat(options["now"])
            except ValueError as exc:
                raise CommandError(f"--now: {exc}") from None
            if timezone.is_naive(now):
                now = timezone.make_aware(now)
        result = sweep(now=now)
        self.stdout.write(
            f"yellow {result['yellow']}, red {result['red']}, escalated {result['escalated']}"
        )
