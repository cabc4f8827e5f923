"""The workflow as a table: which action moves a case from which state to which, and who may.

Pure Python, no database. ``case_transition`` (cases/services) is the only writer of
``Case.state`` and consults this table; pages and the API ask ``available_actions`` so that a
button is offered exactly when the action would succeed.

The loop (docs/user-guide.md, "Cases"), with the action that moves it and the role that acts:

    reported ─send_to_verify (operator)→ verifying ─verify (supervisor)→ reported
    reported ─register (shift lead)→ registered ─dispatch (dispatcher)→ dispatched
    reported / verifying ─void (shift lead)→ voided;  ─merge (operator)→ voided (into another)
    dispatched / reopened ─sign (handler)→ handling;  ─return (handler)→ registered
    handling ─report_handled (handler)→ handled ─send_check (operator)→ checking
    checking ─pass_check (supervisor)→ closed;  ─fail_check (supervisor)→ handling (rework)
    handled ─close (shift lead)→ closed  (classes that need no on-site check, e.g. a consultation;
        a mediator closes a dispute)
    closed ─reopen (shift lead, after a dissatisfied rating)→ reopened
    reported ─self_handle (grid worker)→ closed  (小事不出格: recorded and closed at once)
    reported ─answer (operator)→ closed  (a consultation answered while the caller is on the line,
        from a knowledge-base article: classes marked answerable)

Actions that keep the state: extension and suspension requests and decisions, add a unit,
resume, call back, rate, escalate, supervise, and choosing the photos the public sees
(operator or shift lead, in any state but voided: decision 0008). Which *unit* may act (the lead unit for a handler,
the case's grid for a supervisor) is checked by ``accounts.permissions`` on top of the role.
"""

from __future__ import annotations

from civicgrid.accounts.choices import Role

from .choices import Action, State

S, A, R = State, Action, Role

OPEN_STATES = frozenset(
    {
        S.REPORTED,
        S.VERIFYING,
        S.REGISTERED,
        S.DISPATCHED,
        S.HANDLING,
        S.HANDLED,
        S.CHECKING,
        S.REOPENED,
    }
)
TERMINAL_STATES = frozenset({S.CLOSED, S.VOIDED})
# States in which a unit holds the case and its handling clock runs.
WITH_UNIT = frozenset({S.DISPATCHED, S.HANDLING, S.REOPENED})

TRANSITIONS: dict[tuple[State, Action], State] = {
    (S.REPORTED, A.SEND_TO_VERIFY): S.VERIFYING,
    (S.VERIFYING, A.VERIFY): S.REPORTED,
    (S.REPORTED, A.REGISTER): S.REGISTERED,
    (S.REPORTED, A.VOID): S.VOIDED,
    (S.VERIFYING, A.VOID): S.VOIDED,
    (S.REPORTED, A.MERGE): S.VOIDED,
    (S.VERIFYING, A.MERGE): S.VOIDED,
    (S.REPORTED, A.SELF_HANDLE): S.CLOSED,
    (S.REPORTED, A.ANSWER): S.CLOSED,
    (S.REGISTERED, A.DISPATCH): S.DISPATCHED,
    (S.DISPATCHED, A.SIGN): S.HANDLING,
    (S.REOPENED, A.SIGN): S.HANDLING,
    (S.DISPATCHED, A.RETURN): S.REGISTERED,
    (S.REOPENED, A.RETURN): S.REGISTERED,
    (S.HANDLING, A.REQUEST_EXTENSION): S.HANDLING,
    (S.HANDLING, A.APPROVE_EXTENSION): S.HANDLING,
    (S.HANDLING, A.REFUSE_EXTENSION): S.HANDLING,
    (S.DISPATCHED, A.ADD_UNIT): S.DISPATCHED,
    (S.HANDLING, A.ADD_UNIT): S.HANDLING,
    (S.HANDLING, A.REQUEST_SUSPENSION): S.HANDLING,
    (S.HANDLING, A.APPROVE_SUSPENSION): S.HANDLING,
    (S.HANDLING, A.REFUSE_SUSPENSION): S.HANDLING,
    (S.HANDLING, A.RESUME): S.HANDLING,
    (S.HANDLING, A.REPORT_HANDLED): S.HANDLED,
    (S.HANDLED, A.SEND_CHECK): S.CHECKING,
    (S.HANDLED, A.CLOSE): S.CLOSED,
    (S.CHECKING, A.PASS_CHECK): S.CLOSED,
    (S.CHECKING, A.FAIL_CHECK): S.HANDLING,
    (S.CLOSED, A.CALL_BACK): S.CLOSED,
    (S.CLOSED, A.RATE): S.CLOSED,
    (S.CLOSED, A.REOPEN): S.REOPENED,
}
# Escalation and supervision apply to every open state and keep it.
for _state in OPEN_STATES:
    TRANSITIONS[(_state, A.ESCALATE)] = _state
    TRANSITIONS[(_state, A.SUPERVISE)] = _state
