"""A table (header and rows) as xlsx or csv, for every export: the one place cells are written.

Every value passes through here, so every export gets the same treatment:

- lazy translations become text, aware times become local times (Excel has no time zones),
  numbers, Decimals and dates stay what they are, None is an empty cell;
- text that a spreadsheet would run as a formula (it starts with ``=``, ``+``, ``-``, ``@``, a tab
  or a carriage return; OWASP's "CSV injection") is never live: in csv it gets a leading single
  quote, in xlsx it is a string cell (never a formula) marked "quote prefix", so that editing the
  cell does not turn it into one either. Text that is just a number ("-12.5") is left alone.

The rows may come from a database cursor (``QuerySet.iterator()``): they are always closed, also
when writing fails half-way, so no server-side cursor is left open on the connection.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from decimal import Decimal

from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # not allowed in an xlsx file's XML


def is_formula(text: str) -> bool:
    """Would a spreadsheet program run ``text`` as a formula (or a DDE command)?"""
    return text.startswith(FORMULA_START) and not _NUMBER.fullmatch(text)


def plain(value):
    """``value`` as a cell takes it: text, a number, a date or time, or None."""
    if value is None or isinstance(value, str | bool | int | float | Decimal):
        return value
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value).replace(tzinfo=None)
        return value
    if isinstance(value, dt.date | dt.time):
        return value
    return str(value)


def csv_cell(value):
    value = plain(value)
    if value is None:
        return ""
    if isinstance(value, str) and is_formula(value):
        return "'" + value
    return value


def xlsx_cell(ws, value, **style):
    """A write-only cell for ``value`` (text that looks like a formula stays text)."""
    value = plain(value)
    if isinstance(value, str):
        value = _ILLEGAL.sub("", value)
    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, str) and is_formula(value):
        cell.data_type = "s"
        cell.quotePrefix = True
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


def _closed(rows: Iterable) -> contextlib.AbstractContextManager:
    """Close ``rows`` when done (a generator over a cursor closes the cursor)."""
    close = getattr(rows, "close", None)
    return contextlib.closing(rows) if close else contextlib.nullcontext(rows)


def csv_lines(header: list, rows: Iterable[list]) -> Iterator[bytes]:
    """The table as csv, UTF-8 with a BOM (Excel reads it), a line at a time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def take() -> bytes:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text.encode("utf-8")

    with _closed(rows):
        buffer.write("\ufeff")
        writer.writerow([csv_cell(v) for v in header])
        yield take()
        for row in rows:
            writer.writerow([csv_cell(v) for v in row])
            if buffer.tell() > 64 * 1024:
                yield take()
        yield take()


def write_sheets(target, sheets: Iterable[tuple[str, list, Iterable[list]]]) -> None:
    """An xlsx workbook of several sheets, each (name, header, rows), written to ``target``."""
    wb = Workbook(write_only=True)
    try:
        for name, header, rows in sheets:
            ws = wb.create_sheet(name)
            ws.append([xlsx_cell(ws, v) for v in header])
            with _closed(rows):
                for row in rows:
                    ws.append([xlsx_cell(ws, v) for v in row])
        wb.save(target)
    except BaseException:
        _discard(wb)
        raise


def _discard(wb) -> None:
    """Close and remove the sheets' temporary files of a workbook that will not be saved."""
    for ws in wb.worksheets:
        with contextlib.suppress(Exception):
            if not ws.closed:
                ws.close()
        out = getattr(getattr(ws, "_writer", None), "out", None)
        if isinstance(out, str):
            with contextlib.suppress(OSError):
                os.remove(out)


def table_bytes(header: list, rows: Iterable[list], *, fmt: str = "xlsx", sheet: str = "data"):
    """xlsx (streamed, so large lists fit in memory), or csv with a BOM (Excel reads it)."""
    if fmt == "csv":
        return b"".join(csv_lines(header, rows))
    return sheets_bytes([(sheet, header, rows)])


def sheets_bytes(sheets: Iterable[tuple[str, list, Iterable[list]]]) -> bytes:
    """An xlsx workbook of several sheets, each (name, header, rows)."""
    out = io.BytesIO()
    write_sheets(out, sheets)
    return out.getvalue()


def content_type(fmt: str) -> str:
    return CSV if fmt == "csv" else XLSX


def xlsx_response(data: bytes, name: str):
    """An xlsx download named ``name``.xlsx."""
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


def table_response(header: list, rows: Iterable[list], *, fmt: str, name: str, sheet: str = "data"):
    """A download of the table: csv is streamed a few rows at a time; xlsx (a zip, written
    whole) is built in a temporary file rather than in memory. Either way ``rows`` is closed
    when done or when writing fails, so no cursor outlives the response."""
    if fmt == "csv":
        response = StreamingHttpResponse(csv_lines(header, rows), content_type=CSV)
    else:
        spool = tempfile.TemporaryFile()  # noqa: SIM115 (the response closes it)
        try:
            write_sheets(spool, [(sheet, header, rows)])
        except BaseException:
            spool.close()
            raise
        spool.seek(0)
        response = FileResponse(spool, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
