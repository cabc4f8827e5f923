"""Rosters, members' activities and credit, and claims on party-building projects: the rules, the
pages (roster only to whom sees the organisation's own place) and the API, in and out of scope."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from civicgrid.accounts.tests.factories import bearer
from civicgrid.party import members, projects
from civicgrid.party.models import Claim, CreditEntry, Member, Project
from civicgrid.registry.models import PersonTag, Tag
from civicgrid.registry.tests.factories import id_for, person

from .fixtures import DAY, refused

pytestmark = pytest.mark.django_db
LATER = DAY + dt.timedelta(days=30)


def party_person(party, name="赵党员", n=1):
    p = person(name, party.tree.grid1, n=n)
    PersonTag.objects.create(person=p, tag=Tag.objects.get(code="party_member"))
    return p


def on_roster(party, name="赵党员", n=1):
    return members.member_add(actor=party.leader, organisation=party.committee,
                              kind="registered", person=party_person(party, name, n),
                              since=DAY)  # fmt: skip


def published(party, **kw):
    return projects.project_start(
        actor=party.leader, area=party.tree.community, title=kw.pop("title", "四点半课堂"),
        category="children", starts_on=DAY, kind="party", publisher=party.committee, **kw,
    )  # fmt: skip


# --- rosters --------------------------------------------------------------------------------
def test_a_member_from_the_register_must_be_marked_a_party_member(party):
    plain = person("钱群众", party.tree.grid1, n=2)
    refused("person", members.member_add, actor=party.leader, organisation=party.committee,
            kind="registered", person=plain, since=DAY)  # fmt: skip
    m = on_roster(party)
    assert m.name == "赵党员" and m.person_id is not None
    refused("person", members.member_add, actor=party.leader, organisation=party.committee,
            kind="registered", person=m.person, since=DAY)  # fmt: skip
    assert Member.objects.count() == 1


def test_an_in_service_member_may_be_known_by_name_and_workplace_only(party):
    refused("person", members.member_add, actor=party.leader, organisation=party.committee,
            kind="registered", name="王建国", since=DAY)  # fmt: skip
    refused("name", members.member_add, actor=party.leader, organisation=party.committee,
            kind="reported", since=DAY)  # fmt: skip
    m = members.member_add(actor=party.leader, organisation=party.committee, kind="reported",
                           name=" 王建国 ", workplace="区税务局", since=DAY)  # fmt: skip
    assert (m.name, m.person_id) == ("王建国", None)


def test_only_the_keeper_adds_and_a_member_leaves_once(party):
    refused("organisation", members.member_add, actor=party.outsider,
            organisation=party.committee, kind="reported", name="x", since=DAY)  # fmt: skip
    m = on_roster(party)
    refused("until", members.member_leave, actor=party.leader, member=m,
            until=DAY - dt.timedelta(days=1))  # fmt: skip
    members.member_leave(actor=party.leader, member=m, until=LATER)
    refused("member", members.member_leave, actor=party.leader, member=m, until=LATER)


def test_an_activity_takes_members_on_the_roster_that_day(party):
    m = on_roster(party)
    refused("participants", members.activity_log, actor=party.leader,
            organisation=party.committee, kind="identity_display", title="亮身份",
            held_on=LATER, participants=[])  # fmt: skip
    refused("participants", members.activity_log, actor=party.leader,
            organisation=party.committee, kind="identity_display", title="亮身份",
            held_on=DAY - dt.timedelta(days=1), participants=[m])  # fmt: skip
    # a street committee's activity takes the members of the committees under it …
    a = members.activity_log(actor=party.street_leader, organisation=party.street_committee,
                             kind="identity_display", title="亮身份", held_on=LATER,
                             participants=[m])  # fmt: skip
    assert list(a.participants.all()) == [m]
    # … a member of the street's roster is not the community's to log
    s = members.member_add(actor=party.street_leader, organisation=party.street_committee,
                           kind="reported", name="孙", since=DAY)  # fmt: skip
    refused("participants", members.activity_log, actor=party.leader,
            organisation=party.committee, kind="study", title="学习", held_on=LATER,
            participants=[s])  # fmt: skip


def test_credit_entries_give_points_and_only_a_deduction_takes_them(party):
    m = on_roster(party)
    refused("points", members.credit_add, actor=party.leader, member=m, on=LATER,
            category="service", points=-3, reason="x")  # fmt: skip
    refused("points", members.credit_add, actor=party.leader, member=m, on=LATER,
            category="deduction", points=3, reason="x")  # fmt: skip
    refused("points", members.credit_add, actor=party.leader, member=m, on=LATER,
            category="service", points=0, reason="x")  # fmt: skip
    refused("on", members.credit_add, actor=party.leader, member=m,
            on=DAY - dt.timedelta(days=1), category="service", points=3, reason="x")  # fmt: skip
    members.credit_add(actor=party.leader, member=m, on=LATER, category="deduction", points=-5,
                       reason="承诺未兑现")  # fmt: skip
    assert CreditEntry.objects.get().points == -5


# --- projects and claims --------------------------------------------------------------------
def test_a_project_kind_needs_its_publisher_or_sponsor(party):
    start = {"actor": party.leader, "area": party.tree.community, "title": "t",
             "category": "elderly", "starts_on": DAY}  # fmt: skip
    refused("publisher", projects.project_start, kind="party", **start)
    refused("sponsor", projects.project_start, kind="livelihood", **start)
    refused("sponsor", projects.project_start, sponsor="government", **start)
    refused("publisher", projects.project_start, kind="livelihood",
            sponsor="party_organisation", **start)  # fmt: skip
    p = projects.project_start(kind="livelihood", sponsor="stationed_cadres", **start)
    assert (p.kind, p.sponsor, p.status) == ("livelihood", "stationed_cadres", "planned")
    assert published(party).status == "published"


def test_claims_set_a_project_running_and_deliveries_count_its_beneficiaries(party):
    m = on_roster(party)
    project = published(party)
    refused("organisation", projects.claim_make, actor=party.leader, project=project,
            claimant="organisation", claimed_on=DAY)  # fmt: skip
    refused("member", projects.claim_make, actor=party.leader, project=project,
            claimant="organisation", organisation=party.committee, member=m,
            claimed_on=DAY)  # fmt: skip
    refused("stationed_unit", projects.claim_make, actor=party.leader, project=project,
            claimant="stationed_unit", stationed_unit=party.school, claimed_on=DAY)  # fmt: skip
    one = projects.claim_make(actor=party.leader, project=project, claimant="member", member=m,
                              claimed_on=DAY)  # fmt: skip
    refused("claimant", projects.claim_make, actor=party.leader, project=project,
            claimant="member", member=m, claimed_on=DAY)  # fmt: skip
    two = projects.claim_make(actor=party.leader, project=project, claimant="stationed_unit",
                              stationed_unit=party.hospital, claimed_on=DAY)  # fmt: skip
    assert Project.objects.get().status == "running"
    refused("status", projects.project_progress, actor=party.leader, project=project,
            status="done", ends_on=LATER)  # fmt: skip
    refused("delivered_on", projects.claim_deliver, actor=party.leader, claim=one,
            delivered_on=DAY - dt.timedelta(days=1), beneficiaries=5)  # fmt: skip
    projects.claim_deliver(actor=party.leader, claim=one, delivered_on=LATER, beneficiaries=40)
    projects.claim_deliver(actor=party.leader, claim=two, delivered_on=LATER, beneficiaries=60)
    refused("claim", projects.claim_withdraw, actor=party.leader, claim=two, on=LATER)
    done = projects.project_progress(actor=party.leader, project=project, status="done",
                                     ends_on=LATER)  # fmt: skip
    assert (done.status, done.beneficiaries) == ("done", 100)
    refused("project", projects.claim_make, actor=party.leader, project=project,
            claimant="organisation", organisation=party.committee, claimed_on=LATER)  # fmt: skip


def test_only_a_party_building_project_is_claimed_and_cancelling_releases_claims(party):
    plain = projects.project_start(actor=party.leader, area=party.tree.community, title="t",
                                   category="elderly", starts_on=DAY)  # fmt: skip
    refused("project", projects.claim_make, actor=party.leader, project=plain,
            claimant="organisation", organisation=party.committee, claimed_on=DAY)  # fmt: skip
    project = published(party)
    claim = projects.claim_make(actor=party.leader, project=project, claimant="organisation",
                                organisation=party.committee, claimed_on=DAY)  # fmt: skip
    projects.project_progress(actor=party.leader, project=project, status="cancelled",
                              ends_on=LATER)  # fmt: skip
    assert Claim.objects.get(pk=claim.pk).withdrawn_on == LATER


# --- pages ------------------------------------------------------------------------------------
def test_the_roster_shows_only_to_whom_sees_the_organisations_place(party, client):
    on_roster(party)
    url = reverse("party:roster", args=[party.committee.pk])
    for user, status in ((party.leader, 200), (party.street_leader, 200),
                         (party.outsider, 404), (party.resident, 404)):  # fmt: skip
        client.force_login(user)
        assert client.get(url).status_code == status, user
    # the grid worker sees the community's committee, not who its members are
    client.force_login(party.worker)
    org = client.get(reverse("party:organisation", args=[party.committee.pk]))
    assert org.status_code == 200 and url not in org.content.decode()
    assert client.get(url).status_code == 404


def test_a_leader_adds_a_member_by_id_number_and_a_wrong_one_is_named(party, client):
    party_person(party)
    client.force_login(party.leader)
    url = reverse("party:roster", args=[party.committee.pk])
    bad = client.post(url, {"action": "member", "kind": "registered", "id_number": id_for(99),
                            "since": str(DAY)})  # fmt: skip
    assert bad.status_code == 200 and "is-invalid" in bad.content.decode()
    assert not Member.objects.exists()
    ok = client.post(url, {"action": "member", "kind": "registered", "id_number": id_for(1),
                           "since": str(DAY)})  # fmt: skip
    assert ok.status_code == 302 and Member.objects.get().name == "赵党员"
    page = client.get(url).content.decode()
    assert "赵党员" in page and id_for(1) not in page


def test_a_leader_records_a_claim_and_its_delivery_on_the_project_page(party, client):
    project = published(party)
    client.force_login(party.leader)
    url = reverse("party:project", args=[project.pk])
    made = client.post(url, {"action": "claim", "claimant": "organisation",
                             "organisation": party.committee.pk, "claimed_on": str(DAY)})  # fmt: skip
    assert made.status_code == 302
    claim = Claim.objects.get()
    done = client.post(url, {"action": "deliver", "claim": claim.pk, "delivered_on": str(LATER),
                             "beneficiaries": "35", "what_was_done": "<b>x</b>"})  # fmt: skip
    assert done.status_code == 302
    page = client.get(url).content.decode()
    assert "35" in page and "<b>x</b>" not in page and "&lt;b&gt;x&lt;/b&gt;" in page


# --- API --------------------------------------------------------------------------------------
def test_the_api_keeps_rosters_and_claims_in_scope(party):
    mine, theirs = bearer(party.leader), bearer(party.outsider)
    c = Client()
    p = party_person(party)
    made = c.post("/api/v1/party/members", {"organisation": party.committee.pk,
                  "kind": "registered", "person": p.pk, "since": str(DAY)},
                  content_type="application/json", **mine)  # fmt: skip
    assert made.status_code == 201, made.content
    member = made.json()["id"]
    assert c.get("/api/v1/party/members", **theirs).json() == []
    leave = f"/api/v1/party/members/{member}/leave"
    body = {"until": str(LATER)}
    assert c.post(leave, body, content_type="application/json", **theirs).status_code == 404
    project = published(party)
    claims = f"/api/v1/party/projects/{project.pk}/claims"
    claim = c.post(claims, {"claimant": "member", "member": member, "claimed_on": str(DAY)},
                   content_type="application/json", **mine)  # fmt: skip
    assert claim.status_code == 201 and claim.json()["name"] == "赵党员"
    cid = claim.json()["id"]
    delivery = {"delivered_on": str(LATER), "beneficiaries": 20}
    for path, data in ((f"/api/v1/party/claims/{cid}/delivery", delivery),
                       (f"/api/v1/party/claims/{cid}/withdrawal", {"on": str(LATER)})):  # fmt: skip
        assert c.post(path, data, content_type="application/json", **theirs).status_code == 404
    got = c.post(f"/api/v1/party/claims/{cid}/delivery", delivery,
                 content_type="application/json", **mine)  # fmt: skip
    assert got.status_code == 200 and got.json()["beneficiaries"] == 20
    assert c.post(leave, body, content_type="application/json", **mine).status_code == 200
    refused_ = c.post("/api/v1/party/credit", {"member": member, "on": str(LATER),
                      "category": "service", "points": -2, "reason": "x"},
                      content_type="application/json", **mine)  # fmt: skip
    assert refused_.status_code == 400 and "points" in refused_.content.decode()
