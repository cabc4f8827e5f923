"""``civicgrid hot_spots``: look for hot spots now (the daily task does the same)."""

from django.core.management.base import BaseCommand

from civicgrid.insight.hotspots import raise_alerts


class Command(BaseCommand):
    help = "Raise hot-spot alerts for reports of a class in a grid beyond the usual rate."

    def handle(self, *args, **options):
        raised = raise_alerts()
        self.stdout.write(f"{len(raised)} hot spots raised")
        for alert in raised:
            self.stdout.write(
                f"  {alert.case_class.code} {alert.grid.code}: {alert.count} reports "
                f"(usually {alert.expected:.1f})"
            )
