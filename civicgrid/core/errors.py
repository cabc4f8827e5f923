"""Domain errors carry a stable code and, where one is to blame, the field that caused them.

Interfaces map them: the API to a JSON error with ``code``/``field``/``message``, web forms to a
field error, imports to a row/column report.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError


class DomainError(Exception):
    """A request the domain refuses. ``code`` is stable; ``message`` is translated text."""

    code = "invalid"
    status = 400  # the HTTP status interfaces answer with
    row: int | None = None  # which item of a batch is to blame (an import's row, a list index)

    def __init__(self, message: str, *, code: str | None = None, field: str | None = None):
        super().__init__(message)
        self.message = str(message)
        if code:
            self.code = code
        self.field = field

    def as_dict(self) -> dict:
        return {"code": self.code, "field": self.field, "message": self.message}


class NotFound(DomainError):
    code = "not_found"
    status = 404


class Conflict(DomainError):
    """The thing changed under the caller (or is in a state where this cannot happen)."""

    code = "conflict"
    status = 409


class NotPermitted(DomainError):
    """In scope, but the caller's roles do not allow this."""

    code = "not_permitted"
    status = 403


class TooManyAttempts(DomainError):
    """A rate limit (core/ratelimit.py) refuses the attempt; try again later."""

    code = "rate_limited"
    status = 429


def errors_from_validation(exc: ValidationError) -> list[DomainError]:
    """Turn a Django ValidationError into field-naming domain errors."""
    if hasattr(exc, "error_dict"):
        return [
            DomainError(message, code=getattr(err, "code", None) or "invalid", field=field)
            for field, errs in exc.error_dict.items()
            for err in errs
            for message in err.messages
        ]
    return [DomainError(message) for message in exc.messages]
