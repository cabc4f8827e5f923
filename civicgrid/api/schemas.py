"""Schemas shared by every router: errors and keyset pages."""

from typing import Annotated, Generic, TypeVar

from ninja import Schema
from pydantic import Field

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
