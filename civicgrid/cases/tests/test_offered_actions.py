"""The actions offered are exactly those that succeed (once "approve a suspension with none
pending" and "resume a case not suspended" were offered and then failed).

Hypothesis walks a case through the loop — every state, with extension and suspension requests
waiting or not, suspended or not, rated or not, escalated up to the district — choosing each
next step among the actions offered. In every state it reaches, each person of the loop tries
every action the table and their roles allow (in a savepoint, rolled back): the action succeeds
if and only if it was offered. Actions outside the table or the roles are refused before any
guard, by the same check for offer and performance (checked on a sample).
"""

from __future__ import annotations

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from civicgrid.cases import transitions
from civicgrid.cases.choices import Action
from civicgrid.cases.models import Case, CaseAttachment
from civicgrid.cases.services import available_actions, case_transition
from civicgrid.cases.services.clock import TIER_ORDER
from civicgrid.cases.services.intake import Report, case_report
from civicgrid.cases.tests.fixtures import MONDAY
from civicgrid.cases.tests.test_intake import jpeg
from civicgrid.core.errors import DomainError

pytestmark = pytest.mark.django_db

ACTORS = (
    "operator",
    "shift_lead",
    "dispatcher",
    "supervisor",
    "handler",
    "other_handler",
    "leader",
    "resident",
    "outsider",
)


class Rollback(Exception):
    pass


def _input(loop, case: Case, action: str, other: Case) -> dict:
    """Valid input for ``action`` on ``case``: what the action's form would send."""
    note = "理由"
    if action == Action.VERIFY:
        return {"data": {"confirmed": True}}
    if action == Action.MERGE:
        return {"data": {"into": other.number}}
    if action in (Action.SELF_HANDLE, Action.REPORT_HANDLED):
        return {"photos": [jpeg()]}
    if action == Action.DISPATCH:
        return {"note": note}  # to the suggested unit
    if action == Action.ADD_UNIT:
        held = set(case.assigned_unit_ids())
        free = [u for u in (loop.other_department, loop.street_office) if u.pk not in held]
        if not free:  # both already hold it: another unit serving the district
            from civicgrid.accounts import services as accounts

            n = len(held)
            free = [
                accounts.orgunit_create(
                    kind="department",
                    name=f"协办部门{n}",
                    code=f"co-{case.pk}-{n}",
                    area=loop.tree.district,
                )
            ]
        return {"data": {"unit": free[0].pk}}
    if action == Action.REQUEST_EXTENSION:
        return {"data": {"hours": "8"}, "note": note}
    if action == Action.RATE:
        return {"data": {"rating": "dissatisfied"}}
    if action == Action.ESCALATE:
        return {
            "data": {"to_tier": TIER_ORDER[min(TIER_ORDER.index(case.tier_current) + 1, 3)]},
            "note": note,
        }
    if action == Action.PUBLISH_PHOTOS:
        photos = CaseAttachment.objects.filter(case=case).exclude(kind="document")
        hidden = [p.pk for p in photos if not p.public]
        return {"data": {"shown": hidden or []}}
    return {"note": note}


def _perform(loop, actor, case: Case, action: str, other: Case) -> bool:
    try:
        case_transition(
            case_id=case.pk,
            action=action,
            actor=actor,
            now=MONDAY,
            **_input(loop, case, action, other),
        )
    except DomainError:
        return False
    return True


def _tries(loop, actor, case: Case, action: str, other: Case) -> bool:
    """Would ``action`` succeed now? Tried in a savepoint and rolled back."""
    result = None
    try:
        with transaction.atomic():
            result = _perform(loop, actor, case, action, other)
            raise Rollback
    except Rollback:
        pass
    return result


def _report(loop, by=None, cls="06010"):
    """A case of the loop; reported on the web by the resident (who may rate it) or by phone."""
    return case_report(
        actor=by or loop.operator,
        report=Report(
            case_class=cls,
            channel="web" if by else "hotline",
            answers={"volume": "small"} if cls == "06010" else {"parties": 2},
            lon=121.41,
            lat=31.12,
            reporter_name="王",
            reporter_phone="13812345678",
            photos=[jpeg()],
        ),
        now=MONDAY,
    )


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(choices=st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=14))
def test_an_action_is_offered_exactly_when_it_succeeds(loop, choices):
    try:
        with transaction.atomic():
            _walk(loop, choices)
            raise Rollback
    except Rollback:
        pass


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(choices=st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=12))
def test_on_a_dispute_too_with_the_mediation_centre(loop, choices):
    """A dispute goes to the street's mediation centre, whose mediator handles and closes it."""
    from civicgrid.accounts import services as accounts
    from civicgrid.accounts.choices import Role, UnitKind
    from civicgrid.accounts.tests.factories import unit_for
    from civicgrid.catalogue.models import MajorClass
    from civicgrid.routing.models import ResponsibilityRule
    from civicgrid.routing.services import rule_save

    try:
        with transaction.atomic():
            centre = unit_for(loop.tree.street, UnitKind.MEDIATION_CENTRE)
            rule_save(
                rule=ResponsibilityRule(
                    major=MajorClass.objects.get(code="DS"), area=loop.tree.street, lead_unit=centre
                )
            )
            mediator = accounts.user_create(username="mediator", password="pw-for-tests-123")
            accounts.role_assign(user=mediator, unit=centre, role=Role.MEDIATOR)
            _walk(loop, choices, cls="DS001", extra={"mediator": mediator})
            raise Rollback
    except Rollback:
        pass


def _walk(loop, choices, cls="06010", extra=None):
    people = {name: getattr(loop, name) for name in ACTORS} | (extra or {})
    case, other = _report(loop, loop.resident, cls=cls), _report(loop)
    for choice in choices:
        case = Case.objects.get(pk=case.pk)
        moves = []
        for name, actor in people.items():
            offered = set(available_actions(actor, case))
            roles = transitions.ROLES
            allowed = [
                a
                for a in Action
                if transitions.next_state(case.state, a) is not None
                and roles[a] & _case_roles(actor, case)
            ]
            for action in allowed:
                works = _tries(loop, actor, case, action, other)
                assert works == (action in offered), (
                    f"{name} {action} in {case.state}: offered={action in offered}, works={works}"
                )
            assert offered <= set(allowed)
            moves += [(name, a) for a in sorted(offered)]
        if not moves:
            break
        name, action = moves[choice % len(moves)]
        assert _perform(loop, people[name], case, action, other), (name, action)


def _case_roles(actor, case):
    from civicgrid.cases.services.transition import case_roles

    return case_roles(actor, case)


@pytest.mark.parametrize("name", ACTORS)
def test_actions_outside_the_table_or_roles_are_neither_offered_nor_performed(loop, name):
    actor = getattr(loop, name)
    case, other = _report(loop, loop.resident), _report(loop)
    offered = set(available_actions(actor, case))
    for action in Action:
        if action in offered:
            continue
        assert not _tries(loop, actor, case, action, other), action
