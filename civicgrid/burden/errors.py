"""The refusals of the duty burden that the shared codes (core.errors.ErrorCode) do not name."""

from enum import StrEnum


class BurdenError(StrEnum):
    TOO_LATE = "too_late"  # applied with less notice than the working days the settings ask
