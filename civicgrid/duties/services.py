"""Duty lists: which kind a community is, the list in force on a day, a new version, and the
columns of the xlsx a district keeps its lists in (read here; ``civicgrid.burden.lists`` adds the
admitted assessments' columns, imports a file whole as a new version and exports a list)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.accounts.models import OrgUnit
from civicgrid.catalogue.models import CaseClass
from civicgrid.core import audit
from civicgrid.core.errors import DomainError, ErrorCode
from civicgrid.core.text import column_length, shortened
from civicgrid.registry.importing.columns import (
    CELL_MAX,
    CellError,
    length,
    parse_date,
    parse_decimal,
    parse_int,
    split_list,
)
from civicgrid.registry.importing.runner import RowError

from .models import CommunityKind, ListItem, ListType, ListVersion

# the file's columns: key, Chinese header, English header, required
COLUMNS = [
    ("code", "编号", "code", True),
    ("title", "事项", "item", True),
    ("basis", "依据", "basis", False),
    ("department", "部门", "department", False),
    ("hours_per_month", "每月工时", "hours a month", False),
    ("reports_per_year", "每年报表", "reports a year", False),
    ("meetings_per_year", "每年会议", "meetings a year", False),
    ("funding_per_year", "年度经费", "funding a year", False),
    ("effective_from", "起始日期", "from", False),
    ("effective_to", "截止日期", "until", False),
    ("case_classes", "案件类别", "case classes", False),
]
MAX_FUNDING = Decimal("99999999")
NOTE_MAX = column_length(ListVersion, "note")
PROBLEMS_SHOWN = 20  # the problems an import refusal quotes; the rest are counted


def kind_of(area) -> CommunityKind | None:
    """The kind a community belongs to (the default kind unless it is listed under another)."""
    listed = CommunityKind.objects.filter(areas=area).first()
    return listed or CommunityKind.objects.filter(default=True).first()


def in_force(kind: CommunityKind, list_type: str, on: dt.date | None = None) -> ListVersion | None:
    on = on or timezone.localdate()
    return (
        ListVersion.objects.filter(kind=kind, list_type=list_type, effective_from__lte=on)
        .order_by("-effective_from", "-number")
        .first()
    )


def check_items(list_type: str, items: list[dict]) -> list[RowError]:
    """Problems with the items as a list, each at its row (2 = the first under the header)."""
    problems: list[RowError] = []
    seen: dict[str, int] = {}
    for n, item in enumerate(items, start=2):
        if item["code"] in seen:
            problems.append(
                RowError(
                    n,
                    "编号",
                    item["code"],
                    _("The code is also on row %(row)s.") % {"row": seen[item["code"]]},
                )
            )
        seen.setdefault(item["code"], n)
        if list_type == ListType.ASSISTING:
            if item.get("department") is None:
                problems.append(
                    RowError(
                        n, "部门", "", _("An assisting task names the department that asks for it.")
                    )
                )
            if not item.get("funding_per_year"):
                problems.append(
                    RowError(
                        n,
                        "年度经费",
                        "",
                        _("An assisting task says what the department pays a year."),
                    )
                )
        start, end = item.get("effective_from"), item.get("effective_to")
        if start and end and end < start:
            problems.append(RowError(n, "截止日期", str(end), _("Ends before it starts.")))
    return problems


@transaction.atomic
def version_save(
    *,
    kind: CommunityKind,
    list_type: str,
    items: list[dict],
    effective_from: dt.date,
    note: str = "",
    actor=None,
    address: str | None = None,
) -> ListVersion:
    """A new version of the list from ``effective_from``, holding exactly ``items``."""
    if list_type not in ListType.values:
        raise DomainError(_("Unknown list."), code=ErrorCode.INVALID, field="list_type")
    if len(note) > NOTE_MAX:
        raise DomainError(
            _("At most %(n)s characters.") % {"n": NOTE_MAX}, code=ErrorCode.TOO_LONG, field="note"
        )
    latest = in_force(kind, list_type, dt.date.max)
    if latest and effective_from < latest.effective_from:
        raise DomainError(
            _("A new version cannot start before the latest one (%(day)s).")
            % {"day": latest.effective_from},
            code=ErrorCode.INVALID,
            field="effective_from",
        )
    problems = check_items(list_type, items)
    if problems:
        shown = "; ".join(str(p) for p in problems[:PROBLEMS_SHOWN])
        if len(problems) > PROBLEMS_SHOWN:
            shown += " " + _("(and %(n)s more)") % {"n": len(problems) - PROBLEMS_SHOWN}
        raise DomainError(shown, code=ErrorCode.INVALID, field="items")
    number = (
        ListVersion.objects.filter(kind=kind, list_type=list_type).aggregate(n=Max("number"))["n"]
        or 0
    ) + 1
    version = ListVersion.objects.create(
        kind=kind,
        list_type=list_type,
        number=number,
        effective_from=effective_from,
        note=note,
        created_by=actor,
    )
    for item in items:
        row = ListItem.objects.create(
            version=version, **{k: v for k, v in item.items() if k != "case_classes"}
        )
        if item.get("case_classes"):
            row.case_classes.set(item["case_classes"])
    audit.record(
        kind=audit.Kind.DUTY_LIST,
        action="new_version",
        actor=actor,
        address=address,
        target=version,
        before=_version_state(latest),
        after=_version_state(version),
    )
    return version


def _version_state(version: ListVersion | None) -> dict | None:
    if version is None:
        return None
    return audit.snapshot(
        version,
        extra={
            "kind": version.kind.code,
            "items": list(version.items.order_by("code").values_list("code", "title")),
        },
    )


def _unit(text: str) -> OrgUnit:
    unit = OrgUnit.objects.filter(code=text).first() or OrgUnit.objects.filter(name=text).first()
    if unit is None:
        raise CellError(_("No unit has this code or name."))
    return unit


def _classes(text: str) -> list[CaseClass]:
    codes = [c.upper() for c in split_list(text)]
    found = {c.code: c for c in CaseClass.objects.filter(code__in=codes)}
    missing = [c for c in codes if c not in found]
    if missing:
        raise CellError(_("No case class has the code %(codes)s.") % {"codes": "、".join(missing)})
    return [found[c] for c in codes]


Parser = Callable[[Any], Any]
PARSERS: dict[str, Parser] = {
    "department": _unit,
    "hours_per_month": lambda v: parse_decimal(v),
    "reports_per_year": lambda v: parse_int(v, 0, 10_000),
    "meetings_per_year": lambda v: parse_int(v, 0, 10_000),
    "funding_per_year": lambda v: parse_decimal(v, high=MAX_FUNDING),
    "effective_from": parse_date,
    "effective_to": parse_date,
    "case_classes": _classes,
}


LENGTHS = {key: length(ListItem, key) for key in ("code", "title", "basis")}


def read_items(
    header: list[str],
    rows: Iterable,
    *,
    columns: list[tuple[str, str, str, bool]] = COLUMNS,
    parsers: dict[str, Parser] = PARSERS,
) -> tuple[list[dict], list[RowError]]:
    """The file's rows as items, and every problem by row and column (nothing half-read).
    ``columns`` and ``parsers`` are the list's own unless a caller reads more columns."""
    index, errors = {}, []
    for key, zh, en, required in columns:
        for i, h in enumerate(header):
            if h.strip().lower() in (zh, en):
                index[key] = i
        if required and key not in index:
            errors.append(RowError(1, zh, "", _("This column is missing.")))
    if errors:
        return [], errors
    items = []
    for n, raw in enumerate(rows, start=2):
        if not any(str(v).strip() for v in raw):
            continue  # a blank line
        item: dict = {}
        for key, zh, _en, required in columns:
            value = raw[index[key]] if key in index and index[key] < len(raw) else ""
            if value in ("", None):
                if required:
                    errors.append(RowError(n, zh, "", _("Required.")))
                continue
            limit = LENGTHS.get(key, CELL_MAX)
            if isinstance(value, str) and len(value) > limit:
                reason = _("At most %(n)s characters; this cell has %(has)s.")
                reason %= {"n": limit, "has": len(value)}
                errors.append(RowError(n, zh, shortened(value, 41), reason))
                continue
            try:
                item[key] = parsers[key](value) if key in parsers else str(value).strip()
            except CellError as exc:
                errors.append(RowError(n, zh, str(value), str(exc)))
        items.append(item)
    return items, errors


def item_row(item: ListItem) -> list:
    """An item as a row of the file, in the order of ``COLUMNS`` (its department, classes and
    version's related rows read by the caller's ``select_related``/``prefetch_related``)."""
    return [
        item.code,
        item.title,
        item.basis,
        item.department.code if item.department else "",
        float(item.hours_per_month),
        item.reports_per_year,
        item.meetings_per_year,
        float(item.funding_per_year),
        item.effective_from,
        item.effective_to,
        "、".join(c.code for c in item.case_classes.all()),
    ]
