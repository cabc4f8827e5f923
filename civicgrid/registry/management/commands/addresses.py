"""``civicgrid addresses --rebuild``: the standard address index written again from the register;
``civicgrid addresses <text>``: what the index suggests for a typed address."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from civicgrid.registry.addresses import rebuild, suggest
from civicgrid.registry.models import StandardAddress


class Command(BaseCommand):
    help = "Rebuild the standard address index (标准地址) or try a search."

    def add_arguments(self, parser):
        parser.add_argument("query", nargs="?", default="", help="an address as a caller says it")
        parser.add_argument("--rebuild", action="store_true", help="rebuild the index")
        parser.add_argument("--limit", type=int, default=8)

    def handle(self, *args, query="", rebuild_index=False, limit=8, **options):
        if options.get("rebuild"):
            written = rebuild()
            self.stdout.write(_("Standard addresses: %(n)s entries.") % {"n": written})
            return
        if not query:
            raise CommandError(_("Give an address to look up, or --rebuild."))
        if not StandardAddress.objects.exists():
            self.stderr.write(_("The index is empty: run civicgrid addresses --rebuild."))
        for c in suggest(query, limit=limit):
            self.stdout.write(f"{c.score:5.1f}  {c.level:8}  {c.building:24}  {c.label}")
