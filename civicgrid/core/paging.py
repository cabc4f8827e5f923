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
) -> Page:
    """Items after ``after`` in id order (newest first when ``descending``), and the cursor for
    the next page (None at the end).

    ``qs`` must be ordered by id (``-id`` when descending). A bad cursor is the first page.
    """
    size = max(1, min(int(size or 50), max_size))
    try:
        after_id = int(after) if after not in (None, "") else None
    except (TypeError, ValueError):
        after_id = None
    if after_id is not None:
        qs = qs.filter(pk__lt=after_id) if descending else qs.filter(pk__gt=after_id)
    items = list(qs[: size + 1])
    has_more = len(items) > size
    items = items[:size]
    return Page(items=items, next_after=items[-1].pk if has_more else None, size=size)
