"""civicgrid import areas FILE.geojson | persons|households|buildings FILE [--dry-run]"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from civicgrid.areas.geojson import read_features
from civicgrid.areas.services import areas_import
from civicgrid.core.errors import DomainError
from civicgrid.registry.importing import IMPORTERS, register_import
from civicgrid.registry.importing.table import NO_LIMITS


class Command(BaseCommand):
    help = (
        "Import areas (GeoJSON) or register rows (xlsx/csv). Nothing is written if any row is bad."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=["areas", *IMPORTERS])
        parser.add_argument("file")
        parser.add_argument(
            "--dry-run", action="store_true", help="validate and count, write nothing"
        )
        parser.add_argument("--as-user", help="check scope as this user (default: unrestricted)")
        parser.add_argument("--report", help="where to write the error report (xlsx)")
        parser.add_argument(
            "--no-limits",
            action="store_true",
            help="read files beyond the web page's limits (rows, unpacked size)",
        )

    def handle(self, kind, file, dry_run, as_user, report, no_limits=False, **options):
        path = Path(file)
        if not path.exists():
            raise CommandError(_("No such file: %(path)s") % {"path": path})
        user = None
        if as_user:
            user = get_user_model().objects.filter(username=as_user).first()
            if user is None:
                raise CommandError(_("No such user: %(user)s") % {"user": as_user})
        try:
            if kind == "areas":
                counts = areas_import(read_features(path))
                self.stdout.write(self.style.SUCCESS(self._counts(counts)))
                return
            report_path = report or str(path.with_name(path.stem + ".errors.xlsx"))
            result = register_import(
                kind=kind,
                path=path,
                user=user,
                dry_run=dry_run,
                progress=True,
                error_report=report_path,
                limits=NO_LIMITS if no_limits else None,
            )
        except DomainError as exc:
            raise CommandError(exc.message) from None
        if not result.ok:
            for error in result.errors[:200]:
                self.stderr.write(str(error))
            if len(result.errors) > 200:
                self.stderr.write(_("… and %(n)s more") % {"n": len(result.errors) - 200})
            raise CommandError(
                _("%(n)s problems in %(rows)s rows; nothing was written. Report: %(report)s")
                % {"n": len(result.errors), "rows": result.rows, "report": report_path}
            )
        counts = {
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
        }
        prefix = _("Dry run, nothing written: ") if dry_run else ""
        self.stdout.write(self.style.SUCCESS(prefix + self._counts(counts)))

    @staticmethod
    def _counts(counts):
        return _("%(created)s created, %(updated)s updated, %(unchanged)s unchanged") % counts
