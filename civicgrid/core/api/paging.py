"""Keyset pages for the API: ``after`` (the last id seen), ``limit`` and ``order``."""

from typing import Literal

from ninja import Schema
from pydantic import Field

from civicgrid.core.paging import keyset_page

from .schemas import MAX_ID


class PageParams(Schema):
    after: int | None = Field(
        None, ge=0, le=MAX_ID, description="Return items after this id (from `next_after`)."
    )
    limit: int = Field(50, ge=1, le=500, description="Items per page (at most 500).")
    order: Literal["id", "-id"] | None = Field(
        None,
        description="`id` oldest first (for synchronising), `-id` newest first; "
        "left out, the list's own order",
    )


def page(
    qs, params: PageParams, convert=None, *, descending: bool = False, ids_first: bool = False
) -> dict:
    """One page of ``qs`` (ordered by id, or by -id when ``descending``, unless the caller
    asks for an ``order``); ``ids_first`` as in ``keyset_page``."""
    if params.order is not None:
        descending = params.order == "-id"
        qs = qs.order_by(params.order)
    result = keyset_page(
        qs, after=params.after, size=params.limit, descending=descending, ids_first=ids_first
    )
    items = [convert(i) for i in result.items] if convert else result.items
    return {"items": items, "next_after": result.next_after}
