"""The bulk floor for imports (issue 19 §1): a bare COPY of the rows an import wrote.

After the product's import the rows it added to each table are copied out (``COPY … TO``, into a
file, untimed) and removed; the floor then writes the very same rows back with ``COPY … FROM``
into the same tables, with the same indexes and foreign keys, in one transaction — no reading of
the csv, no validation, no encryption, no masking, no blind index. The ciphertext, index and
masked columns hold the bytes the import produced, so both write the same bytes. After the floor
the tables hold exactly what the import left, so later benchmarks see the same data.

PostgreSQL only (the floor is defined by COPY); elsewhere ``supported()`` is False.
"""

from __future__ import annotations

import time
from pathlib import Path

from django.db import connection, transaction

BLOCK = 1 << 20


def supported() -> bool:
    return connection.vendor == "postgresql"


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def high_marks(models) -> dict:
    """The highest id of each model's table (0 when empty)."""
    marks = {}
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {_quote(model._meta.db_table)}")
            marks[model] = cursor.fetchone()[0]
    return marks


def _columns(model) -> list[str]:
    return [f.column for f in model._meta.concrete_fields]


def capture(marks: dict, workdir: Path) -> list[tuple]:
    """Copy out what each table gained since ``marks``: [(model, file, rows)], in ``marks``'
    order (parents first), skipping tables that gained nothing."""
    captured = []
    raw = connection.connection
    for model, mark in marks.items():
        table = model._meta.db_table
        path = workdir / f"floor-{table}.copy"
        cols = ", ".join(_quote(c) for c in _columns(model))
        rows = 0
        with (
            raw.cursor() as cur,
            path.open("wb") as out,
            cur.copy(
                f"COPY (SELECT {cols} FROM {_quote(table)} WHERE id > {int(mark)} ORDER BY id) "
                "TO STDOUT"
            ) as copy,
        ):
            for block in copy:
                out.write(block)
                rows += bytes(block).count(b"\n")
        if rows:
            captured.append((model, path, rows))
    return captured


def remove(marks: dict) -> None:
    """Take out what each table gained since ``marks`` (children first)."""
    with transaction.atomic(), connection.cursor() as cursor:
        for model, mark in reversed(list(marks.items())):
            table = _quote(model._meta.db_table)
            if mark == 0:
                cursor.execute(f"TRUNCATE {table} CASCADE")
            else:
                cursor.execute(f"DELETE FROM {table} WHERE id > %s", [mark])


def floor(captured: list[tuple]) -> float:
    """Write the captured rows back with COPY in one transaction; seconds, commit included."""
    start = time.perf_counter()
    with transaction.atomic():
        raw = connection.connection
        with raw.cursor() as cur:
            for model, path, _rows in captured:
                cols = ", ".join(_quote(c) for c in _columns(model))
                with (
                    path.open("rb") as src,
                    cur.copy(f"COPY {_quote(model._meta.db_table)} ({cols}) FROM STDIN") as copy,
                ):
                    while block := src.read(BLOCK):
                        copy.write(block)
    return time.perf_counter() - start


def table_sizes(captured: list[tuple]) -> dict:
    return {model._meta.db_table: rows for model, _path, rows in captured}
