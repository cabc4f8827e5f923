"""``civicgrid duties import KIND LIST FILE --from DATE [--note TEXT] [--dry-run]`` and
``civicgrid duties export KIND LIST [-o FILE] [--on DATE]``: a community kind's list (statutory,
assisting, negative, assessment) from or to xlsx/csv."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError

from civicgrid.burden.lists import export_rows, import_file
from civicgrid.core.errors import DomainError
from civicgrid.core.spreadsheet import table_bytes
from civicgrid.duties.models import CommunityKind, ListType
from civicgrid.duties.services import in_force
from civicgrid.registry.importing.columns import CellError, parse_date


class Command(BaseCommand):
    help = "Import a community duty list as a new version, or export the list in force."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import")
        imp.add_argument("kind")
        imp.add_argument("list_type", choices=ListType.values)
        imp.add_argument("file")
        imp.add_argument("--from", dest="effective_from", required=True)
        imp.add_argument("--note", default="")
        imp.add_argument("--dry-run", action="store_true")
        exp = sub.add_parser("export")
        exp.add_argument("kind")
        exp.add_argument("list_type", choices=ListType.values)
        exp.add_argument("-o", "--output")
        exp.add_argument("--on")

    def handle(self, *args, action, kind, list_type, **o):
        kind_obj = CommunityKind.objects.filter(code=kind).first()
        if kind_obj is None:
            raise CommandError(f"kind: no kind of community has the code {kind!r}")
        try:
            if action == "export":
                on = parse_date(o["on"]) if o.get("on") else None
                header, body = export_rows(in_force(kind_obj, list_type, on))
                data = table_bytes(header, body, fmt="xlsx" if o.get("output") else "csv")
                if o.get("output"):
                    with open(o["output"], "wb") as f:
                        f.write(data)
                    self.stdout.write(f"written {o['output']}")
                else:
                    sys.stdout.write(data.decode("utf-8-sig"))
                return
            version, errors = import_file(
                name=o["file"],
                kind=kind_obj,
                list_type=list_type,
                effective_from=parse_date(o["effective_from"]),
                note=o["note"],
                dry_run=o["dry_run"],
            )
        except (CellError, DomainError) as exc:
            raise CommandError(str(exc)) from None
        for error in errors:
            self.stderr.write(str(error))
        if errors:
            raise CommandError(f"{len(errors)} problems; nothing was written")
        if version is None:
            self.stdout.write("the file is valid (dry run): nothing was written")
        else:
            self.stdout.write(f"version {version.number} in force from {version.effective_from}")
