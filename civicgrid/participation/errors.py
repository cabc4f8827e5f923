"""The refusals of participation that need a word of their own (the shared ones are
core.errors.ErrorCode). Clients read the values: they are stable."""

from enum import StrEnum


class ParticipationError(StrEnum):
    ALREADY_VOTED = "already_voted"  # this person has voted in this call
    CASE_OPEN = "case_open"  # the opinion's case is still running
    MISMATCH = "mismatch"  # the second entry of a paper ballot differs from the first
    NOT_DONE = "not_done"  # a project is accepted only when finished
    NOT_VALID = "not_valid"  # too few voted for an election to stand
    OVER_BUDGET = "over_budget"  # more than the call's or the project's money
    TIE = "tie"  # the last seat is tied: a run-off decides it
    TOO_MANY = "too_many"  # more paper ballots than voters who took one
