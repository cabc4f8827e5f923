"""Schemas shared by every router: errors and keyset pages."""

from typing import Annotated, Generic, TypeVar

from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import Field

from civicgrid.core.errors import DomainError

T = TypeVar("T")

# The largest id the databases hold (a 64-bit integer): a bigger number is bad input, not a
# server error.
MAX_ID = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]


class ErrorOut(Schema):
    code: str
    field: str | None = None
    message: str


class PageOut(Schema, Generic[T]):
    items: list[T]
    next_after: int | None = Field(
        None, description="Pass as `after` to get the next page; null at the end."
    )


def given(payload: Schema, *, without: tuple = (), nullable: tuple = ()) -> dict:
    """The fields a PATCH (or a POST with defaults) actually sent, without ``without``. A field
    sent as null is refused naming it, unless null means something for it (``nullable``)."""
    fields = payload.dict(exclude_unset=True, exclude=set(without))
    for name, value in fields.items():
        if value is None and name not in nullable:
            raise DomainError(_("This field may not be null."), field=name)
    return fields