# The photos shown to the public are chosen (after looking for faces, plates and documents)
# while the case runs and after it closes.
for _state in OPEN_STATES | {S.CLOSED}:
    TRANSITIONS[(_state, A.PUBLISH_PHOTOS)] = _state

ROLES: dict[Action, frozenset[Role]] = {
    A.SEND_TO_VERIFY: frozenset({R.OPERATOR, R.SHIFT_LEAD}),
    A.VERIFY: frozenset({R.SUPERVISOR}),
    A.REGISTER: frozenset({R.SHIFT_LEAD}),
    A.VOID: frozenset({R.SHIFT_LEAD}),
    A.MERGE: frozenset({R.OPERATOR, R.SHIFT_LEAD}),
    A.SELF_HANDLE: frozenset({R.SUPERVISOR, R.GRID_LEADER}),
    A.ANSWER: frozenset({R.OPERATOR, R.SHIFT_LEAD}),
    A.DISPATCH: frozenset({R.DISPATCHER}),
    A.SIGN: frozenset({R.HANDLER}),
    A.RETURN: frozenset({R.HANDLER}),
    A.REQUEST_EXTENSION: frozenset({R.HANDLER}),
    A.APPROVE_EXTENSION: frozenset({R.DISPATCHER}),
    A.REFUSE_EXTENSION: frozenset({R.DISPATCHER}),
    A.ADD_UNIT: frozenset({R.DISPATCHER}),
    A.REQUEST_SUSPENSION: frozenset({R.HANDLER}),
    A.APPROVE_SUSPENSION: frozenset({R.DISPATCHER, R.LEADER}),
    A.REFUSE_SUSPENSION: frozenset({R.DISPATCHER, R.LEADER}),
    A.RESUME: frozenset({R.DISPATCHER, R.HANDLER}),
    A.REPORT_HANDLED: frozenset({R.HANDLER}),
    A.SEND_CHECK: frozenset({R.OPERATOR, R.SHIFT_LEAD, R.DISPATCHER}),
    A.PASS_CHECK: frozenset({R.SUPERVISOR}),
    A.FAIL_CHECK: frozenset({R.SUPERVISOR}),
    A.CLOSE: frozenset({R.SHIFT_LEAD, R.MEDIATOR}),  # a mediator: disputes only (permissions)
    A.CALL_BACK: frozenset({R.OPERATOR}),
    A.RATE: frozenset({R.OPERATOR, R.RESIDENT}),
    A.REOPEN: frozenset({R.SHIFT_LEAD}),
    A.ESCALATE: frozenset({R.DISPATCHER, R.SHIFT_LEAD, R.LEADER, R.MEDIATOR}),
    A.SUPERVISE: frozenset({R.LEADER}),
    A.PUBLISH_PHOTOS: frozenset({R.OPERATOR, R.SHIFT_LEAD}),
}


def next_state(state: str, action: str) -> State | None:
    """The state ``action`` leads to from ``state``, or None when the table has no such move."""
    return TRANSITIONS.get((State(state), Action(action)))


def role_may(action: str, roles) -> bool:
    return bool(ROLES[Action(action)] & set(roles))


def available_actions(state: str, roles) -> list[Action]:
    """The actions someone holding ``roles`` could take on a case in ``state``, in table order."""
    held = set(roles)
    return [a for (s, a) in TRANSITIONS if s == state and ROLES[a] & held]
