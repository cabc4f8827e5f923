"""The import pipeline shared by every kind: read → map header → prepare → clean all → write."""

from __future__ import annotations

import io
from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _
from tqdm import tqdm

from civicgrid.accounts import permissions
from civicgrid.accounts.models import User
from civicgrid.areas.choices import AreaLevel
from civicgrid.areas.models import Area
from civicgrid.core.bulk import analyze
from civicgrid.core.errors import DomainError
from civicgrid.core.text import shortened

from .. import addresses
from ..validation import FieldError
from . import parallel
from .columns import CellError, Column
from .table import Limits, read_table, write_xlsx

ERROR_HEADER = "错误 / Errors"
ADDRESS_KINDS = {"buildings", "households"}  # imports that write buildings or houses
ANALYZE_AFTER = 10_000  # rows written before the planner's statistics are refreshed


@dataclass
class RowError:
    row: int  # spreadsheet row number (header is row 1)
    column: str  # the header as written in the file
    value: str
    reason: str

    def __str__(self) -> str:
        return _("row %(row)s, column %(column)s, value “%(value)s”: %(reason)s") % {
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "reason": self.reason,
        }


@dataclass
class ImportReport:
    kind: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def add(self, counts: dict[str, int]) -> None:
        self.created += counts.get("created", 0)
        self.updated += counts.get("updated", 0)
        self.unchanged += counts.get("unchanged", 0)


class Importer(ABC):
    """One kind of import. Subclasses give ``columns`` and implement prepare/clean/write."""

    kind = ""
    key_column = ""
    columns: list[Column] = []
    tables: tuple = ()  # models written, analysed after a large import

    def __init__(self, user=None):
        self.user = user
        self.header_index: dict[str, int] = {}
        self.headers: list[str] = []
        self.present: set[str] = set()
        self._limits: dict[str, int] = {}

    # -- header ------------------------------------------------------------------------------
    def map_header(self, header: list[str]) -> list[RowError]:
        self.headers = header
        names = {}
        for col in self.columns:
            names[col.zh] = col.key
            names[col.en.lower()] = col.key
        for index, title in enumerate(header):
            key = names.get(title) or names.get(title.lower())
            if key:
                self.header_index[key] = index
        self.present = set(self.header_index)
        self._limits = {col.key: col.max_length for col in self.columns}
        return [
            RowError(1, col.zh, "", _("This required column is missing."))
            for col in self.columns
            if col.required and col.key not in self.header_index
        ]

    def fits(self, rec: dict, err) -> bool:
        """Whether every cell of ``rec`` fits its column (else an error names the column)."""
        limits = self._limits
        if all(len(v) <= limits[k] for k, v in rec.items() if isinstance(v, str)):
            return True  # the usual case, without the per-column walk below
        fits = True
        for col in self.columns:
            value = rec.get(col.key)
            if isinstance(value, str) and len(value) > col.max_length:
                err(
                    col.key,
                    shortened(value, 41),  # the cell quoted, visibly cut
                    _("At most %(n)s characters; this cell has %(has)s.")
                    % {"n": col.max_length, "has": len(value)},
                )
                fits = False
        return fits

    def header_of(self, key: str) -> str:
        if key in self.header_index:
            return self.headers[self.header_index[key]]
        return next(c.zh for c in self.columns if c.key == key)

    def record(self, row: tuple) -> dict:
        return {k: (row[i] if i < len(row) else "") for k, i in self.header_index.items()}

    # -- shared lookups ----------------------------------------------------------------------
    def load_grids(self) -> None:
        self.grids = {
            code: (pk, path)
            for code, pk, path in Area.objects.filter(
                level=AreaLevel.GRID, active=True
            ).values_list("code", "pk", "path")
        }
        self.grid_paths = {pk: path for pk, path in self.grids.values()}
        paths = (
            None
            if self.user is None
            else permissions.scope_paths(self.user, permissions.IMPORT_REGISTER)
        )
        self.allowed_paths = paths  # None: everywhere

    def grid_of(self, code: str, err) -> int | None:
        found = self.grids.get(code)
        if found is None:
            err("grid", code, _("No active grid has this code."))
            return None
        return self.grid_allowed(found[0], code, err)

    def grid_allowed(self, pk: int | None, shown: str, err) -> int | None:
        """``pk`` if the user may import into that grid; else an error on the grid column."""
        path = self.grid_paths.get(pk) if pk is not None else None
        if path is None:
            err("grid", shown, _("No active grid has this code."))
            return None
        if self.allowed_paths is not None and not any(
            path.startswith(p) for p in self.allowed_paths
        ):
            err("grid", shown, _("You may not import into this grid."))
            return None
        return pk

    # -- to implement ------------------------------------------------------------------------
    @abstractmethod
    def prepare(self, records: list[dict]) -> None:
        """Load what ``clean`` looks up (grids, buildings, tags …) in a few queries."""

    @abstractmethod
    def clean(self, rec: dict, err) -> dict | None:
        """Parse one row; report problems through ``err(key, value, reason)``. The result
        carries ``_key``, the row's natural key, for duplicate detection."""

    def seal(self, cleaned: dict) -> None:
        """Derive what is written from a clean row (blind indexes, ciphertexts, masked forms);
        runs after ``clean`` in the checking processes (``parallel``); ``write`` derives it
        for rows that come without. Kinds without personal data have
        nothing to derive."""
        return None

    @abstractmethod
    def write(self, cleaned: list[dict], report: ImportReport, bar) -> None:
        """Write every cleaned row (inside the caller's transaction) and count the outcome."""


