"""civicgrid demo --scale small|district|city [--seed N] [--if-empty]"""

import dataclasses
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from civicgrid.demo.generator import SCALES, Generator, is_empty
from civicgrid.insight import hotspots, returns, topics
from civicgrid.insight.suggestions import retrain


class Command(BaseCommand):
    help = "Generate the fictional demo district (invented names and ID numbers, no real people)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=list(SCALES), default="small")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--if-empty", action="store_true", help="do nothing if areas exist")
        parser.add_argument(
            "--cases",
            type=int,
            default=None,
            help="cases of history to generate (default: the scale's); on a loaded district, "
            "adds this many cases to it",
        )

    def handle(self, scale, seed, if_empty, cases, **options):
        if not is_empty() and cases and not if_empty:
            started = time.perf_counter()
            written = Generator(scale, seed, log=self.stdout.write).cases(cases)
            self.stdout.write(
                self.style.SUCCESS(
                    _("%(n)s cases added in %(s).0f s.")
                    % {"n": written, "s": time.perf_counter() - started}
                )
            )
            return
        if not is_empty():
            if if_empty:
                self.stdout.write(
                    _("The database already holds a district; the demo was not loaded.")
                )
                return
            raise CommandError(_("The database already holds areas; use an empty database."))
        started = time.perf_counter()
        generator = Generator(scale, seed, progress=options["verbosity"] > 0, log=self.stdout.write)
        if cases is not None:
            generator.scale = dataclasses.replace(generator.scale, cases=cases)
        result = generator.run()
        # what reads the district's history (not in every test that generates one): the class
        # suggestion learns from it; hot spots, last week's hot topics and the rule changes the
        # returns suggest are found in it
        retrain()
        hotspots.raise_alerts()
        topics.make(topics.last_week())
        returns.suggest()
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Demo district loaded in %(s).0f s: %(grids)s grids, %(buildings)s buildings, "
                    "%(households)s households, %(persons)s persons, %(cases)s cases."
                )
                % {**result, "s": time.perf_counter() - started}
            )
        )
