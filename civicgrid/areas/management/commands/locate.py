"""civicgrid locate LON LAT [--gcj02]"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from civicgrid.areas.locator import locate


class Command(BaseCommand):
    help = "Print the grid code and name for a point (WGS84 unless --gcj02)."

    def add_arguments(self, parser):
        parser.add_argument("lon", type=float)
        parser.add_argument("lat", type=float)
        parser.add_argument("--gcj02", action="store_true", help="the point is in GCJ-02")

    def handle(self, lon, lat, gcj02, **options):
        grid = locate(lon, lat, gcj02=gcj02)
        if grid is None:
            raise CommandError(_("No grid covers %(lon)s, %(lat)s.") % {"lon": lon, "lat": lat})
        self.stdout.write(f"{grid.code}\t{grid.name}")
