"""Error codes of the REST API itself: clients read them, so the values are stable."""

from __future__ import annotations

from enum import StrEnum


class ApiError(StrEnum):
    """The API's answers that need a word of their own. The shared ones are in
    ``civicgrid.core.errors.ErrorCode``."""

    UNAUTHENTICATED = "unauthenticated"  # no session and no valid token (401)
