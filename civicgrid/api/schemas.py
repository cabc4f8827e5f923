"""Schemas shared by every router: errors and keyset pages."""

from typing import Generic, TypeVar

from ninja import Schema
from pydantic import Field

T = TypeVar("T")


class ErrorOut(Schema):
    code: str
    field: str | None = None
    message: str


class PageOut(Schema, Generic[T]):
    items: list[T]
    next_after: int | None = Field(
        None, description="Pass as `after` to get the next page; null at the end."
    )
