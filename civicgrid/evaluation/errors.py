"""The refusals of evaluation that the shared codes (core.errors.ErrorCode) do not name."""

from enum import StrEnum


class EvaluationError(StrEnum):
    NOT_ADMITTED = "not_admitted"  # the community's kind has not admitted the assessment
