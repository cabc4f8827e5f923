"""The refusals of organisations and procurement that need a word of their own (the shared ones
are core.errors.ErrorCode). Clients read the values: they are stable."""

from enum import StrEnum


class OrgsError(StrEnum):
    CONFLICT_OF_INTEREST = "conflict_of_interest"  # a panel member scores a bid they declared
