"""Error codes of accounts: clients read them, so the values are stable."""

from __future__ import annotations

from enum import StrEnum


class AccountsError(StrEnum):
    """The refusals of accounts that need a word of their own. The shared ones are in ``civicgrid.core.errors.ErrorCode``."""

    FORBIDDEN_SELF = "forbidden_self"  # an administrator acting against their own account or grant
    CYCLE = "cycle"  # a unit placed under itself or its own descendant
    IMMUTABLE = "immutable"  # a grant's user, unit or role cannot change
