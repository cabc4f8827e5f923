"""civicgrid export areas CODE | persons|households|buildings [--area CODE] [--format xlsx|csv]"""

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from civicgrid.areas.geojson import export_subtree
from civicgrid.areas.models import Area
from civicgrid.registry.choices import AccessChannel
from civicgrid.registry.exports import EXPORTS, register_export
from civicgrid.registry.selectors import RegisterFilters


class Command(BaseCommand):
    help = "Export an area subtree as GeoJSON, or a register list (masked) as xlsx or csv."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=["areas", *EXPORTS])
        parser.add_argument("code", nargs="?", help="area code (the subtree to export)")
        parser.add_argument("--format", choices=["xlsx", "csv"], default="xlsx")
        parser.add_argument("--output", "-o")
        parser.add_argument(
            "--as-user", required=False, help="export what this user may see (masked)"
        )

    def handle(self, kind, code, format, output, as_user, **options):
        if kind == "areas":
            area = Area.objects.filter(code=code or "").first()
            if area is None:
                raise CommandError(_("No area has the code %(code)s.") % {"code": code})
            data = json.dumps(export_subtree(area), ensure_ascii=False)
            if output:
                Path(output).write_text(data, encoding="utf-8")
            else:
                self.stdout.write(data)
            return
        User = get_user_model()
        user = User.objects.filter(username=as_user).first() if as_user else None
        if user is None:
            user = User.objects.filter(is_superuser=True, is_active=True).first()
        if user is None:
            raise CommandError(
                _("Give --as-user: exports are made as a user and masked by their rights.")
            )
        filters = RegisterFilters(area=code or "")
        table = register_export(
            kind=kind, user=user, filters=filters, fmt=format, channel=AccessChannel.CLI
        )
        output = output or f"{kind}.{format}"
        Path(output).write_bytes(table)
        self.stdout.write(self.style.SUCCESS(_("Written to %(path)s") % {"path": output}))
