"""``civicgrid rule_suggestions``: learn from the returns now (the daily task does the same)."""

from django.core.management.base import BaseCommand

from civicgrid.insight.returns import suggest


class Command(BaseCommand):
    help = "Suggest routing-rule changes where a unit often returns a class in a street."

    def handle(self, *args, **options):
        made = suggest()
        self.stdout.write(f"{len(made)} rule changes suggested")
