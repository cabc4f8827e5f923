"""The transition table, exhaustively: every state × action × role, without a database.

The expectations below are written out independently of ``transitions.py`` as the loop reads in
docs/user-guide.md ("Cases"): a row is ``action: from-states → to-state : roles`` (``=`` keeps the state).
"""

import itertools

import pytest

from civicgrid.accounts.choices import Role
from civicgrid.cases import transitions
from civicgrid.cases.choices import Action, State

OPEN = "reported verifying registered dispatched handling handled checking reopened"
SPEC = f"""
send_to_verify: reported → verifying : operator shift_lead
verify: verifying → reported : supervisor
register: reported → registered : shift_lead
void: reported verifying → voided : shift_lead
merge: reported verifying → voided : operator shift_lead
self_handle: reported → closed : supervisor grid_leader
answer: reported → closed : operator shift_lead
dispatch: registered → dispatched : dispatcher
sign: dispatched reopened → handling : handler
return: dispatched reopened → registered : handler
request_extension: handling → = : handler
approve_extension: handling → = : dispatcher
refuse_extension: handling → = : dispatcher
add_unit: dispatched handling → = : dispatcher
request_suspension: handling → = : handler
approve_suspension: handling → = : dispatcher leader
refuse_suspension: handling → = : dispatcher leader
resume: handling → = : dispatcher handler
report_handled: handling → handled : handler
send_check: handled → checking : operator shift_lead dispatcher
close: handled → closed : shift_lead mediator
pass_check: checking → closed : supervisor
fail_check: checking → handling : supervisor
call_back: closed → = : operator
rate: closed → = : operator resident
reopen: closed → reopened : shift_lead
escalate: {OPEN} → = : dispatcher shift_lead leader mediator
supervise: {OPEN} → = : leader
publish_photos: {OPEN} closed → = : operator shift_lead
"""


def expected():
    table = {}
    for line in SPEC.strip().splitlines():
        action, rest = line.split(":", 1)
        moves, roles = rest.rsplit(":", 1)
        sources, target = moves.split("→")
        for source in sources.split():
            table[(source, action.strip())] = (
                source if target.strip() == "=" else target.strip(),
                set(roles.split()),
            )
    return table


EXPECTED = expected()


def test_spec_names_every_action():
    assert {a for _s, a in EXPECTED} == {a.value for a in Action}


@pytest.mark.parametrize(("state", "action", "role"), list(itertools.product(State, Action, Role)))
def test_every_state_action_role(state, action, role):
    target, roles = EXPECTED.get((state.value, action.value), (None, set()))
    allowed = target is not None and role.value in roles
    got = transitions.next_state(state, action)
    assert got == target
    assert (got is not None and transitions.role_may(action, [role])) == allowed
    assert (action in transitions.available_actions(state, [role])) == allowed


def test_terminal_states_only_take_after_care():
    for action in Action:
        assert transitions.next_state(State.VOIDED, action) is None
    assert {a for (s, a) in transitions.TRANSITIONS if s == State.CLOSED} == {
        Action.CALL_BACK,
        Action.RATE,
        Action.REOPEN,
        Action.PUBLISH_PHOTOS,
    }


def test_several_roles_add_up():
    got = transitions.available_actions(State.REPORTED, [Role.OPERATOR, Role.SHIFT_LEAD])
    assert got[:4] == [Action.SEND_TO_VERIFY, Action.REGISTER, Action.VOID, Action.MERGE]


def test_every_open_state_can_reach_closed():
    # no dead ends: from every open state some path of actions reaches "closed"
    graph = {}
    for (s, _a), t in transitions.TRANSITIONS.items():
        graph.setdefault(s, set()).add(t)
    for start in transitions.OPEN_STATES:
        seen, todo = set(), [start]
        while todo:
            s = todo.pop()
            if s not in seen:
                seen.add(s)
                todo.extend(graph.get(s, ()))
        assert State.CLOSED in seen, start
