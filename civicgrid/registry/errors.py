"""Error codes of the register: clients read them, so the values are stable."""

from __future__ import annotations

from enum import StrEnum


class RegistryError(StrEnum):
    """The refusals of the register that need a word of their own. The shared ones are in
    ``civicgrid.core.errors.ErrorCode``."""

    OUT_OF_SCOPE = "out_of_scope"  # an area of an import lies outside the caller's scope
    UNKNOWN_FILTER_VALUE = "unknown_filter_value"  # a list filter names nothing the user can see
    INVALID_FILE = "invalid_file"  # an import file that cannot be read (type, size, layout)
    INVALID_ROWS = "invalid_rows"  # an import whose rows have problems: nothing was written
