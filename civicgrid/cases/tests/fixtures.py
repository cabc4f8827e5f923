"""A small district with every role of the loop, for case tests."""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest

from civicgrid.accounts import services as accounts
from civicgrid.accounts.choices import Role, UnitKind
from civicgrid.accounts.models import User
from civicgrid.accounts.tests.factories import unit_for
from civicgrid.routing.models import ResponsibilityRule
from civicgrid.routing.services import rule_save

SH = ZoneInfo("Asia/Shanghai")
# Monday 2026-11-23 10:00 in Shanghai: a working morning
MONDAY = dt.datetime(2026, 11, 23, 10, tzinfo=SH)


@dataclass
class Loop:
    tree: object
    operator: User
    shift_lead: User
    dispatcher: User
    supervisor: User
    handler: User
    other_handler: User
    leader: User
    resident: User
    outsider: User
    department: object
    other_department: object
    street_office: object


def _user(name, unit, role, **grant):
    user = accounts.user_create(username=name, password="pw-for-tests-123")
    accounts.role_assign(user=user, unit=unit, role=role, **grant)
    return user


@pytest.fixture
def loop(tree):
    centre = unit_for(tree.district, UnitKind.GRID_CENTRE)
    dept = unit_for(tree.district, UnitKind.DEPARTMENT)
    other_dept = accounts.orgunit_create(
        kind=UnitKind.DEPARTMENT, name="园林绿化局", code="dept-green", area=tree.district
    )
    street_office = unit_for(tree.street, UnitKind.STREET_OFFICE)
    station = unit_for(tree.grid1, UnitKind.WORK_STATION)
    other_station = unit_for(tree.other_grid, UnitKind.WORK_STATION)
    rule_save(rule=ResponsibilityRule(major_id=None, case_class=None, lead_unit=dept))
    resident = accounts.user_create(username="resident", password="pw-for-tests-123")
    return Loop(
        tree=tree,
        operator=_user("operator", centre, Role.OPERATOR, view_pii=True),
        shift_lead=_user("shift_lead", centre, Role.SHIFT_LEAD),
        dispatcher=_user("dispatcher", centre, Role.DISPATCHER),
        supervisor=_user("supervisor", station, Role.SUPERVISOR),
        handler=_user("handler", dept, Role.HANDLER),
        other_handler=_user("other_handler", other_dept, Role.HANDLER),
        leader=_user("leader", centre, Role.LEADER),
        resident=resident,
        outsider=_user("outsider", other_station, Role.SUPERVISOR),
        department=dept,
        other_department=other_dept,
        street_office=street_office,
    )


def walk(case, loop, *, until: str = "close", close_note: str = "", now=MONDAY):
    """Take a reported case along the loop to the step ``until`` (register, dispatch, sign,
    report_handled or close), with the right person at each step; returns it reloaded."""
    from civicgrid.cases.models import Case
    from civicgrid.cases.services import case_transition
    from civicgrid.cases.tests.test_intake import jpeg

    steps = (
        ("register", loop.shift_lead, {}),
        ("dispatch", loop.dispatcher, {}),
        ("sign", loop.handler, {}),
        ("report_handled", loop.handler, {"photos": [jpeg()]}),
        ("close", loop.shift_lead, {"note": close_note}),
    )
    for action, actor, kw in steps:
        case_transition(case_id=case.pk, action=action, actor=actor, now=now, **kw)
        if action == until:
            break
    return Case.objects.get(pk=case.pk)
