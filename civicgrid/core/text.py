"""Text that must be kept whatever its length."""

from __future__ import annotations

from django.db import models


def column_length(model: type[models.Model], field: str) -> int:
    """How many characters the column of ``model.field`` holds."""
    column = model._meta.get_field(field)
    assert isinstance(column, models.CharField) and column.max_length is not None
    return column.max_length


def shortened(value: str, limit: int) -> str:
    """``value`` if it has at most ``limit`` characters, else its start ending in "…", so that
    whoever reads it sees that it was cut. Only for text written whatever the input (an audit row
    naming what was touched, a message quoting what was sent); a value that a person or a client
    sends to be kept is refused when too long, naming its field."""
    return value if len(value) <= limit else value[: limit - 1] + "…"
