"""Error codes of catalogue: clients read them, so the values are stable."""

from __future__ import annotations

from enum import StrEnum


class CatalogueError(StrEnum):
    """The refusals of the catalogue that need a word of their own. The shared ones are in ``civicgrid.core.errors.ErrorCode``."""

    CATALOGUE_FULL = "catalogue_full"  # no free local class code left in a major class
    READ_ONLY = "read_only"  # a class's code or kind, which never change
    INVALID_ANSWER = "invalid_answer"  # an answer to a class's extra question that cannot be taken
