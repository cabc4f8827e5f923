"""``civicgrid figures [--days N]``: count the open cases and red cards and rewrite the command
centre's recent figures now."""

from django.core.management.base import BaseCommand

from civicgrid.figures.services import DAYS, count_now, refresh


class Command(BaseCommand):
    help = "Rewrite the figures of the last days for every area (beat does it every 10 minutes)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=DAYS, help=f"days to rewrite ({DAYS})")

    def handle(self, *args, days, **options):
        count_now()
        done = refresh(days=max(1, min(days, 3660)))
        self.stdout.write(f"figures rewritten for {done.days} days in {done.seconds:.1f} s")
