"""A table (header and rows) as xlsx or csv bytes, for every export."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from openpyxl import Workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"


def table_bytes(header: list, rows: Iterable[list], *, fmt: str = "xlsx", sheet: str = "data"):
    """xlsx (streamed, so large lists fit in memory), or csv with a BOM (Excel reads it)."""
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(header)
        writer.writerows(rows)
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")
    return sheets_bytes([(sheet, header, rows)])


def sheets_bytes(sheets: Iterable[tuple[str, list, Iterable[list]]]) -> bytes:
    """An xlsx workbook of several sheets, each (name, header, rows)."""
    wb = Workbook(write_only=True)
    for name, header, rows in sheets:
        ws = wb.create_sheet(name)
        ws.append(header)
        for row in rows:
            ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def content_type(fmt: str) -> str:
    return CSV if fmt == "csv" else XLSX


def xlsx_response(data: bytes, name: str):
    """An xlsx download named ``name``.xlsx."""
    from django.http import HttpResponse

    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response
