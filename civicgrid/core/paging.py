"""Keyset pagination: ``after`` is the last id of the previous page, so deep pages stay fast."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet


@dataclass
class Page:
    items: list
    next_after: int | None
    size: int


def keyset_page(
    qs: QuerySet,
    *,
    after: int | str | None,
    size: int = 50,
    max_size: int = 500,
    descending: bool = False,
    ids_first: bool = False,
) -> Page:
    """Items after ``after`` in id order (newest first when ``descending``), and the cursor for
    the next page (None at the end).

    ``qs`` must be ordered by id (``-id`` when descending). A bad cursor is the first page.
    ``ids_first`` reads the page's ids, then its rows: the joins of ``select_related`` are then
    made for one page, not for every row a selective filter has to sort (the register's lists
    filtered by area and type sort tens of thousands of rows for a page of 50).
    """
    size = max(1, min(int(size or 50), max_size))
    try:
        after_id = int(after) if after is not None and after != "" else None
    except (TypeError, ValueError):
        after_id = None
    if after_id is not None:
        qs = qs.filter(pk__lt=after_id) if descending else qs.filter(pk__gt=after_id)
    if ids_first:
        ids = list(qs.values_list("pk", flat=True)[: size + 1])
        rows = qs.filter(pk__in=ids[:size]).in_bulk() if ids else {}
        items = [rows[pk] for pk in ids[:size] if pk in rows]
        more = len(ids) > size
        return Page(items=items, next_after=ids[size - 1] if more else None, size=size)
    items = list(qs[: size + 1])
    has_more = len(items) > size
    items = items[:size]
    return Page(items=items, next_after=items[-1].pk if has_more else None, size=size)
