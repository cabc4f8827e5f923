"""A street with a community: its leaders (street and community), a grid worker, a handler and a
resident; another street's leader; the street's working committee with the community's big
committee under it; a hospital stationed in the community and a school in the other street."""

import datetime as dt
from types import SimpleNamespace

import pytest

from civicgrid.accounts.choices import Role
from civicgrid.accounts.tests.factories import user_with_role
from civicgrid.core.errors import DomainError
from civicgrid.party import cobuilding, services
from civicgrid.party.cobuilding import Promise
from civicgrid.registry.tests.factories import building

DAY = dt.date(2026, 3, 2)
YEAR_END = dt.date(2026, 12, 31)
CODE = "91110000600037341L"


def refused(field, call, *args, **kwargs):
    """``call`` is refused naming ``field``."""
    with pytest.raises(DomainError) as info:
        call(*args, **kwargs)
    assert info.value.field == field, info.value
    return info.value


def agreement(party, **kw):
    """A draft agreement of the community's committee with the hospital, March to December."""
    return cobuilding.agreement_draft(
        actor=party.leader, party_organisation=party.committee, stationed_unit=party.hospital,
        title=kw.pop("title", "医社共建协议"), starts_on=DAY, ends_on=YEAR_END,
        commitments=kw.pop("commitments", [Promise("unit", "每月义诊一次"),
                                           Promise("community", "提供活动场地")]),
        **kw,
    )  # fmt: skip


def raise_need(party, title="就医难", category="health"):
    """A need of the community, raised on DAY."""
    return cobuilding.need_raise(actor=party.leader, area=party.tree.community, title=title,
                                 category=category, raised_on=DAY)  # fmt: skip


@pytest.fixture
def party(tree):
    street_leader = user_with_role("p_street_leader", tree.street, Role.LEADER)
    leader = user_with_role("p_leader", tree.community, Role.LEADER)
    worker = user_with_role("p_worker", tree.grid1, Role.SUPERVISOR)
    handler = user_with_role("p_handler", tree.district, Role.HANDLER)
    resident = user_with_role("p_resident", tree.community, Role.RESIDENT)
    outsider = user_with_role("p_outsider", tree.other_street, Role.LEADER)
    street_committee = services.organisation_create(
        actor=street_leader, name="示范街道党工委", code="P-S", area=tree.street,
        level="street_committee", secretary="张书记", phone="13912345678", members=40,
    )  # fmt: skip
    committee = services.organisation_create(
        actor=leader, name="示范社区大党工委", code="P-C", area=tree.community,
        level="big_committee", parent=street_committee, members=120,
    )  # fmt: skip
    hospital = services.stationed_unit_save(
        actor=leader, area=tree.community, name="区中心医院", kind="institution",
        credit_code=CODE, party_body="医院党委", members=300, contact_name="李主任",
        phone="13812345678",
    )  # fmt: skip
    school = services.stationed_unit_save(
        actor=outsider, area=tree.other_street, name="第二中学", kind="institution"
    )
    return SimpleNamespace(
        tree=tree, street_leader=street_leader, leader=leader, worker=worker, handler=handler,
        resident=resident, outsider=outsider, street_committee=street_committee,
        committee=committee, hospital=hospital, school=school,
        building=building("B-1", tree.grid1), other_building=building("B-9", tree.other_grid),
    )  # fmt: skip
