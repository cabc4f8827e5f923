"""A street with three registered organisations (a person working for each), its office's leader
and a panel of three; a tender of that street, and one taken up to the award."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from civicgrid.accounts import services as accounts
from civicgrid.accounts.choices import Role, UnitKind
from civicgrid.accounts.tests.factories import unit_for
from civicgrid.orgs import procurement, services

SH = ZoneInfo("Asia/Shanghai")
OPEN = dt.datetime(2026, 3, 1, 9, tzinfo=SH)
DEADLINE = dt.datetime(2026, 3, 20, 17, tzinfo=SH)
AFTER = DEADLINE + dt.timedelta(days=1)
CODE_A, CODE_B, CODE_C = "91110000600037341L", "53310104MJ4955890X", "52310104MJ5029112U"
CRITERIA = [
    {"name": "服务方案", "weight": 50},
    {"name": "团队资质", "weight": 30},
    {"name": "报价", "weight": 20},
]


def doc(name="标书.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 bid", content_type="application/pdf")


def person(name, unit, role=Role.HANDLER):
    user = accounts.user_create(username=name, password="pw-for-tests-123")
    accounts.role_assign(user=user, unit=unit, role=role)
    return user


@pytest.fixture
def world(loop):
    tree = loop.tree
    office = unit_for(tree.street, UnitKind.STREET_OFFICE)
    leader = person("street_leader", office, Role.LEADER)
    orgs, staff = [], []
    for n, code in enumerate((CODE_A, CODE_B, CODE_C)):
        o = services.organisation_register(
            actor=leader, name=f"社工机构{n}", code=f"SO-{n}", service_area=tree.street,
            type="service", credit_code=code, phone="13912345678",
        )  # fmt: skip
        orgs.append(o)
        staff.append(person(f"so{n}", o.unit))
    panel = [person(f"panel{n}", office, Role.OPERATOR) for n in range(3)]
    return {"tree": tree, "office": office, "leader": leader, "orgs": orgs, "staff": staff,
            "panel": panel}  # fmt: skip


def tender(world, **kw):
    return procurement.tender_open(
        actor=world["leader"], buyer=world["office"], area=world["tree"].street,
        title="社区养老服务项目", needs="为辖区高龄老人提供助餐、助浴服务", budget=200000,
        criteria=kw.pop("criteria", CRITERIA), deadline=DEADLINE, panel=world["panel"], now=OPEN,
    )  # fmt: skip


def scored(world):
    """A tender past its deadline with one bid, every member declared and every score given:
    ready to be awarded (or cancelled)."""
    t = tender(world)
    bid = procurement.bid_submit(
        actor=world["staff"][0], tender=t, organisation=world["orgs"][0], amount=150000,
        proposal="方案", document=doc(), now=OPEN,
    )  # fmt: skip
    for member in world["panel"]:
        procurement.declaration_submit(actor=member, tender=t, conflicts=[], now=AFTER)
        procurement.bid_score_all(actor=member, bid=bid, points=[80, 70, 60], now=AFTER)
    return t
