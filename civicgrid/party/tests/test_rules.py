"""The rules a first trial of the pages as their users found missing: what a grid worker of one
community sees of a neighbour's ties, levels that no longer fit, places that are grids, dates
that have not come or fall outside an agreement, units that move with seats still held, and a
refused form that keeps what was typed."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from civicgrid.accounts.choices import Role
from civicgrid.accounts.tests.factories import user_with_role
from civicgrid.party import cobuilding, projects, selectors, services
from civicgrid.party.cobuilding import Promise
from civicgrid.party.models import Need, PartyOrganisation, Seat

from .fixtures import DAY, refused

pytestmark = pytest.mark.django_db
FUTURE = timezone.localdate() + dt.timedelta(days=30)


def test_a_tie_shows_only_to_whom_sees_both_sides(party):
    neighbour = services.stationed_unit_save(actor=party.street_leader,
                                             area=party.tree.street, name="街道卫生院",
                                             kind="institution")  # fmt: skip
    services.seat_give(actor=party.street_leader, committee=party.street_committee,
                       stationed_unit=neighbour, holder="王", since=DAY)  # fmt: skip
    far = services.stationed_unit_save(actor=party.outsider, area=party.tree.other_street,
                                       name="远方单位", kind="agency")  # fmt: skip
    # a unit stationed elsewhere has no seat on this street's committee at all …
    refused(
        "stationed_unit",
        services.seat_give,
        actor=party.street_leader,
        committee=party.street_committee,
        stationed_unit=far,
        holder="",
        since=DAY,
    )
    # … and a worker sees the street's seats only of units they see
    assert [s.stationed_unit.name for s in selectors.seats(party.worker)] == ["街道卫生院"]
    other_worker = user_with_role("p_worker2", party.tree.other_grid, Role.SUPERVISOR)
    assert not selectors.seats(other_worker).exists()


def test_a_level_must_fit_what_the_organisation_has(party):
    services.seat_give(actor=party.leader, committee=party.committee,
                       stationed_unit=party.hospital, holder="", since=DAY)  # fmt: skip
    services.organisation_create(actor=party.leader, name="支部", code="P-B",
                                 area=party.tree.community, level="branch",
                                 parent=party.committee)  # fmt: skip
    for level in ("group", "branch"):
        refused("level", services.organisation_update, actor=party.leader,
                organisation=party.committee, name="示范社区大党工委", level=level,
                parent=party.street_committee, setting="area", host="", building=None,
                secretary="", members=1, founded_on=None)  # fmt: skip
    assert PartyOrganisation.objects.get(pk=party.committee.pk).level == "big_committee"


def test_grids_and_impossible_numbers_are_refused(party):
    refused("area", services.organisation_create, actor=party.leader, name="x", code="P-X",
            area=party.tree.grid1, level="branch")  # fmt: skip
    refused("area", services.stationed_unit_save, actor=party.leader, area=party.tree.grid1,
            name="x", kind="agency")  # fmt: skip
    refused("area", cobuilding.need_raise, actor=party.leader, area=party.tree.grid1,
            title="x", category="health", raised_on=DAY)  # fmt: skip
    refused(
        "members",
        services.organisation_create,
        actor=party.leader,
        name="x",
        code="P-Y",
        area=party.tree.community,
        level="branch",
        members=10**12,
    )


def test_dates_that_have_not_come_or_fall_outside_the_agreement(party):
    refused("raised_on", cobuilding.need_raise, actor=party.leader, area=party.tree.community,
            title="x", category="health", raised_on=FUTURE)  # fmt: skip
    ends = dt.date(DAY.year, 12, 31)
    refused("commitments.0.due_on", cobuilding.agreement_draft, actor=party.leader,
            party_organisation=party.committee, stationed_unit=party.hospital, title="x",
            starts_on=DAY, ends_on=ends,
            commitments=[Promise("unit", "x", DAY - dt.timedelta(days=1))])  # fmt: skip
    a = cobuilding.agreement_draft(
        actor=party.leader,
        party_organisation=party.committee,
        stationed_unit=party.hospital,
        title="协议",
        starts_on=DAY,
        ends_on=ends,
        commitments=[Promise("unit", "义诊")],
    )
    refused("signed_on", cobuilding.agreement_sign, actor=party.leader, agreement=a,
            signed_on=FUTURE)  # fmt: skip
    cobuilding.agreement_sign(actor=party.leader, agreement=a, signed_on=DAY)
    c = a.commitments.get()
    refused("on", cobuilding.commitment_done, actor=party.leader, commitment=c,
            on=DAY - dt.timedelta(days=1))  # fmt: skip
    refused("on", cobuilding.commitment_done, actor=party.leader, commitment=c, on=FUTURE)
    refused("on", cobuilding.agreement_terminate, actor=party.leader, agreement=a,
            on=ends + dt.timedelta(days=1), why="x")  # fmt: skip
    p = projects.project_start(
        actor=party.leader, area=party.tree.community, title="x", category="health", starts_on=DAY
    )
    refused("ends_on", projects.project_progress, actor=party.leader, project=p,
            status="done", beneficiaries=3, ends_on=FUTURE)  # fmt: skip


def test_a_unit_does_not_move_or_stop_with_a_seat_still_held(party):
    seat = services.seat_give(
        actor=party.leader,
        committee=party.committee,
        stationed_unit=party.hospital,
        holder="",
        since=DAY,
    )
    values = {"actor": party.street_leader, "unit": party.hospital, "name": "区中心医院",
              "kind": "institution"}  # fmt: skip
    refused("area", services.stationed_unit_save, area=party.tree.street, **values)
    refused("active", services.stationed_unit_save, area=party.tree.community, active=False,
            **values)  # fmt: skip
    services.seat_end(actor=party.leader, seat=seat, until=DAY)
    services.stationed_unit_save(area=party.tree.street, **values)
    assert Seat.objects.get().until == DAY


def test_a_refused_form_keeps_what_was_typed_and_says_where(party):
    c = Client()
    c.force_login(party.leader)
    page = c.post(reverse("party:overview"), {
        "name": "打字很辛苦的名称", "code": "P-KEEP", "area": party.tree.community.pk,
        "level": "group", "setting": "building", "building": "", "members": 3,
    }).content.decode()  # fmt: skip
    assert "打字很辛苦的名称" in page and "is-invalid" in page
    assert not PartyOrganisation.objects.filter(unit__code="P-KEEP").exists()
    need = cobuilding.need_raise(
        actor=party.leader,
        area=party.tree.community,
        title="就医难",
        category="health",
        raised_on=DAY,
    )
    url = reverse("party:need", args=[need.pk])
    made = c.post(
        url,
        {
            "action": "project",
            "area": party.tree.community.pk,
            "title": "义诊",
            "category": "health",
            "starts_on": str(DAY),
            "need": need.pk,
        },
    )
    assert made.status_code == 302 and "/party/projects/" in made["Location"]
    project = c.get(made["Location"]).content.decode()
    assert 'name="beneficiaries"' in project and 'value="0"' not in project
    assert Need.objects.get().status == "matched"
