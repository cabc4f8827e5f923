"""Bulk upsert on a natural key: create what is new, update what changed, leave the rest.

Existing keys are looked up for the whole input first, so the inserts that follow can stream
(see core/bulk.BulkWriter) without waiting on look-ups in between.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db import connection

CHUNK = 5000


def chunks(items: list, size: int = CHUNK) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def upsert(
    model,
    key: str,
    rows: list[dict],
    *,
    compare: Iterable[str],
    apply: Callable[[object, dict], None] | None = None,
    insert: Callable[[list[dict]], list[int]] | None = None,
    on_progress: Callable[[int], None] | None = None,
    update_fields: Iterable[str] | None = None,
) -> tuple[dict[str, int], dict]:
    """``rows`` carry ``key`` and field values (keys starting with "_" are the caller's).
    ``compare`` lists the fields whose difference makes an update; ``apply`` changes an instance
    (default: set the fields); ``insert`` writes new rows and returns their ids in order
    (default: ``bulk_create``). Returns (counts, key → pk)."""
    compare = [f for f in compare if f != key]
    progress = on_progress or (lambda n: None)
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    ids: dict = {}
    existing: dict = {}
    for batch in chunks([row[key] for row in rows]):
        for values in lookup(model, key, batch, ["id", key, *compare]):
            existing[values[1]] = (values[0], values[2:])
    new_rows, changed = [], []
    for row in rows:
        found = existing.get(row[key])
        if found is None:
            new_rows.append(row)
            continue
        ids[row[key]] = found[0]
        if any(found[1][i] != row[f] for i, f in enumerate(compare) if f in row):
            changed.append((found[0], row))
        else:
            counts["unchanged"] += 1
    progress(counts["unchanged"])
    if new_rows:
        new_ids = (insert or _bulk_create(model))(new_rows)
        ids.update(zip((row[key] for row in new_rows), new_ids, strict=True))
        counts["created"] = len(new_rows)
        progress(len(new_rows))
    fields = sorted(
        set(update_fields or {f for _, row in changed for f in row if not f.startswith("_")})
        - {key}
        | {"updated_at"}
    )
    for batch in chunks(changed):
        objects = model.objects.in_bulk([pk for pk, _ in batch])
        for pk, row in batch:
            (apply or _set_fields)(objects[pk], row)
        model.objects.bulk_update(list(objects.values()), fields, batch_size=2000)
        counts["updated"] += len(batch)
        progress(len(batch))
    return counts, ids


def lookup(model, key: str, values: list, fields: list[str]):
    """Rows (tuples of ``fields``) whose ``key`` is in ``values``, as ``values_list`` reads them.
    On PostgreSQL one array parameter (``= ANY``) instead of thousands of placeholders, which the
    driver would otherwise format one by one (7 % of a large import); the values pass through the
    same converters as the ORM's."""
    if connection.vendor != "postgresql":
        return list(model.objects.filter(**{f"{key}__in": values}).values_list(*fields))
    meta, table = model._meta, model._meta.db_table
    columns = [meta.pk if f in ("id", "pk") else meta.get_field(f) for f in fields]
    quote = connection.ops.quote_name
    sql = (
        f"SELECT {', '.join(quote(c.column) for c in columns)} FROM {quote(table)} "
        f"WHERE {quote(meta.get_field(key).column)} = ANY(%s)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [list(values)])
        rows = cursor.fetchall()
    cols = [c.get_col(table) for c in columns]
    converters = [
        (i, fns)
        for i, col in enumerate(cols)
        if (fns := connection.ops.get_db_converters(col) + col.get_db_converters(connection))
    ]
    if not converters:
        return rows
    out = []
    for row in rows:
        values_ = list(row)
        for i, fns in converters:
            for convert in fns:
                values_[i] = convert(values_[i], cols[i], connection)
        out.append(tuple(values_))
    return out


def _set_fields(obj, row: dict) -> None:
    for field, value in row.items():
        if not field.startswith("_"):
            setattr(obj, field, value)


def _bulk_create(model):
    def create(rows: list[dict]) -> list[int]:
        objects = [model(**{k: v for k, v in row.items() if not k.startswith("_")}) for row in rows]
        model.objects.bulk_create(objects, batch_size=2000)
        return [o.pk for o in objects]

    return create
