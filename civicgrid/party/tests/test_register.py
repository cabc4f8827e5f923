"""Party organisations on the area tree, stationed units and their seats: who keeps them, where
they may sit, and what is refused (naming the field, changing nothing)."""

import pytest

from civicgrid.accounts.choices import UnitKind
from civicgrid.party import selectors, services
from civicgrid.party.models import PartyOrganisation, Seat, StationedUnit

from .fixtures import DAY, refused

pytestmark = pytest.mark.django_db


def test_an_organisation_is_a_unit_under_its_parent(party):
    c = party.committee
    assert c.unit.kind == UnitKind.PARTY_ORGANISATION and c.unit.area == party.tree.community
    assert c.unit.parent == party.street_committee.unit
    assert party.street_committee.secretary_phone_masked == "139****5678"
    assert party.street_committee.reveal("secretary_phone") == "13912345678"
    assert "13912345678" not in party.street_committee.secretary_phone_enc


def test_a_building_group_sits_in_a_building_of_its_area(party):
    group = services.organisation_create(
        actor=party.leader, name="1号楼党小组", code="P-G1", area=party.tree.community,
        level="group", parent=party.committee, setting="building", building=party.building,
    )  # fmt: skip
    assert group.building == party.building
    refused("building", services.organisation_create, actor=party.leader, name="x",
            code="P-G2", area=party.tree.community, level="group", setting="building")  # fmt: skip
    refused("building", services.organisation_create, actor=party.leader, name="x",
            code="P-G3", area=party.tree.community, level="group", setting="building",
            building=party.other_building)  # fmt: skip
    refused("parent", services.organisation_create, actor=party.leader, name="x",
            code="P-G4", area=party.tree.community, level="branch", parent=group)  # fmt: skip
    assert not PartyOrganisation.objects.filter(unit__code__in=["P-G2", "P-G3", "P-G4"]).exists()


def test_only_the_areas_leaders_keep_its_register(party):
    for who in (party.worker, party.handler, party.resident, party.outsider):
        refused("area", services.organisation_create, actor=who, name="x", code=f"P-{who.pk}",
                area=party.tree.community, level="branch")  # fmt: skip
    # a community's leader does not keep the street's
    refused("area", services.organisation_create, actor=party.leader, name="x", code="P-X",
            area=party.tree.street, level="branch")  # fmt: skip


def test_a_parent_serves_an_area_above(party):
    other = services.organisation_create(
        actor=party.outsider, name="他街党工委", code="P-O", area=party.tree.other_street,
        level="street_committee",
    )  # fmt: skip
    refused("parent", services.organisation_create, actor=party.leader, name="x", code="P-Y",
            area=party.tree.community, level="branch", parent=other)  # fmt: skip


def test_an_organisation_is_never_under_its_own(party):
    branch = services.organisation_create(
        actor=party.leader, name="支部", code="P-B", area=party.tree.community, level="branch",
        parent=party.committee,
    )  # fmt: skip
    refused("parent", services.organisation_update, actor=party.leader,
            organisation=party.committee, name="示范社区大党工委", level="big_committee",
            parent=branch, setting="area", host="", building=None, secretary="", members=1,
            founded_on=None)  # fmt: skip


def test_an_update_keeps_the_phone_unless_a_new_one_is_typed(party):
    services.organisation_update(
        actor=party.street_leader, organisation=party.street_committee, name="示范街道党工委",
        level="street_committee", parent=None, setting="area", host="", building=None,
        secretary="王书记", members=41, founded_on=DAY,
    )  # fmt: skip
    entry = PartyOrganisation.objects.get(pk=party.street_committee.pk)
    assert entry.secretary == "王书记" and entry.reveal("secretary_phone") == "13912345678"
    refused("phone", services.organisation_update, actor=party.street_leader,
            organisation=entry, name="示范街道党工委", level="street_committee", parent=None,
            setting="area", host="", building=None, secretary="王书记", members=41,
            founded_on=DAY, phone="12")  # fmt: skip


def test_wrong_values_are_refused_by_name(party):
    refused("level", services.organisation_create, actor=party.leader, name="x", code="P-L",
            area=party.tree.community, level="politburo")  # fmt: skip
    refused("code", services.organisation_create, actor=party.leader, name="x", code="P-C",
            area=party.tree.community, level="branch")  # fmt: skip
    refused("credit_code", services.stationed_unit_save, actor=party.leader,
            area=party.tree.community, name="坏码", kind="agency", credit_code="123")  # fmt: skip
    refused("name", services.stationed_unit_save, actor=party.leader,
            area=party.tree.community, name="区中心医院", kind="agency")  # fmt: skip
    refused("name", services.stationed_unit_save, actor=party.leader,
            area=party.tree.community, name="长" * 101, kind="agency")  # fmt: skip
    assert StationedUnit.objects.count() == 2


def test_a_seat_is_on_a_committee_for_a_unit_stationed_under_it(party):
    seat = services.seat_give(actor=party.leader, committee=party.committee,
                              stationed_unit=party.hospital, holder="李书记", since=DAY)  # fmt: skip
    refused("stationed_unit", services.seat_give, actor=party.leader, committee=party.committee,
            stationed_unit=party.hospital, holder="又一次", since=DAY)  # fmt: skip
    refused(
        "stationed_unit",
        services.seat_give,
        actor=party.street_leader,
        committee=party.street_committee,
        stationed_unit=party.school,
        holder="",
        since=DAY,
    )
    branch = services.organisation_create(
        actor=party.leader, name="支部", code="P-B2", area=party.tree.community, level="branch"
    )
    refused("committee", services.seat_give, actor=party.leader, committee=branch,
            stationed_unit=party.hospital, holder="", since=DAY)  # fmt: skip
    refused("until", services.seat_end, actor=party.leader, seat=seat,
            until=DAY.replace(year=2025))  # fmt: skip
    services.seat_end(actor=party.leader, seat=seat, until=DAY)
    # once ended, the unit may take a seat again
    services.seat_give(actor=party.leader, committee=party.committee,
                       stationed_unit=party.hospital, holder="新书记", since=DAY)  # fmt: skip
    assert Seat.objects.filter(until__isnull=True).count() == 1


def test_each_sees_their_area_and_the_areas_above(party):
    names = lambda qs: sorted(o.unit.name for o in qs)  # noqa: E731
    assert names(selectors.organisations(party.worker)) == ["示范社区大党工委", "示范街道党工委"]
    assert names(selectors.organisations(party.street_leader)) == names(
        selectors.organisations(party.leader)
    )
    for blind in (party.handler, party.resident):
        assert not selectors.organisations(blind).exists()
        assert not selectors.sees_party_building(blind)
    assert not selectors.organisations(party.outsider).exists()
    assert [u.name for u in selectors.stationed_units(party.outsider)] == ["第二中学"]
    tree_rows = selectors.tree(party.leader)
    assert [(r.organisation.unit.code, r.depth) for r in tree_rows] == [("P-S", 0), ("P-C", 1)]
