"""Error codes of areas: clients read them, so the values are stable."""

from __future__ import annotations

from enum import StrEnum


class AreasError(StrEnum):
    """The refusals of the area tree that need a word of their own. The shared ones are in ``civicgrid.core.errors.ErrorCode``."""

    BAD_CODE = "bad_code"  # not a statistical division code, or not under its parent
    BAD_GEOMETRY = "bad_geometry"  # a boundary that is not a valid polygon
