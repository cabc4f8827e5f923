"""Fast bulk inserts for imports: PostgreSQL COPY, SQLite executemany.

Django's ``bulk_create`` prepares every value through the field machinery, which dominates a
million-row import. Here the caller gives database-ready tuples for named columns. Ids are
allocated first (PostgreSQL: from the table's sequence; SQLite: after MAX(id), safe because an
import holds SQLite's write lock for its whole transaction), so dependent rows can be linked
without a round trip. ``created_at``/``updated_at`` are filled in when the model has them.

``BulkWriter`` runs the inserts on a background thread on PostgreSQL, so the database works on
one chunk while Python prepares (validates, encrypts) the next; on SQLite it writes inline.
Both use the caller's connection and transaction.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Sequence

from django.db import connection, models
from django.utils import timezone

from .models import Stamp


def _timestamp_columns(model) -> list[str]:
    names = {f.attname for f in model._meta.concrete_fields}
    return [c for c in ("created_at", "updated_at") if c in names]


def allocate_ids(model, n: int) -> list[int]:
    if n <= 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, n],
            )
            return [r[0] for r in cursor.fetchall()]
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {connection.ops.quote_name(table)}")
        start = cursor.fetchone()[0] + 1
    return list(range(start, start + n))


def _sqlite_value(value):
    if hasattr(value, "isoformat") and not isinstance(value, str):
        return value.isoformat()
    return value


def _write(raw_cursor, vendor, model, columns, rows, ids):
    table = model._meta.db_table
    stamps = _timestamp_columns(model)
    now = timezone.now()
    cols = (["id"] if ids is not None else []) + list(columns) + stamps
    quote = connection.ops.quote_name
    if vendor == "postgresql":
        extra = (now,) * len(stamps)
        with raw_cursor.copy(
            f"COPY {quote(table)} ({', '.join(quote(c) for c in cols)}) FROM STDIN"
        ) as copy:
            for i, row in enumerate(rows):
                copy.write_row(((ids[i],) if ids is not None else ()) + tuple(row) + extra)
        return
    adapted: tuple[object, ...] = (connection.ops.adapt_datetimefield_value(now),) * len(stamps)
    sql = f"INSERT INTO {quote(table)} ({', '.join(cols)}) VALUES ({', '.join(['?'] * len(cols))})"
    raw_cursor.executemany(
        sql,
        [
            ((ids[i],) if ids is not None else ()) + tuple(_sqlite_value(v) for v in row) + adapted
            for i, row in enumerate(rows)
        ],
    )


def _converter(field, vendor):
    """How one field's Python value becomes what ``_write`` sends (cheaper than Django's
    ``get_db_prep_save`` for the plain types, which need nothing)."""
    if isinstance(field, models.JSONField | models.FileField):
        return lambda v: field.get_db_prep_save(v, connection)
    if vendor != "postgresql" and isinstance(field, models.DateTimeField):
        return connection.ops.adapt_datetimefield_value
    if vendor != "postgresql" and isinstance(field, models.DecimalField):
        return lambda v: connection.ops.adapt_decimalfield_value(
            v, field.max_digits, field.decimal_places
        )
    return None


def instance_rows(model, objs: Sequence) -> tuple[list[str], list[tuple], list[int] | None]:
    """(columns, rows, ids) for ``BulkWriter.insert`` from unsaved model instances.

    Ids are taken from the instances when they all have one (``allocate_ids``), else left to the
    database. Timestamps are the writer's. Fields' ``pre_save`` is not called: set every value.
    """
    stamps = set(_timestamp_columns(model))
    fields = [
        f for f in model._meta.concrete_fields if not f.primary_key and f.attname not in stamps
    ]
    convert = [_converter(f, connection.vendor) for f in fields]
    rows = [
        tuple(
            getattr(obj, f.attname) if c is None else c(getattr(obj, f.attname))
            for f, c in zip(fields, convert, strict=True)
        )
        for obj in objs
    ]
    ids = [obj.pk for obj in objs]
    return [f.column for f in fields], rows, (ids if all(i is not None for i in ids) else None)


class BulkWriter:
    """Queue inserts; on PostgreSQL a thread writes them while the caller prepares more."""

    def __init__(self, *, threaded: bool | None = None):
        self.vendor = connection.vendor
        self.threaded = (self.vendor == "postgresql") if threaded is None else threaded
        self.error: BaseException | None = None

    def __enter__(self):
        connection.ensure_connection()
        self.raw = connection.connection
        if self.vendor == "postgresql" and connection.in_atomic_block:
            # Django's foreign keys are DEFERRABLE INITIALLY DEFERRED: checked one by one at
            # COMMIT, after all the work. Checked immediately, they run inside the COPYs, on the
            # writer thread, while the caller prepares the next chunk.
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        if self.threaded:
            self.queue: queue.Queue = queue.Queue(maxsize=3)
            self.thread = threading.Thread(target=self._run, name="bulk-writer", daemon=True)
            self.thread.start()
        return self

    def _run(self):
        with self.raw.cursor() as cur:
            while True:
                job = self.queue.get()
                if job is None:
                    return
                if self.error is None:
                    try:
                        _write(cur, self.vendor, *job)
                    except BaseException as exc:  # re-raised in the caller's thread
                        self.error = exc

    def insert(
        self, model, columns: Sequence[str], rows: Sequence[tuple], ids: list[int] | None = None
    ):
        if not rows:
            return
        if self.error is not None:
            raise self.error
        if self.threaded:
            self.queue.put((model, columns, list(rows), ids))
        else:
            cur = self.raw.cursor()
            try:
                _write(cur, self.vendor, model, columns, rows, ids)
            finally:
                cur.close()

    def flush(self):
        """Wait until everything queued is written (before reading it back)."""
        if self.threaded:
            self.queue.put(None)
            self.thread.join()
            if self.error is not None:
                raise self.error
            self.thread = threading.Thread(target=self._run, name="bulk-writer", daemon=True)
            self.thread.start()

    def __exit__(self, exc_type, exc, tb):
        if self.threaded:
            self.queue.put(None)
            self.thread.join()
        if exc_type is None and self.error is not None:
            raise self.error
        return False


def analyze(*models) -> None:
    """Refresh the planner's statistics after a bulk load (run outside the load's transaction).

    Without it the database plans with the statistics of the empty tables until autovacuum gets
    round to them, and picks full scans for look-ups that an index answers in microseconds.
    """
    quote = connection.ops.quote_name
    # PostgreSQL outside a transaction: VACUUM as well, which marks the new pages all-visible so
    # that index-only scans (the register's "area and type" lists) need not visit the table
    command = (
        "VACUUM (ANALYZE)"
        if connection.vendor == "postgresql" and not connection.in_atomic_block
        else "ANALYZE"
    )
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"{command} {quote(model._meta.db_table)}")


def keep_sqlite_statistics(now=None) -> bool:
    """Once a day, refresh SQLite's planner statistics (True when it did).

    SQLite never gathers them by itself, and without them it may answer the evaluation's
    grouped counts by reading every event for each case (minutes instead of a second).
    PostgreSQL's autovacuum keeps its own; nothing is done there. Called by the figures'
    refresh, which beat runs every ten minutes and pages run when no broker is set.
    """
    if connection.vendor != "sqlite":
        return False
    day = int((now or timezone.now()).timestamp() // 86400)
    if Stamp.objects.filter(key="sqlite-statistics", version=day).exists():
        return False
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    Stamp.objects.update_or_create(key="sqlite-statistics", defaults={"version": day})
    return True
