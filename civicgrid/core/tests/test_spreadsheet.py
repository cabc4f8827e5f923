"""Every export writes its cells through core.spreadsheet: lazy labels, None, dates, aware
times, Decimals and negative numbers are written as what they are, and text a spreadsheet would
run as a formula is inert (OWASP CSV injection), in xlsx and csv alike."""

import csv
import datetime as dt
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils.translation import gettext_lazy, override
from openpyxl import load_workbook

from civicgrid.core.spreadsheet import csv_lines, table_bytes, table_response

SH = dt.timezone(dt.timedelta(hours=8))
PAYLOADS = [
    '=HYPERLINK("http://evil.example","x")',
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+9)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]
ROW = [
    gettext_lazy("Yellow card"),
    None,
    dt.date(2026, 11, 23),
    dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC),
    Decimal("-12.50"),
    -7,
    3.25,
    "-5",
    "+8613800000000",
    "普通文字",
    True,
    *PAYLOADS,
]


def xlsx_cells(data: bytes):
    ws = load_workbook(io.BytesIO(data)).active
    return [list(r) for r in ws.iter_rows()]


def test_xlsx_cells_keep_their_type_and_formulas_stay_text():
    with override("zh-hans"):
        data = table_bytes(["标签", *["c"] * (len(ROW) - 1)], [ROW, ROW])
    header, row, _again = xlsx_cells(data)
    values = [c.value for c in row]
    assert values[0] == "黄牌" and values[1] is None
    assert values[2] == dt.datetime(2026, 11, 23)  # a date cell
    assert values[3] == dt.datetime(2026, 11, 23, 10, 0)  # local time, no zone
    assert values[4] == Decimal("-12.5") or values[4] == -12.5
    assert row[4].data_type == "n" and row[5].data_type == "n" and values[5] == -7
    assert values[6] == 3.25 and values[7] == "-5" and values[8] == "+8613800000000"
    assert values[10] is True
    for cell, payload in zip(row[11:], PAYLOADS, strict=True):
        assert cell.value == payload.replace("\r", "\n") or cell.value == payload
        assert cell.data_type == "s" and cell.quotePrefix
    assert not [c for r in (header, row) for c in r if c.data_type == "f"]


def test_csv_cells_are_quoted_when_they_would_run():
    with override("zh-hans"):
        data = table_bytes(["a"] * len(ROW), [ROW], fmt="csv")
    assert data.startswith("\ufeff".encode())
    row = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))[1]
    assert row[:11] == [
        "黄牌",
        "",
        "2026-11-23",
        "2026-11-23 10:00:00",
        "-12.50",
        "-7",
        "3.25",
        "-5",
        "+8613800000000",
        "普通文字",
        "True",
    ]
    assert row[11:] == ["'" + p for p in PAYLOADS]


def test_rows_are_closed_when_writing_fails():
    closed = []

    def rows():
        try:
            yield ["ok"]
            yield [object.__new__(Unwritable)]
            yield ["never"]
        finally:
            closed.append(True)

    class Unwritable:
        def __str__(self):
            raise RuntimeError("disk full")

    for fmt in ("xlsx", "csv"):
        closed.clear()
        with pytest.raises(RuntimeError):
            table_bytes(["a"], rows(), fmt=fmt)
        assert closed == [True]
    source = rows()
    lines = csv_lines(["a"], source)
    next(lines)
    lines.close()  # a client that went away: the response closes its iterator
    assert source.gi_frame is None  # closed
    closed.clear()
    with pytest.raises(RuntimeError):
        table_response(["a"], rows(), fmt="xlsx", name="x")
    assert closed == [True]


ROOT = Path(__file__).resolve().parents[3]
WRITERS = re.compile(r"\bWorkbook\(|csv\.writer\(|csv\.DictWriter\(|\.to_excel\(|xlsxwriter")
# the only modules that may build a workbook or csv themselves; every other export passes its
# header and rows to core.spreadsheet
ALLOWED = {"civicgrid/core/spreadsheet.py"}


def test_every_export_writes_through_core_spreadsheet():
    own = sorted(
        str(path.relative_to(ROOT))
        for path in (ROOT / "civicgrid").rglob("*.py")
        if "/tests/" not in str(path)
        and "/migrations/" not in str(path)
        and WRITERS.search(path.read_text(encoding="utf-8"))
    )
    assert set(own) <= ALLOWED, own
    # the import's error report and templates write their cells as the exports do
    assert "XlsxSheets(" in (ROOT / "civicgrid/registry/importing/table.py").read_text()


def _routes(patterns, prefix="", namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = ":".join(x for x in (namespace, p.namespace) if x)
            yield from _routes(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), ":".join(x for x in (namespace, p.name or "") if x)


# Every download of a table, and the test that exercises it with awkward data. A new export
# must be added here (and tested), so that none escapes.
EXPORTS = {
    "cases:export": "cases/tests/test_export.py",
    "registry:export": "core/tests/test_exports_everywhere.py",
    "registry:import_errors": "registry/tests/test_views.py",
    "registry:import_template": "core/tests/test_exports_everywhere.py",
    "duties:export": "core/tests/test_exports_everywhere.py",
    "duties:burden_export": "burden/tests/test_burden.py",
}


def test_every_export_route_is_known():
    found = {
        name
        for route, name in _routes(get_resolver().url_patterns)
        if re.search(r"export|\.xlsx|\.csv", route)
        and not route.endswith(".geojson")
        and not name.startswith("api-")  # the API's are declared in its OpenAPI document
    }
    assert found == set(EXPORTS), found
    for test in EXPORTS.values():
        assert (ROOT / "civicgrid" / test).exists(), test
