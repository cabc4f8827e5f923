"""Where an answer given on the spot came from (the ``answer`` action).

The knowledge base lives in a floor above the cases (``civicgrid.insight``), so it registers
here, when the app is ready, how a reference to one of its articles is checked and recorded; the
cases know only that an answer may cite one, and refuse a reference nobody can check.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from civicgrid.core.errors import DomainError, ErrorCode


@dataclass(frozen=True)
class Cited:
    """What an answer cited: the event's details (the reference, its title and version) and the
    text the caller was told."""

    data: dict
    answer: str


Citer = Callable[..., Cited]  # (case=, actor=, reference=, now=) → Cited, or DomainError
_citer: list[Citer] = []


def cite_with(citer: Citer) -> Citer:
    """Register the one way references are checked and recorded (the knowledge base's)."""
    _citer[:] = [citer]
    return citer


def cite(*, case, actor, reference: str, now) -> Cited:
    if not _citer:
        raise DomainError(
            _("Give the number of an article in use (KB-12)."),
            code=ErrorCode.INVALID,
            field="article",
        )
    return _citer[0](case=case, actor=actor, reference=reference, now=now)
