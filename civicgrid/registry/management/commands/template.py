"""civicgrid template persons|households|buildings [--output FILE]"""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from civicgrid.registry.importing import IMPORTERS
from civicgrid.registry.importing.templates import write_template


class Command(BaseCommand):
    help = "Write a blank xlsx import template with a header row and an instructions sheet."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=list(IMPORTERS))
        parser.add_argument("--output", "-o")

    def handle(self, kind, output, **options):
        output = output or f"{kind}-template.xlsx"
        write_template(kind, output)
        self.stdout.write(self.style.SUCCESS(_("Template written to %(path)s") % {"path": output}))
