"""The case list as a spreadsheet: what the list shows, without anything about the reporter."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils import timezone
from django.utils.translation import gettext as _

from .choices import Card
from .selectors import card_of

MAX_ROWS = 100_000  # one export; narrow the filters for more


def header() -> list[str]:
    return [
        _("Case number"),
        _("Class code"),
        _("Class"),
        _("State"),
        _("Channel"),
        _("Priority"),
        _("Card"),
        _("Grid code"),
        _("Grid"),
        _("Address"),
        _("Lead unit"),
        _("Reported at"),
        _("Current deadline"),
        _("Closed at"),
        _("Rating"),
    ]


def _moment(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def rows(qs, *, now) -> Iterator[list]:
    """The cases' rows, read through a cursor that is closed as soon as this generator is
    (also when the writer fails half-way)."""
    cases = qs[:MAX_ROWS].iterator(chunk_size=2000)
    try:
        for case in cases:
            yield _row(case, now)
    finally:
        cases.close()


def _row(case, now) -> list:
    card = card_of(case, now)
    return [
        case.number,
        case.case_class.code,
        case.case_class.label,
        case.get_state_display(),
        case.get_channel_display(),
        case.get_priority_display(),
        Card(card).label if card != Card.NONE else "",
        case.grid.code,
        case.grid.name,
        case.address,
        case.lead_unit.name if case.lead_unit_id else "",
        _moment(case.reported_at),
        _moment(case.due_at),
        _moment(case.closed_at),
        case.get_rating_display(),
    ]
