"""``civicgrid indicators --area CODE --period 2026-10 [--format table|json|xlsx]``: the area's
indicators and those of each area directly under it; ``--units`` for the departments instead
(every active department with its stationed teams, or ``--unit CODE``); ``--people ROLE`` for the
staff of a role on units within the area."""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from civicgrid.accounts.choices import UnitKind
from civicgrid.accounts.models import OrgUnit
from civicgrid.areas.models import Area
from civicgrid.core.errors import DomainError
from civicgrid.evaluation import periods
from civicgrid.evaluation.reports import area_report, person_report, unit_report
from civicgrid.evaluation.selectors import MEASURED_ROLES, staff_for


class Command(BaseCommand):
    help = "Print the evaluation indicators of an area (and the areas below it) or of units."

    def add_arguments(self, parser):
        parser.add_argument("--area", help="area code (the district by default)")
        parser.add_argument("--units", action="store_true", help="the departments instead")
        parser.add_argument("--unit", help="one unit's code (with the units below it)")
        parser.add_argument(
            "--people",
            choices=list(MEASURED_ROLES),
            help="the staff of this role on units within the area",
        )
        parser.add_argument("--period", required=True, help="2026-10, 2026-Q4, 2026-W41, …")
        parser.add_argument("--format", choices=["table", "json", "xlsx"], default="table")
        parser.add_argument("--output", help="file to write (xlsx: required)")
        parser.add_argument(
            "--no-compare", action="store_true", help="skip the period before and the year before"
        )

    def handle(self, *args, **o):
        try:
            period = periods.parse(o["period"], field="--period")
        except DomainError as exc:
            raise CommandError(f"--period: {exc}") from None
        compare = not o["no_compare"]
        if o["units"] or o["unit"]:
            units = OrgUnit.objects.filter(active=True).order_by("code")
            units = (
                units.filter(code=o["unit"])
                if o["unit"]
                else units.filter(kind=UnitKind.DEPARTMENT)
            )
            if o["unit"] and not units:
                raise CommandError(f"--unit: no active unit has the code {o['unit']!r}")
            report = unit_report(list(units), period, compare=compare)
        else:
            area = (
                Area.objects.filter(code=o["area"]).first()
                if o["area"]
                else Area.objects.filter(level=2, active=True).order_by("code").first()
            )
            if area is None:
                raise CommandError(f"--area: no area has the code {o['area']!r}")
            if o["people"]:
                staff = staff_for(area, o["people"])
                report = person_report(staff, period, o["people"], compare=compare)
            else:
                report = area_report(area, period, compare=compare)
        if o["format"] == "xlsx":
            if not o["output"]:
                raise CommandError("--output: give the xlsx file to write")
            with open(o["output"], "wb") as f:
                f.write(report.xlsx())
            self.stdout.write(f"written {o['output']}")
            return
        if o["format"] == "json":
            text = json.dumps(report.as_json(), ensure_ascii=False, indent=2)
        else:
            text = _table(*report.table())
        if o["output"]:
            with open(o["output"], "w", encoding="utf-8") as f:
                f.write(text + "\n")
            self.stdout.write(f"written {o['output']}")
        else:
            sys.stdout.write(text + "\n")


def _table(header: list, rows: list[list]) -> str:
    """A plain text table; figures right-aligned, — for a rate with nothing to divide by."""
    cells = [[str(h) for h in header]] + [
        [str(r[0]), str(r[1])] + ["—" if v is None else f"{v:g}" for v in r[2:]] for r in rows
    ]
    widths = [max(_width(row[i]) for row in cells) for i in range(len(header))]
    lines = []
    for n, row in enumerate(cells):
        parts = [_pad(c, widths[i], right=i >= 2) for i, c in enumerate(row)]
        lines.append("  ".join(parts).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _width(text: str) -> int:
    """Columns on a terminal: a Chinese character takes two."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _pad(text: str, width: int, *, right: bool) -> str:
    gap = " " * (width - _width(text))
    return gap + text if right else text + gap
