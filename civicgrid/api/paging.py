"""Keyset pages for the API: ``after`` (the last id seen) and ``limit``."""

from ninja import Schema
from pydantic import Field

from civicgrid.core.paging import keyset_page

from .schemas import MAX_ID


class PageParams(Schema):
    after: int | None = Field(
        None, ge=0, le=MAX_ID, description="Return items after this id (from `next_after`)."
    )
    limit: int = Field(50, ge=1, le=500, description="Items per page (at most 500).")


def page(qs, params: PageParams, convert=None, *, descending: bool = False) -> dict:
    result = keyset_page(qs, after=params.after, size=params.limit, descending=descending)
    items = [convert(i) for i in result.items] if convert else result.items
    return {"items": items, "next_after": result.next_after}
