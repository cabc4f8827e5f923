"""Error codes of routing: clients read them, so the values are stable."""

from __future__ import annotations

from enum import StrEnum


class RoutingError(StrEnum):
    """The refusals of routing that need a word of their own. The shared ones are in ``civicgrid.core.errors.ErrorCode``."""

    ROUTING_CONFLICT = "routing_conflict"  # two matching rules equally specific
