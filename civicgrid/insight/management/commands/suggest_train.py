"""``civicgrid suggest_train``: train the class suggestion now (the nightly task does the same)."""

from django.core.management.base import BaseCommand

from civicgrid.insight.suggestions import retrain


class Command(BaseCommand):
    help = "Train the class suggestion on the catalogue and the latest classified cases."

    def handle(self, *args, **options):
        row = retrain()
        self.stdout.write(
            f"trained on {row.documents} documents ({row.cases} cases) for {row.classes} classes "
            f"in {row.seconds} s"
        )
