"""Domain errors carry a stable code and, where one is to blame, the field that caused them.

Interfaces map them: the API to a JSON error with ``code``/``field``/``message``, web forms to a
field error, imports to a row/column report.
"""

from __future__ import annotations

from enum import StrEnum

from django.core.exceptions import ValidationError


class ErrorCode(StrEnum):
    """The codes every app's refusals share. A refusal that needs a word of its own takes it from
    its app's enum (``<app>/errors.py``); a code is never a free string. Clients read ``code``:
    the values are stable."""

    INVALID = "invalid"  # a value that cannot be taken
    REQUIRED = "required"  # a value that must be given
    TOO_LONG = "too_long"  # longer than its column holds
    DUPLICATE = "duplicate"  # already there
    FORBIDDEN = "forbidden"  # outside the caller's scope: answered as not found
    NOT_FOUND = "not_found"
    NOT_PERMITTED = "not_permitted"  # in scope, but the caller's roles do not allow it
    NOT_ALLOWED = "not_allowed"  # the rules of the object forbid it, whoever asks
    CONFLICT = "conflict"  # the object changed under the caller
    CLOSED = "closed"  # the object's state no longer takes this
    DECIDED = "decided"  # already decided
    PENDING = "pending"  # not yet decided
    NOT_ELIGIBLE = "not_eligible"  # the person or unit may not take part
    RATE_LIMITED = "rate_limited"  # too many attempts: try later


# The HTTP status a code is answered with, where the code itself decides it; otherwise the
# error's class does (DomainError 400, NotPermitted 403, NotFound 404, Conflict 409, 429).
STATUS_OF_CODE: dict[str, int] = {ErrorCode.FORBIDDEN: 404}

# Django's validation codes, as ours.
DJANGO_CODES: dict[str, ErrorCode] = {
    "blank": ErrorCode.REQUIRED,
    "null": ErrorCode.REQUIRED,
    "required": ErrorCode.REQUIRED,
    "max_length": ErrorCode.TOO_LONG,
    "unique": ErrorCode.DUPLICATE,
    "unique_together": ErrorCode.DUPLICATE,
}


class DomainError(Exception):
    """A request the domain refuses. ``code`` is stable; ``message`` is translated text."""

    code: StrEnum = ErrorCode.INVALID
    status = 400  # the HTTP status interfaces answer with, unless the code says (STATUS_OF_CODE)
    row: int | None = None  # which item of a batch is to blame (an import's row, a list index)

    def __init__(self, message: str, *, code: StrEnum | None = None, field: str | None = None):
        super().__init__(message)
        self.message = str(message)
        if code:
            self.code = code
        self.field = field

    @property
    def http_status(self) -> int:
        """The one mapping from a refusal to an HTTP status, for the API and Open311 alike."""
        return STATUS_OF_CODE.get(self.code, self.status)

    def as_dict(self) -> dict:
        return {"code": self.code, "field": self.field, "message": self.message}


def refused(message: str, field: str, code: ErrorCode = ErrorCode.INVALID) -> DomainError:
    """A rule's refusal naming the field it is about (raise it)."""
    return DomainError(message, code=code, field=field)


class NotFound(DomainError):
    code = ErrorCode.NOT_FOUND
    status = 404


class Conflict(DomainError):
    """The thing changed under the caller (or is in a state where this cannot happen)."""

    code = ErrorCode.CONFLICT
    status = 409


class NotPermitted(DomainError):
    """In scope, but the caller's roles do not allow this."""

    code = ErrorCode.NOT_PERMITTED
    status = 403


class TooManyAttempts(DomainError):
    """A rate limit (core/ratelimit.py) refuses the attempt; try again later."""

    code = ErrorCode.RATE_LIMITED
    status = 429


def errors_from_validation(exc: ValidationError) -> list[DomainError]:
    """Turn a Django ValidationError into field-naming domain errors."""
    if hasattr(exc, "error_dict"):
        return [
            DomainError(
                message,
                code=DJANGO_CODES.get(getattr(err, "code", None) or "", ErrorCode.INVALID),
                field=field,
            )
            for field, errs in exc.error_dict.items()
            for err in errs
            for message in err.messages
        ]
    return [DomainError(message) for message in exc.messages]
