"""A queryset built and compiled once per shape, then run again with other values.

Django builds and compiles a query afresh on every evaluation. For a small query asked on every
request (the duplicates after each report, issue 19) that costs several times what the database
takes to answer it. ``Prepared`` builds the queryset once with marker values, compiles it, finds
where each marker landed among the parameters, and from then on only swaps the values in: the
SQL is the ORM's own, and the rows pass through the ORM's own converters.

The shape is keyed by the base queryset's filter as compiled (its ``where``: SQL and values, so a
user's scope is part of the key, exactly) and by which values are None. Any
marker the compiled parameters do not hold (a value Django wrote into the SQL text) is refused
when the shape is first compiled, never guessed.

On PostgreSQL the shape is also prepared by the database (``CIVICGRID_PREPARED_STATEMENTS``):
planning the duplicates' query took 0.56 ms of the database's time against 0.08 ms to run it
(the case table's 26 indexes are all weighed). The shape's own constants (its scope, the open
states) are written into its text, quoted by the driver as it quotes every client-side
parameter, so that the plan kept for it may use the partial indexes whose conditions they
prove; only the values swapped in are sent as parameters. The prepared statement lives on the
connection (psycopg keeps the 100 most used of each). Behind a pooler that does not keep
prepared statements (PgBouncer in transaction mode before 1.21) set the setting to false.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

from django.conf import settings
from django.core.exceptions import FullResultSet
from django.db import connection
from django.db.models import QuerySet
from django.utils.hashable import make_hashable

_MARKS = itertools.count(1)


def _marker(value):
    """A value of ``value``'s type that no real query holds."""
    n = next(_MARKS)
    if isinstance(value, bool):
        raise TypeError("a boolean cannot be told from its marker")
    if isinstance(value, int):
        return 10**15 + n  # beyond any id
    if isinstance(value, float):
        return -1.0e300 * (1 + n / 2**20)
    if isinstance(value, dt.datetime):
        return dt.datetime(1901, 1, 1, tzinfo=dt.UTC) + dt.timedelta(microseconds=n)
    raise TypeError(f"no marker for {type(value).__name__}")


def _adapt(value):
    """A value as the compiled parameters hold it (a datetime is written by the backend)."""
    if isinstance(value, dt.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    return value


PLACEHOLDER = re.compile(r"%[s%]")


def server_side() -> bool:
    """Whether statements are prepared by the database (PostgreSQL, unless turned off)."""
    return connection.vendor == "postgresql" and settings.CIVICGRID_PREPARED_STATEMENTS


def _with_constants(sql: str, params: list, slots: dict[str, list[int]]) -> tuple[str, list]:
    """``sql`` with every parameter but the slots' written in as a literal (the driver's own
    quoting), and the slots' names in the order their placeholders now stand."""
    at_slot = {i: name for name, held in slots.items() for i in held}
    order: list[str] = []
    seen = iter(range(len(params)))

    def placed(found: re.Match) -> str:
        if found.group() == "%%":
            return "%%"
        i = next(seen)
        if i in at_slot:
            order.append(at_slot[i])
            return "%s"
        return _literal(params[i]).replace("%", "%%")

    return PLACEHOLDER.sub(placed, sql), order


def _literal(value) -> str:
    """``value`` as PostgreSQL reads it in a statement's text, quoted by the driver."""
    ops: Any = connection.ops  # PostgreSQL's, which composes with the driver's quoting
    return ops.compose_sql("%s", [value])


_PREPARING: list[type] = []


def preparing_cursor():
    """A cursor of Django's connection whose statements PostgreSQL prepares (server-side
    binding, ``prepare=True``), wrapped as Django wraps its own (logged, errors translated)."""
    if not _PREPARING:
        import psycopg

        class Preparing(psycopg.Cursor):
            logged = False

            def execute(self, query, params=None, **kwargs):
                done = super().execute(query, params, prepare=True, **kwargs)
                if self.logged:  # what Django's query log reads of a cursor, values written in
                    ops: Any = connection.ops
                    text = ops.compose_sql(query, params)
                    logged: Any = SimpleNamespace(query=text.encode())
                    self._query = logged
                return done

        _PREPARING.append(Preparing)
    connection.ensure_connection()
    connection.validate_thread_sharing()
    raw = _PREPARING[0](connection.connection)
    raw.logged = connection.queries_logged
    if connection.queries_logged:
        return connection.make_debug_cursor(raw)
    return connection.make_cursor(raw)


class _Shape:
    def __init__(self, qs: QuerySet, markers: dict):
        compiler = qs.query.get_compiler(using=qs.db)
        self.sql, params = compiler.as_sql()
        self.params = list(params)
        self.slots = {}
        for name, mark in markers.items():
            held = _adapt(mark)
            self.slots[name] = [i for i, p in enumerate(self.params) if p == held]
            if not self.slots[name]:
                raise ValueError(f"the compiled query does not hold {name!r} as a parameter")
        self.server = server_side()
        if self.server:
            self.sql, self.order = _with_constants(self.sql, self.params, self.slots)
        self.names = list(qs.query.values_select) + list(qs.query.annotation_select)
        columns = [col for col, _sql, _alias in compiler.select]
        if len(columns) != len(self.names):
            raise ValueError("only querysets of .values() can be prepared")
        self.columns = columns
        self.converters = compiler.get_converters(columns)
        self.compiler = compiler

    def run(self, values: dict) -> list[dict]:
        if self.server:
            with preparing_cursor() as cursor:
                cursor.execute(self.sql, [_adapt(values[name]) for name in self.order])
                rows = cursor.fetchall()
        else:
            params = list(self.params)
            for name, slots in self.slots.items():
                value = _adapt(values[name])
                for i in slots:
                    params[i] = value
            with connection.cursor() as cursor:
                cursor.execute(self.sql, params)
                rows = cursor.fetchall()
        if self.converters:
            rows = self.compiler.apply_converters(rows, self.converters)
        return [dict(zip(self.names, row, strict=True)) for row in rows]


class Prepared:
    """``build(base, **values)`` returns a ``.values()`` queryset; ``rows(base, **values)`` runs
    it as the ORM would, compiling it only the first time for each shape."""

    def __init__(self, build: Callable[..., QuerySet], size: int = 512):
        self.build = build
        self.size = size
        self._shapes: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def rows(self, base: QuerySet, **values) -> list[dict]:
        if base.query.is_empty():  # .none(): nothing to ask
            return []
        nones = frozenset(k for k, v in values.items() if v is None)
        try:
            where = base.query.get_compiler(using=base.db).compile(base.query.where)
        except FullResultSet:  # no filter at all
            where = ("", ())
        key = (connection.vendor, base.model, where[0], make_hashable(where[1]), nones)
        shape = self._shapes.get(key)
        if shape is None:
            markers = {k: _marker(v) for k, v in values.items() if v is not None}
            shape = _Shape(self.build(base, **{**values, **markers}), markers)
            with self._lock:
                self._shapes[key] = shape
                while len(self._shapes) > self.size:
                    self._shapes.popitem(last=False)
        return shape.run(values)
