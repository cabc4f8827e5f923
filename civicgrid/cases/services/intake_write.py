"""The write of a new case: its row, its number and its first event, in the caller's transaction.

The number is made of the case's id (``case_number``), so it is known only once the row has
one. On PostgreSQL one statement does all three: the id is drawn from the table's sequence, the
case row is inserted with its number made from that id, and the first event refers to it —
one round trip instead of four (insert, number, event, and Django compiling each). Elsewhere
(SQLite) the case is saved with a temporary number, numbered, and its event saved, by the ORM.
Both write the same values: each field is prepared as ``save()`` prepares it (core.rowinsert),
and ``pre_save``/``post_save`` are sent for both rows.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import connection
from django.utils import timezone

from civicgrid.core.prepared import preparing_cursor, server_side
from civicgrid.core.rowinsert import RowInsert

from ..models import Case, CaseEvent

NUMBER_DIGITS = 6  # at least: a longer id keeps all its digits


def number_prefix(at: dt.datetime) -> str:
    """``SQ`` and the local date: what comes before the id in a case's number."""
    return f"{settings.CIVICGRID_CASE_PREFIX}{timezone.localtime(at):%Y%m%d}"


def case_number(pk: int, at: dt.datetime) -> str:
    """``SQ`` + local date + the case id (at least 6 digits): readable and unique for ever."""
    return f"{number_prefix(at)}{pk:0{NUMBER_DIGITS}d}"


def write(case: Case, event: CaseEvent) -> None:
    """Store a new ``case`` (its ``number`` is set here, from its id and ``reported_at``) and its
    first ``event``, which refers to it."""
    if connection.vendor == "postgresql":
        _write_one_statement(case, event)
    else:
        _write_by_orm(case, event)
    event.case = case


def _write_by_orm(case: Case, event: CaseEvent) -> None:
    case.number = f"tmp-{uuid.uuid4().hex[:20]}"  # unique until the id is known
    case.save()
    case.number = case_number(case.pk, case.reported_at)
    Case.objects.filter(pk=case.pk).update(number=case.number)
    event.case = case
    event.save()


_ROWS: dict[str, RowInsert] = {}


def _rows() -> tuple[RowInsert, RowInsert]:
    if not _ROWS:
        _ROWS["case"], _ROWS["event"] = RowInsert(Case), RowInsert(CaseEvent)
    return _ROWS["case"], _ROWS["event"]


# the id drawn once (a CTE with a volatile function is evaluated once), then used for the row,
# its number and its event
NUMBER_FROM_ID = (
    f"%s || (SELECT CASE WHEN id < {10**NUMBER_DIGITS} THEN lpad(id::text, {NUMBER_DIGITS}, '0') "
    "ELSE id::text END FROM n)"
)


def _write_one_statement(case: Case, event: CaseEvent) -> None:
    case_row, event_row = _rows()
    case_row.before(case)
    event_row.before(event)
    c_columns, c_values, c_params = case_row.sql(
        case, {"number": (NUMBER_FROM_ID, [number_prefix(case.reported_at)])}
    )
    e_columns, e_values, e_params = event_row.sql(event, {"case_id": ("(SELECT id FROM c)", [])})
    pk = connection.ops.quote_name(Case._meta.pk.column)
    sql = (
        f"WITH n AS (SELECT nextval(pg_get_serial_sequence(%s, %s)) AS id), "
        f"c AS (INSERT INTO {case_row.table} ({pk}, {c_columns}) "
        f"VALUES ((SELECT id FROM n), {c_values}) RETURNING {pk} AS id) "
        f"INSERT INTO {event_row.table} ({e_columns}) VALUES ({e_values}) "
        f"RETURNING {connection.ops.quote_name(CaseEvent._meta.pk.column)}, "
        f"{connection.ops.quote_name(CaseEvent._meta.get_field('case').column)}"
    )
    # prepared once per connection and shape (which of the row's values are constants): its
    # planning cost the database as much again as running it
    with preparing_cursor() if server_side() else connection.cursor() as cursor:
        cursor.execute(sql, [Case._meta.db_table, Case._meta.pk.column, *c_params, *e_params])
        event_pk, case_pk = cursor.fetchone()
    case.number = case_number(case_pk, case.reported_at)
    case_row.saved(case, case_pk)
    event.case_id = case_pk
    event_row.saved(event, event_pk)
