"""Error codes of the pages' own services: the values are stable."""

from __future__ import annotations

from enum import StrEnum


class WebError(StrEnum):
    """The refusals of the pages that need a word of their own. The shared ones are in
    ``civicgrid.core.errors.ErrorCode``."""

    TOO_MANY = "too_many"  # a user's saved filters of one list are at their limit
