"""An indicator report: the figures of an area and the areas below it (or of units) for a period,
beside the period before (环比) and the same period a year earlier (同比); as rows for a table,
JSON for the API, or an xlsx workbook with the definitions on a second sheet."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from civicgrid.accounts.models import OrgUnit
from civicgrid.areas.models import Area
from civicgrid.core.spreadsheet import sheets_bytes

from .compute import area_indicators, unit_indicators
from .definitions import AREA, DIRECTIONS, PERSON, UNIT, UNITS, Indicator, of
from .people import person_indicators
from .periods import Period


@dataclass
class Report:
    subject: str  # AREA or UNIT
    period: Period
    rows: list  # the areas or units, in order
    values: dict  # id → {code: value}, for the period
    previous: dict = field(default_factory=dict)  # … for the period before
    year_before: dict = field(default_factory=dict)  # … for the same period a year earlier
    role: str = ""  # people: the role whose figures are shown

    @property
    def indicators(self) -> list[Indicator]:
        return [i for i in of(self.subject) if not self.role or i.role == self.role]

    def change(self, pk: int, code: str, against: dict) -> float | None:
        """The change from ``against`` (previous or year_before): points for a rate, per cent
        for a count; None when there is nothing to compare."""
        now, then = self.values[pk].get(code), against.get(pk, {}).get(code)
        if now is None or then is None:
            return None
        indicator = next(i for i in self.indicators if i.code == code)
        if indicator.unit in ("%", "hours"):
            return round(now - then, 2)
        return round(100 * (now - then) / then, 2) if then else None

    def as_json(self) -> dict:
        return {
            "subject": self.subject,
            "role": self.role or None,
            "period": {
                "label": self.period.label,
                "kind": self.period.kind,
                "first": self.period.first.isoformat(),
                "last": self.period.last.isoformat(),
                "previous": self.period.previous().label,
                "year_before": self.period.year_before().label,
            },
            "indicators": [i.describe() for i in self.indicators],
            "rows": [
                {
                    "id": row.pk,
                    "code": row.code,
                    "name": row.name,
                    "role": getattr(row, "role", None),
                    "values": self.values[row.pk],
                    "previous": self.previous.get(row.pk, {}),
                    "year_before": self.year_before.get(row.pk, {}),
                }
                for row in self.rows
            ],
        }

    def table(self) -> tuple[list[str], list[list]]:
        """Indicators down, areas or units across (a few columns, many rows)."""
        header = [_("Indicator"), _("Unit")] + [row.name for row in self.rows]
        body = [
            [str(i.name), str(UNITS[i.unit])]
            + [self.values[row.pk].get(i.code) for row in self.rows]
            for i in self.indicators
        ]
        return header, body

    def xlsx(self) -> bytes:
        header, body = self.table()
        return sheets_bytes(
            [
                (self.period.label, header, body),
                (
                    _("Definitions"),
                    [_("Code"), _("Indicator"), _("Formula"), _("Unit"), _("Better when")],
                    [
                        [
                            i.code,
                            str(i.name),
                            str(i.formula),
                            str(UNITS[i.unit]),
                            str(DIRECTIONS[i.direction]),
                        ]
                        for i in self.indicators
                    ],
                ),
            ]
        )


def area_report(area: Area, period: Period, *, below: bool = True, compare: bool = True) -> Report:
    """``area`` and, with ``below``, each active area directly under it."""
    rows = [area]
    if below:
        rows += list(Area.objects.filter(parent=area, active=True).order_by("code"))
    report = Report(AREA, period, rows, area_indicators(rows, period))
    if compare:
        report.previous = area_indicators(rows, period.previous())
        report.year_before = area_indicators(rows, period.year_before())
    return report


def person_report(staff: list, period: Period, role: str, *, compare: bool = True) -> Report:
    """The figures of ``role`` for ``staff`` (rows with ``pk``, ``code``, ``name`` and ``user``:
    evaluation.selectors.Staff)."""
    users = [s.user for s in staff]
    report = Report(PERSON, period, staff, person_indicators(users, period), role=role)
    if compare:
        report.previous = person_indicators(users, period.previous())
        report.year_before = person_indicators(users, period.year_before())
    return report


def unit_report(units: list[OrgUnit], period: Period, *, compare: bool = True) -> Report:
    report = Report(UNIT, period, units, unit_indicators(units, period))
    if compare:
        report.previous = unit_indicators(units, period.previous())
        report.year_before = unit_indicators(units, period.year_before())
    return report
