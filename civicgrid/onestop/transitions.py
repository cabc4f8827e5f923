"""An application's workflow as a table: which action moves which state where.

Pure Python, no database. ``onestop/workflow.py`` is the only writer of ``Application.status``
and consults this table; what is not in it cannot happen.

    window:        (created) accepted | notified
    portal, 代办:  (created) submitted ─accept→ accepted;  submitted ─notify→ notified
    notified ─accept→ accepted (the applicant came back with what was missing)
    accepted ─review→ reviewing ─review→ reviewing …   (one review step at a time)
    accepted | reviewing ─pass_up→ passed_up            (上报件: the higher office decides)
    accepted | reviewing | passed_up ─approve→ approved ─hand_over→ handed_over
    accepted | reviewing | passed_up ─refuse→ refused
    submitted | notified | accepted | reviewing ─withdraw→ withdrawn
    a material that follows (容缺) is received in any open state, the state unchanged
"""

from __future__ import annotations

from .choices import Action, Status

S, A = Status, Action
OPEN = (S.ACCEPTED, S.REVIEWING, S.PASSED_UP)

TABLE: dict[tuple[str, str], str] = {
    (S.SUBMITTED, A.ACCEPT): S.ACCEPTED,
    (S.SUBMITTED, A.NOTIFY): S.NOTIFIED,
    (S.NOTIFIED, A.ACCEPT): S.ACCEPTED,
    (S.ACCEPTED, A.REVIEW): S.REVIEWING,
    (S.REVIEWING, A.REVIEW): S.REVIEWING,
    (S.ACCEPTED, A.PASS_UP): S.PASSED_UP,
    (S.REVIEWING, A.PASS_UP): S.PASSED_UP,
    **{(s, A.APPROVE): S.APPROVED for s in OPEN},
    **{(s, A.REFUSE): S.REFUSED for s in OPEN},
    **{(s, A.RECEIVE): s for s in OPEN},
    (S.APPROVED, A.HAND_OVER): S.HANDED_OVER,
    **{(s, A.WITHDRAW): S.WITHDRAWN for s in (S.SUBMITTED, S.NOTIFIED, S.ACCEPTED, S.REVIEWING)},
}


def next_state(state: str, action: str) -> str | None:
    """The state ``action`` moves an application in ``state`` to, or None when it may not."""
    return TABLE.get((state, action))


def actions_from(state: str) -> set[str]:
    return {a for (s, a) in TABLE if s == state}
