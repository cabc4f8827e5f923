"""Error codes of duties: clients read them, so the values are stable."""

from __future__ import annotations

from enum import StrEnum


class DutiesError(StrEnum):
    """The refusals of the duty lists that need a word of their own. The shared ones are in ``civicgrid.core.errors.ErrorCode``."""

    NEGATIVE_LIST = "negative_list"  # a case sent to a community unit against the negative list
