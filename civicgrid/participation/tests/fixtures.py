"""A community's micro-project call with residents in the register and proposals on the ballot."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from civicgrid.accounts import services as accounts
from civicgrid.accounts.choices import Role, UnitKind
from civicgrid.accounts.tests.factories import unit_for
from civicgrid.participation.models import Call, Proposal
from civicgrid.participation.services import call_create, proposal_deliberate, proposal_submit
from civicgrid.registry.tests.factories import id_for, person

SH = ZoneInfo("Asia/Shanghai")
PROPOSING = dt.date(2026, 3, 10)
VOTING = dt.datetime(2026, 4, 10, 10, tzinfo=SH)
CLOSED = dt.datetime(2026, 4, 21, 10, tzinfo=SH)


@dataclass
class Micro:
    call: Call
    proposals: list
    residents: list  # (person, name, id number), in the community
    outsider: tuple  # a person of the other community
    manager: object
    clerk: object  # a second manager, for the second entry of paper ballots
    council: object


def _user(name, unit, role):
    user = accounts.user_create(username=name, password="pw-for-tests-123")
    accounts.role_assign(user=user, unit=unit, role=role)
    return user


def make_call(tree, manager, *, method="approval", budget=100000, max_choices=2) -> Call:
    return call_create(
        actor=manager,
        area=tree.community,
        title="2026年东一社区民生微实事",
        budget=budget,
        proposals_from=dt.date(2026, 3, 1),
        proposals_until=dt.date(2026, 3, 31),
        voting_from=VOTING,
        voting_until=dt.datetime(2026, 4, 20, 18, tzinfo=SH),
        method=method,
        max_choices=max_choices,
        caps={"works": 60000, "services": 30000, "goods": 20000},
        requirements="本社区居民、议事会、驻区单位和社会组织均可提出",
    )


@pytest.fixture
def micro(tree):
    committee = unit_for(tree.community, UnitKind.COMMUNITY_COMMITTEE)
    manager = _user("manager", committee, Role.LEADER)
    clerk = _user("clerk", committee, Role.LEADER)
    council = _user("councillor", committee, Role.COUNCIL_MEMBER)
    residents = []
    for n in range(1, 7):
        grid = tree.grid1 if n % 2 else tree.grid2
        p = person(f"居民{n}", grid, n=n)
        residents.append((p, f"居民{n}", id_for(n)))
    other = person("外社区", tree.other_grid, n=50)
    call = make_call(tree, manager)
    proposals = []
    for title, kind, cost in (
        ("加装楼道扶手", "works", 50000),
        ("长者助餐服务", "services", 30000),
        ("更换健身器材", "goods", 20000),
    ):
        p = proposal_submit(
            actor=council,
            call=call,
            unit=committee,
            title=title,
            description=f"{title}，方便居民",
            beneficiaries="全体居民",
            kind=kind,
            cost=cost,
            today=PROPOSING,
        )
        proposal_deliberate(
            actor=council, proposal=p, admit=True, reasons="符合条件", now=VOTING - dt.timedelta(1)
        )
        proposals.append(Proposal.objects.get(pk=p.pk))
    return Micro(
        call=call,
        proposals=proposals,
        residents=residents,
        outsider=(other, "外社区", id_for(50)),
        manager=manager,
        clerk=clerk,
        council=council,
    )


def budget(value) -> Decimal:
    return Decimal(value)
