"""The party-building API: the same scope as the pages (out of scope is 404, never 403), the
area's leaders write, and a refused value names its field and writes nothing."""

import pytest
from django.test import Client

from civicgrid.accounts.tests.factories import bearer
from civicgrid.party.models import Agreement, Need, PartyOrganisation, Project

from .fixtures import DAY, agreement

pytestmark = pytest.mark.django_db
API = "/api/v1/party"


def call(user, method, path, body=None):
    client = Client(**bearer(user))
    kw = {"data": body, "content_type": "application/json"} if body is not None else {}
    return getattr(client, method)(f"{API}{path}", **kw)


def test_reads_in_scope_and_not_found_outside(party):
    org = party.committee
    got = call(party.worker, "get", f"/organisations/{org.pk}")
    assert got.status_code == 200 and got.json()["secretary_phone"] == ""
    street = call(party.worker, "get", f"/organisations/{party.street_committee.pk}").json()
    assert street["secretary_phone"] == "139****5678" and "13912345678" not in str(street)
    assert call(party.worker, "get", "/organisations/").status_code in (200, 404)
    assert len(call(party.worker, "get", "/organisations").json()) == 2
    for blind in (party.outsider, party.handler, party.resident):
        assert call(blind, "get", f"/organisations/{org.pk}").status_code == 404
    assert call(party.outsider, "get", "/organisations").json() == []
    assert [u["name"] for u in call(party.outsider, "get", "/stationed-units").json()] == [
        "第二中学"
    ]


def test_a_leader_runs_co_building_through_the_api(party):
    leader = party.leader
    made = call(leader, "post", "/agreements", {
        "party_organisation": party.committee.pk, "stationed_unit": party.hospital.pk,
        "title": "医社共建", "starts_on": "2026-03-01", "ends_on": "2026-12-31",
        "commitments": [{"side": "unit", "text": "每月义诊"}],
    })  # fmt: skip
    assert made.status_code == 201, made.content
    agreement = made.json()
    signed = call(
        leader, "post", f"/agreements/{agreement['id']}/sign", {"signed_on": "2026-03-02"}
    )
    assert signed.json()["status"] == "signed"
    commitment = agreement["commitments"][0]["id"]
    kept = call(leader, "post", f"/agreements/{agreement['id']}/commitments/{commitment}/done",
                {"on": "2026-04-01"})  # fmt: skip
    assert kept.json()["commitments"][0]["done_on"] == "2026-04-01"
    need = call(
        leader,
        "post",
        "/needs",
        {
            "area": party.tree.community.code,
            "title": "就医难",
            "category": "health",
            "raised_on": "2026-03-01",
        },
    )
    resource = call(leader, "post", "/resources", {
        "stationed_unit": party.hospital.pk, "title": "义诊", "kind": "expertise",
        "category": "health", "value": "5000.00"})  # fmt: skip
    assert need.status_code == resource.status_code == 201, (need.content, resource.content)
    matches = call(leader, "get", f"/needs/{need.json()['id']}/matches").json()
    assert [m["title"] for m in matches] == ["义诊"]
    project = call(leader, "post", "/projects", {
        "area": party.tree.community.code, "title": "义诊进社区", "category": "health",
        "starts_on": "2026-03-05", "need": need.json()["id"],
        "resources": [resource.json()["id"]], "agreement": agreement["id"]})  # fmt: skip
    assert project.status_code == 201, project.content
    done = call(leader, "post", f"/projects/{project.json()['id']}/progress",
                {"status": "done", "beneficiaries": 120, "ends_on": "2026-06-30"})  # fmt: skip
    assert done.json()["beneficiaries"] == 120
    assert Need.objects.get().status == "met"


def test_writes_outside_the_callers_keeping_are_not_found(party):
    body = {"name": "x", "code": "P-Z", "area": party.tree.community.code, "level": "branch"}
    assert call(party.worker, "post", "/organisations", body).status_code == 404
    assert call(party.outsider, "post", "/organisations", body).status_code == 404
    assert (
        call(
            party.outsider,
            "post",
            "/agreements",
            {
                "party_organisation": party.committee.pk,
                "stationed_unit": party.hospital.pk,
                "title": "x",
                "starts_on": "2026-03-01",
                "ends_on": "2026-12-31",
            },
        ).status_code
        == 404
    )
    assert not PartyOrganisation.objects.filter(unit__code="P-Z").exists()
    assert Agreement.objects.count() == 0


def test_bad_values_name_their_field(party):
    leader = party.leader
    bad = call(
        leader,
        "post",
        "/organisations",
        {
            "name": "x",
            "code": "P-Q",
            "area": party.tree.community.code,
            "level": "branch",
            "members": "many",
        },
    )
    assert bad.status_code == 422 and bad.json()["field"] == "members"
    bad = call(
        leader,
        "post",
        "/organisations",
        {
            "name": "<b>x</b>",
            "code": "P-Q",
            "area": party.tree.community.code,
            "level": "branch",
            "building": "nope",
        },
    )
    assert bad.status_code in (400, 404) and bad.json()["field"] == "building"
    bad = call(
        leader,
        "post",
        "/projects",
        {
            "area": party.tree.community.code,
            "title": "x",
            "category": "sports",
            "starts_on": "2026-03-01",
        },
    )
    assert bad.status_code == 400 and bad.json()["field"] == "category"
    bad = call(leader, "post", "/agreements", {
        "party_organisation": party.committee.pk, "stationed_unit": party.hospital.pk,
        "title": "x", "starts_on": "2026-12-31", "ends_on": "2026-03-01"})  # fmt: skip
    assert bad.status_code == 400 and bad.json()["field"] == "ends_on"
    assert Project.objects.count() == Agreement.objects.count() == 0
    assert not PartyOrganisation.objects.filter(unit__code="P-Q").exists()


def test_steps_on_objects_out_of_scope_are_not_found(party):
    from civicgrid.party import cobuilding, projects, services

    seat = services.seat_give(
        actor=party.leader,
        committee=party.committee,
        stationed_unit=party.hospital,
        holder="",
        since=DAY,
    )
    a = agreement(party, commitments=[cobuilding.Promise("unit", "义诊")])
    c = a.commitments.get()
    p = projects.project_start(
        actor=party.leader, area=party.tree.community, title="x", category="health", starts_on=DAY
    )
    steps = [
        (f"/seats/{seat.pk}/end", {"until": str(DAY)}),
        (f"/agreements/{a.pk}/sign", {"signed_on": str(DAY)}),
        (f"/agreements/{a.pk}/terminate", {"on": str(DAY), "why": "x"}),
        (f"/agreements/{a.pk}/commitments/{c.pk}/done", {"on": str(DAY)}),
        (f"/projects/{p.pk}/progress", {"status": "running"}),
    ]
    for blind in (party.outsider, party.resident, party.handler):
        for path, body in steps:
            assert call(blind, "post", path, body).status_code == 404, (blind, path)
    for path, body in steps[:2]:  # a worker sees them, and may not take the step
        assert call(party.worker, "post", path, body).status_code == 404, path
    seat.refresh_from_db()
    a.refresh_from_db()
    assert seat.until is None and a.status == "draft"
