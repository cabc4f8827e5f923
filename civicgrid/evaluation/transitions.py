"""A rating round's and an assessment round's workflow as a table: which action moves a round in
which state to which. Pure Python, no database. ``evaluation/workflow.py`` is the only writer of
``RatingRound.state`` and ``AssessmentRound.state`` and consults this table; what is not in it
cannot happen.

    open ─close→ closed (the results are final: no sheet, score or appeal changes them)
    closed ─reopen→ open (a round made final by mistake)

A round is created open. While it is open its dates still decide: a rating round takes sheets
from its first day to its last, an assessment round takes scores until its scoring date and
appeals until its appeal date.
"""

from __future__ import annotations

from .choices import RoundAction, RoundState

S, A = RoundState, RoundAction

ROUND: dict[tuple[str, str], str] = {
    (S.OPEN, A.CLOSE): S.CLOSED,
    (S.CLOSED, A.REOPEN): S.OPEN,
}


def round_next(state: str, action: str) -> str | None:
    """The state ``action`` moves a round in ``state`` to, or None when it may not."""
    return ROUND.get((state, action))
