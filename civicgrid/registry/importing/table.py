"""Reading and writing tables: xlsx (openpyxl) and csv (UTF-8, with or without BOM, or GB18030)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill

from civicgrid.core.errors import DomainError


def _cell_text(value) -> str | object:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return value.strip()
    return value  # dates stay dates


def read_table(path: str | Path, *, data: bytes | None = None) -> tuple[list[str], Iterator[tuple]]:
    """(header, rows) from an xlsx or csv file; rows are tuples of cell values (strings/dates)."""
    name = str(path).lower()
    if name.endswith(".xlsx"):
        try:
            wb = load_workbook(
                io.BytesIO(data) if data is not None else path, read_only=True, data_only=True
            )
        except Exception as exc:  # openpyxl raises many kinds for a bad file
            raise DomainError(
                _("The file is not a readable xlsx workbook: %(why)s") % {"why": exc}
            ) from None
        ws = wb.worksheets[0]
        rows = ws.iter_rows(values_only=True)
        header = [str(_cell_text(h)) for h in next(rows, ())]
        return header, (tuple(_cell_text(v) for v in row) for row in rows)
    if name.endswith(".csv"):
        raw = data if data is not None else Path(path).read_bytes()
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = raw.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise DomainError(_("The csv file is neither UTF-8 nor GB18030 text."))
        reader = csv.reader(io.StringIO(text))
        header = [h.strip() for h in next(reader, [])]
        return header, (tuple(v.strip() for v in row) for row in reader)
    raise DomainError(_("Only .xlsx and .csv files can be imported."), field="file")


def write_xlsx(
    path_or_buffer,
    header: list[str],
    rows,
    *,
    sheet: str = "Sheet1",
    highlight_col=None,
    extra_sheets=None,
):
    wb = Workbook(write_only=False)
    ws = wb.active
    ws.title = sheet
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    red = PatternFill("solid", fgColor="FFF2CC")
    for row in rows:
        ws.append(list(row))
        if highlight_col is not None and row[highlight_col]:
            ws.cell(row=ws.max_row, column=highlight_col + 1).fill = red
    for title, lines in (extra_sheets or {}).items():
        extra = wb.create_sheet(title)
        for line in lines:
            extra.append(list(line))
    wb.save(path_or_buffer)
