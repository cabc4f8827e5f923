"""Error codes of Open311: clients read them, so the values are stable."""

from __future__ import annotations

from enum import StrEnum


class Open311Error(StrEnum):
    """The refusals of the Open311 interface that need a word of their own. The shared ones are
    in ``civicgrid.core.errors.ErrorCode``."""

    API_KEY = "api_key"  # no api_key, or one that is not valid, revoked or not allowed to post
