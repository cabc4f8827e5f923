"""The case list as a spreadsheet: what the list shows, without anything about the reporter."""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.catalogue.choices import Priority
from civicgrid.catalogue.models import CaseClass

from . import answers
from .choices import Card, Channel, Rating, State
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
        _("Answers"),
    ]


def _moment(value, zone=None) -> str:
    return timezone.localtime(value, zone).strftime("%Y-%m-%d %H:%M") if value else ""


class Labels:
    """The choices' labels in the language of the export, translated once for all its rows
    (``get_FOO_display`` translates and hashes every choice again for each call: with four per
    row it took most of a 100,000-case export's time)."""

    def __init__(self) -> None:
        self.state = {v: str(label) for v, label in State.choices}
        self.channel = {v: str(label) for v, label in Channel.choices}
        self.priority = {v: str(label) for v, label in Priority.choices}
        self.rating = {v: str(label) for v, label in Rating.choices}
        self.card = {v: str(label) for v, label in Card.choices if v != Card.NONE}
        self.zone = timezone.get_current_timezone()


# a row's columns, read as tuples (no model instances: most of the time of a large export went
# into building four of them per row)
COLUMNS = (
    "number",
    "case_class_id",
    "case_class__code",
    "case_class__name",
    "case_class__name_en",
    "state",
    "suspended_at",
    "yellow_at",
    "red_at",
    "channel",
    "priority",
    "grid__code",
    "grid__name",
    "address",
    "lead_unit__name",
    "reported_at",
    "due_at",
    "closed_at",
    "rating",
    "answers",
    "pk",  # a queue that joins another table is DISTINCT: by case, as the list
)
FIELDS = [c.replace("__", "_") for c in COLUMNS]  # the names a row is read by


def rows(qs, *, now) -> Iterator[list]:
    """The cases' rows, read through a cursor that is closed as soon as this generator is
    (also when the writer fails half-way)."""
    questions = answers.Questions()
    labels = Labels()
    class_label: dict[int, str] = {}
    cases = qs.values_list(*COLUMNS)[:MAX_ROWS].iterator(chunk_size=2000)
    try:
        for values in cases:
            case: Any = SimpleNamespace(**dict(zip(FIELDS, values, strict=True)))
            if case.case_class_id not in class_label:  # the class's name in the user's language
                named = CaseClass(name=case.case_class_name, name_en=case.case_class_name_en)
                class_label[case.case_class_id] = named.label
            yield _row(case, now, questions, labels, class_label[case.case_class_id])
    finally:
        cases.close()


def _row(case: Any, now, questions: answers.Questions, labels: Labels, class_label: str) -> list:
    return [
        case.number,
        case.case_class_code,
        class_label,
        labels.state.get(case.state, case.state),
        labels.channel.get(case.channel, case.channel),
        labels.priority.get(case.priority, case.priority),
        labels.card.get(card_of(case, now), ""),  # the row has the fields the card reads
        case.grid_code,
        case.grid_name,
        case.address,
        case.lead_unit_name or "",
        _moment(case.reported_at, labels.zone),
        _moment(case.due_at, labels.zone),
        _moment(case.closed_at, labels.zone),
        labels.rating.get(case.rating, case.rating),
        answers.text(questions.of(case.case_class_id), case.answers),  # by label, never by code
    ]
