"""A table (header and rows) as xlsx or csv, for every export: the one place cells are written.

Every value passes through here, so every export gets the same treatment:

- lazy translations become text, aware times become local times (Excel has no time zones),
  numbers, Decimals and dates stay what they are, None is an empty cell;
- text that a spreadsheet would run as a formula (it starts with ``=``, ``+``, ``-``, ``@``, a tab
  or a carriage return; OWASP's "CSV injection") is never live: in csv it gets a leading single
  quote, in xlsx it is a string cell (never a formula) marked "quote prefix", so that editing the
  cell does not turn it into one either. Text that is just a number ("-12.5") is left alone.

xlsx is written by XlsxWriter in its constant-memory mode (a row at a time to a temporary file,
about three times faster than openpyxl's write-only mode, which an export of 10,000 cases spent
most of its time in); openpyxl still reads the files people import.

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
from typing import Any

import xlsxwriter
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.functional import Promise

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


class XlsxSheets:
    """An xlsx workbook written a row at a time (XlsxWriter, constant memory): ``sheet`` starts a
    sheet, ``row`` writes the next row of cells. ``bold`` and ``fill`` (an RGB colour) style the
    cells of a row. Used as a context manager: the file is written when the block ends, and
    dropped with its temporary files when the block raises."""

    NUMBER_FORMATS = {
        dt.datetime: "yyyy-mm-dd hh:mm:ss",
        dt.date: "yyyy-mm-dd",
        dt.time: "hh:mm:ss",
    }

    def __init__(self, target):
        self.book = xlsxwriter.Workbook(
            target,
            {
                "constant_memory": True,
                # what is text stays text: no formulas, numbers or links guessed from it
                "strings_to_formulas": False,
                "strings_to_numbers": False,
                "strings_to_urls": False,
                "tmpdir": tempfile.gettempdir(),
            },
        )
        self.formats: dict[tuple, object] = {}
        self.sheet_: Any = None
        self.at = 0

    def sheet(self, name: str) -> None:
        self.sheet_ = self.book.add_worksheet(name)
        self.at = 0

    def _format(self, kind, bold: bool, fill: str | None):
        key = (kind, bold, fill)
        if key not in self.formats:
            properties: dict = {"quote_prefix": True} if kind == "quote" else {}
            if kind in self.NUMBER_FORMATS:
                properties["num_format"] = self.NUMBER_FORMATS[kind]
            if bold:
                properties["bold"] = True
            if fill:
                properties.update(pattern=1, bg_color=f"#{fill}")
            self.formats[key] = self.book.add_format(properties) if properties else None
        return self.formats[key]

    def row(self, values: Iterable, *, bold: bool = False, fill_at: dict | None = None) -> None:
        """The next row; ``fill_at`` maps a column to the fill of its cell when it has a value."""
        ws, r = self.sheet_, self.at
        for c, raw in enumerate(values):
            value = plain(raw)
            fill = fill_at.get(c) if fill_at and value not in (None, "") else None
            if value is None or value == "":  # an empty cell, as openpyxl reads it: None
                if bold or fill:
                    ws.write_blank(r, c, None, self._format(None, bold, fill))
            elif isinstance(value, str):
                kind: object = "quote" if is_formula(value) else None
                # a line break is LF in a cell (a CR would be written as "_x000D_")
                value = _ILLEGAL.sub("", value).replace("\r\n", "\n").replace("\r", "\n")
                ws.write_string(r, c, value, self._format(kind, bold, fill))
            elif isinstance(value, bool):
                ws.write_boolean(r, c, value, self._format(None, bold, fill))
            elif isinstance(value, int | float | Decimal):
                ws.write_number(r, c, value, self._format(None, bold, fill))
            else:  # a date, a time, or a local date and time
                kind = next(t for t in self.NUMBER_FORMATS if isinstance(value, t))
                ws.write_datetime(r, c, value, self._format(kind, bold, fill))
        self.at += 1

    def __enter__(self) -> XlsxSheets:
        return self

    def __exit__(self, kind, error, trace) -> None:
        if kind is None:
            self.book.close()
        else:
            self.discard()

    def discard(self) -> None:
        """Remove the temporary files of a workbook that will not be written."""
        for ws in self.book.worksheets():
            handle = getattr(ws, "row_data_fh", None)
            name = getattr(ws, "row_data_filename", None)
            with contextlib.suppress(Exception):
                if handle is not None:
                    handle.close()
            if name:
                with contextlib.suppress(OSError):
                    os.remove(name)


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
    """An xlsx workbook of several sheets, each (name, header, rows), written to ``target``
    (an empty header is not written)."""
    with XlsxSheets(target) as book:
        for name, header, rows in sheets:
            book.sheet(name)
            if header:
                book.row(header)
            with _closed(rows):
                for row in rows:
                    book.row(row)


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