def _progress(total: int, desc: str, enabled: bool):
    return tqdm(
        total=total,
        desc=desc,
        unit=_("rows"),
        disable=not enabled,
        dynamic_ncols=True,
        mininterval=0.5,
    )


def check_row(
    importer: Importer, number: int, rec: dict, seal: bool = False
) -> tuple[dict | None, list[RowError]]:
    """One row: its cleaned form or None, and its errors by row and column. ``seal``: derive what
    is written now (in a checking process) rather than chunk by chunk while writing."""
    errors: list[RowError] = []

    def err(key, value, reason):
        errors.append(RowError(number, importer.header_of(key), str(value), str(reason)))

    try:
        out = importer.clean(rec, err) if importer.fits(rec, err) else None
    except (CellError, FieldError) as exc:  # an unexpected cell problem
        err(getattr(exc, "field", importer.key_column), "", str(exc))
        out = None
    if out is not None and not errors and seal:
        importer.seal(out)
    return out, errors


def _numbered(rows) -> Iterator[tuple[int, tuple]]:
    """(spreadsheet row number, row) for each row that is not blank."""
    for number, row in enumerate(rows, start=2):
        if any(str(v).strip() for v in row):
            yield number, row


def register_import(
    *,
    kind: str,
    path: str | Path,
    user: User | None = None,
    dry_run: bool = False,
    data: bytes | None = None,
    file=None,
    limits: Limits | None = None,
    progress: bool = False,
    error_report: str | Path | io.BytesIO | None = None,
    table: tuple[list[str], list[tuple]] | None = None,
    workers: int | None = None,
) -> ImportReport:
    """Validate every row, then write all or nothing. The file is the open binary ``file``, the
    bytes ``data`` or the file at ``path``, read a row at a time within ``limits`` (default: the
    settings'). ``error_report`` receives the annotated xlsx copy when there are errors (the
    file is read again for it). ``table`` (header, rows) replaces reading a file. ``workers``
    processes check the rows (default: the settings'; see ``parallel``)."""
    importer = IMPORTERS[kind](user=user)
    report = ImportReport(kind=kind, dry_run=dry_run)

    def read():
        if table is not None:
            return table[0], iter(table[1])
        return read_table(path, data=data, file=file, limits=limits)

    header, rows_iter = read()
    report.errors.extend(importer.map_header(header))
    records: list[tuple[int, dict]] = []
    for number, row in _numbered(rows_iter):
        records.append((number, importer.record(row)))
    report.rows = len(records)
    if report.errors:
        _write_error_report(error_report, header, read, report.errors)
        return report
    importer.prepare([r for _, r in records])
    cleaned: list[dict] = []
    seen: dict[str, int] = {}
    with _progress(len(records), _("validating"), progress) as bar:
        for number, rec, out, row_errors in parallel.checked(
            check_row, importer, records, workers, bar.update
        ):
            if out is not None and not row_errors:
                natural = str(out["_key"])
                if natural in seen:
                    row_errors.append(
                        RowError(
                            number,
                            importer.header_of(importer.key_column),
                            str(rec.get(importer.key_column, "")),
                            _("Duplicate of row %(row)s.") % {"row": seen[natural]},
                        )
                    )
                else:
                    seen[natural] = number
                    cleaned.append(out)
            report.errors.extend(row_errors)
    if report.errors:
        _write_error_report(error_report, header, read, report.errors)
        return report
    try:
        with transaction.atomic(), _progress(len(cleaned), _("writing"), progress) as bar:
            importer.write(cleaned, report, bar)
            if dry_run:
                transaction.set_rollback(True)
    except DomainError:
        raise
    report.written = not dry_run
    if report.written and report.created + report.updated >= ANALYZE_AFTER:
        analyze(*importer.tables)
    if report.written and kind in ADDRESS_KINDS and report.created + report.updated:
        addresses.rebuild()  # the standard address index follows the register (decision 0015)
    return report


def _write_error_report(target, header, read, errors: list[RowError]) -> None:
    """The file again (``read()``), each row with its problems in a last column."""
    if target is None:
        return
    by_row: dict[int, list[str]] = {}
    for e in errors:
        by_row.setdefault(e.row, []).append(f"{e.column}: {e.reason}")

    def rows():
        if 1 in by_row:
            yield [""] * len(header) + ["；".join(by_row[1])]
        _header, again = read()
        for number, row in _numbered(again):
            yield [*row, "；".join(by_row.get(number, []))]

    write_xlsx(target, [*header, ERROR_HEADER], rows(), highlight_col=len(header))


IMPORTERS: dict[str, type[Importer]] = {}


def register(cls: type[Importer]) -> type[Importer]:
    IMPORTERS[cls.kind] = cls
    return cls
