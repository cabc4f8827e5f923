"""``civicgrid hot_topics [--week 2026-W49]``: make a week's hot-topics report now (the weekly
task makes last week's)."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from civicgrid.insight import topics


class Command(BaseCommand):
    help = "Make the hot-topics report of a week (ISO week, default: the last whole week)."

    def add_arguments(self, parser):
        parser.add_argument("--week", default="", help="an ISO week, e.g. 2026-W49")

    def handle(self, *args, week="", **options):
        try:
            monday = dt.date.fromisoformat(f"{week}-1") if week else topics.last_week()
        except ValueError as exc:
            raise CommandError(f"--week: not an ISO week (2026-W49): {week}") from exc
        made = topics.make(monday)
        self.stdout.write(f"week of {monday}: {len(made)} areas")
