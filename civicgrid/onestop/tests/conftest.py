"""A service centre with a clerk and a window, an office with its handler, three items (promised
with two review steps and a material that may follow, done on the spot, passed up), a resident
of the register, a grid worker of the resident's grid, and a stranger of another street."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest

from civicgrid.accounts import services as accounts
from civicgrid.accounts.choices import Role, UnitKind
from civicgrid.accounts.models import OrgUnit, User
from civicgrid.accounts.tests.factories import unit_for, user_with_role
from civicgrid.onestop.models import Material, ServiceItem, Window
from civicgrid.registry.identity import Proof
from civicgrid.registry.models import Person
from civicgrid.registry.tests.factories import id_for, person

SH = ZoneInfo("Asia/Shanghai")
MONDAY_NINE = dt.datetime(2026, 12, 7, 9, tzinfo=SH)


@dataclass
class Desk:
    centre: OrgUnit
    window: Window
    clerk: User
    office: OrgUnit
    handler: User
    promised: ServiceItem  # 承诺件, 5 working days, steps 初审 and 审批
    instant: ServiceItem  # 即办件 of the office, decided at the window
    upward: ServiceItem  # 上报件
    card: Material  # may not follow
    photo: Material  # may follow (容缺)
    resident: Person
    proof: Proof
    worker: User  # the resident's grid worker
    stranger: User  # a leader of another street


def _item(code: str, office: OrgUnit, kind: str, days: int, **extra) -> ServiceItem:
    item = ServiceItem(code=code, name=f"事项{code}", category="aid", office=office, kind=kind,
                       promised_days=days, conditions="本区居民", **extra)  # fmt: skip
    item.full_clean()
    item.save()
    return item


@pytest.fixture
def desk(tree) -> Desk:
    centre = unit_for(tree.street, UnitKind.SERVICE_CENTRE)
    clerk = accounts.user_create(username="desk_clerk", password="pw-for-tests-123")
    accounts.role_assign(user=clerk, unit=centre, role=Role.HANDLER)
    office = unit_for(tree.district, UnitKind.DEPARTMENT)
    handler = accounts.user_create(username="office_handler", password="pw-for-tests-123")
    accounts.role_assign(user=handler, unit=office, role=Role.HANDLER)
    promised = _item("FW9001", office, "promised", 5, review_steps="初审\n审批", online=True,
                     by_proxy=True)  # fmt: skip
    card = Material.objects.create(item=promised, position=1, name="居民身份证", form="both")
    photo = Material.objects.create(item=promised, position=2, name="照片", may_follow=True)
    instant = _item("FW9002", office, "instant", 0)
    upward = _item("FW9003", office, "upward", 10)
    resident = person("王小明", tree.grid1, n=11)
    worker = user_with_role("desk_grid_worker", tree.grid1, Role.SUPERVISOR)
    stranger = user_with_role("desk_stranger", tree.other_street, Role.LEADER)
    return Desk(
        centre=centre, window=Window.objects.create(centre=centre, number=1, name="综合窗口"),
        clerk=clerk, office=office, handler=handler, promised=promised, instant=instant,
        upward=upward, card=card, photo=photo, resident=resident,
        proof=Proof("王小明", id_for(11)), worker=worker, stranger=stranger,
    )  # fmt: skip
