"""Reading and writing tables: xlsx (read by openpyxl, written by core.spreadsheet) and csv (UTF-8, with or without BOM, or GB18030).

The one reader of every imported file (the register's imports and the duty lists, from the web
page, the API and the command line). It reads a row at a time and never holds the file whole:

- csv through a text stream over the file (its encoding found by a first pass);
- xlsx read-only, after checking the sizes the zip declares for its parts, so that a small file
  that expands to gigabytes ("zip bomb") is refused before anything is unpacked.

Limits (settings): the upload's size (``CIVICGRID_IMPORT_MAX_MB``), the xlsx's expanded size
(``CIVICGRID_IMPORT_MAX_EXPANDED_MB``) and the rows (``CIVICGRID_IMPORT_MAX_ROWS``). Each
refusal is a ``DomainError`` naming the field ``file``.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.conf import settings
from django.utils.translation import gettext as _

from civicgrid.core.errors import DomainError
from civicgrid.core.spreadsheet import XlsxSheets

from ..errors import RegistryError

MB = 1024 * 1024
HIGHLIGHT = "FFF2CC"  # the error column's fill: a pale yellow


@dataclass(frozen=True)
class Limits:
    rows: int | None = None  # rows under the header
    expanded: int | None = None  # bytes an xlsx's parts may unpack to

    @classmethod
    def from_settings(cls) -> Limits:
        return cls(
            rows=settings.CIVICGRID_IMPORT_MAX_ROWS,
            expanded=settings.CIVICGRID_IMPORT_MAX_EXPANDED_MB * MB,
        )


NO_LIMITS = Limits()


def _refuse(message: str) -> DomainError:
    return DomainError(message, code=RegistryError.INVALID_FILE, field="file")


def check_upload(upload) -> None:
    """Refuse an uploaded file that is too large or not an xlsx or csv file."""
    limit = settings.CIVICGRID_IMPORT_MAX_MB
    if upload.size > limit * MB:
        raise _refuse(
            _("File: larger than %(mb)s MB; split it or use the command line.") % {"mb": limit}
        )
    if not str(upload.name or "").lower().endswith((".xlsx", ".csv")):
        raise _refuse(_("File: only .xlsx and .csv files can be imported."))


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


def _open(path, data, file) -> tuple[IO[bytes], bool]:
    if file is not None:
        file.seek(0)
        return file, False
    if data is not None:
        return io.BytesIO(data), True
    return Path(path).open("rb"), True


def _counted(rows: Iterator[tuple], limits: Limits) -> Iterator[tuple]:
    for number, row in enumerate(rows, start=1):
        if limits.rows is not None and number > limits.rows:
            raise _refuse(
                _("File: more than %(n)s rows; split it or use the command line.")
                % {"n": limits.rows}
            )
        yield row


def _check_zip(stream, limits: Limits) -> None:
    try:
        with zipfile.ZipFile(stream) as archive:
            expanded = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise _refuse(
            _("The file is not a readable xlsx workbook: %(why)s") % {"why": exc}
        ) from None
    finally:
        stream.seek(0)
    if limits.expanded is not None and expanded > limits.expanded:
        raise _refuse(
            _("File: the workbook unpacks to more than %(mb)s MB; split it.")
            % {"mb": limits.expanded // MB}
        )


def _xlsx_rows(stream, close: bool, limits: Limits) -> tuple[list[str], Iterator[tuple]]:
    try:
        _check_zip(stream, limits)
        try:
            from openpyxl import load_workbook  # 32 MB: loaded by the processes that import

            wb = load_workbook(stream, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a bad file
            raise _refuse(
                _("The file is not a readable xlsx workbook: %(why)s") % {"why": exc}
            ) from None
    except BaseException:
        if close:
            stream.close()
        raise

    def cells():
        try:
            yield from wb.worksheets[0].iter_rows(values_only=True)
        except DomainError:
            raise
        except Exception as exc:  # a part of the zip that is not the XML it claims to be
            raise _refuse(
                _("The file is not a readable xlsx workbook: %(why)s") % {"why": exc}
            ) from None
        finally:
            wb.close()
            if close:
                stream.close()

    rows = cells()
    header = [str(_cell_text(h)) for h in next(rows, ())]

    def body():
        try:
            for row in _counted(rows, limits):
                yield tuple(_cell_text(v) for v in row)
        finally:
            rows.close()

    return header, body()


def _encoding(stream) -> str:
    """UTF-8 (with or without BOM) when every byte decodes as such, else GB18030."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        while chunk := stream.read(64 * 1024):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
        return "utf-8-sig"
    except UnicodeDecodeError:
        return "gb18030"
    finally:
        stream.seek(0)


def _csv_rows(stream, close: bool, limits: Limits) -> tuple[list[str], Iterator[tuple]]:
    text = io.TextIOWrapper(stream, encoding=_encoding(stream), newline="")
    reader = csv.reader(text)

    def rows():
        try:
            for number, row in enumerate(reader, start=1):
                if any("\x00" in v for v in row):
                    raise _refuse(
                        _("Row %(row)s holds a NUL character: the file is not plain text.")
                        % {"row": number}
                    )
                yield row
        except (UnicodeDecodeError, csv.Error):
            raise _refuse(_("The csv file is neither UTF-8 nor GB18030 text.")) from None
        finally:
            text.close() if close else text.detach()

    lines = rows()
    header = [h.strip() for h in next(lines, [])]

    def body():
        try:
            for row in _counted(lines, limits):
                yield tuple(v.strip() for v in row)
        finally:
            lines.close()

    return header, body()


def read_table(
    path: str | Path,
    *,
    data: bytes | None = None,
    file=None,
    limits: Limits | None = None,
) -> tuple[list[str], Iterator[tuple]]:
    """(header, rows) from an xlsx or csv file: the open binary ``file``, the bytes ``data`` or
    the file at ``path`` (whose name says the format). Rows are tuples of cell values (strings,
    dates), read one at a time; the file is closed when they are all read (or the rows closed).
    ``limits`` defaults to the settings' (``NO_LIMITS`` for none)."""
    limits = Limits.from_settings() if limits is None else limits
    name = str(path).lower()
    if name.endswith(".xlsx"):
        return _xlsx_rows(*_open(path, data, file), limits)
    if name.endswith(".csv"):
        return _csv_rows(*_open(path, data, file), limits)
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
    """An xlsx of ``rows`` under a bold ``header`` (the cells written as every export's are);
    the column ``highlight_col`` is filled where it holds something."""
    fill_at = {highlight_col: HIGHLIGHT} if highlight_col is not None else None
    with XlsxSheets(path_or_buffer) as book:
        book.sheet(sheet)
        book.row(header, bold=True)
        for row in rows:
            book.row(row, fill_at=fill_at)
        for title, lines in (extra_sheets or {}).items():
            book.sheet(title)
            for line in lines:
                book.row(line)
