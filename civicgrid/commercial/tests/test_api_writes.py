"""The commercial buildings API's writes, as the profile page has them (DOMAIN.md §18): the
co-governance body's members joining and leaving, signed responsibilities, joint activities,
inspections, their hazards made cases, and the building's mediation committee with its members.
Each in scope (2xx), out of scope (404: another street's leader, someone who leads nowhere, an
object of another building under this one), and refused naming the field with nothing
written."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from civicgrid.accounts.tests.factories import api_refused, api_send, unit_for
from civicgrid.commercial import services
from civicgrid.commercial.models import Activity, Agreement, Hazard, Inspection, Member
from civicgrid.disputes.models import BuildingCommittee, CommitteeMember
from civicgrid.registry.tests.factories import building

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
D = dt.timedelta(days=1)


def _strangers(t):
    """Another street's leader, and one who leads nowhere (a department's handler)."""
    return (t.outsider, t.loop.handler)


def _other_profile(t):
    mixed = building("T-2", t.tree.grid1, building_type="mixed")
    return services.profile_save(actor=t.leader, building=mixed)


def test_members_join_and_leave_the_body(tower, client):
    t = tower
    url = f"/api/v1/commercial-buildings/{t.profile.pk}/members"
    body = {"kind": "tenant", "organisation": "某某科技有限公司", "contact": "李经理",
            "joined_on": str(TODAY - 30 * D)}  # fmt: skip
    for user in _strangers(t):
        assert api_send(client, user, url, body).status_code == 404
    assert api_send(client, t.leader, "/api/v1/commercial-buildings/999999/members",
                 body).status_code == 404  # fmt: skip
    api_refused(api_send(client, t.leader, url, {**body, "kind": "cook"}), "kind")
    api_refused(api_send(client, t.leader, url, {**body, "joined_on": str(TODAY + D)}), "joined_on")
    api_refused(api_send(client, t.leader, url, {**body, "unit": "NOPE"}), "unit")
    far = unit_for(t.tree.other_street)  # a unit of another place
    api_refused(api_send(client, t.leader, url, {**body, "unit": far.code}), "unit")
    api_refused(
        api_send(client, t.leader, url, {**body, "organisation": None}), "organisation", 422
    )
    assert not Member.objects.exists()
    res = api_send(client, t.leader, url, body)
    assert res.status_code == 201, res.content
    member = res.json()["members"][0]
    assert member["kind"] == "tenant" and member["organisation"] == "某某科技有限公司"
    assert member["left_on"] is None
    # leaving
    leave = f"{url}/{member['id']}/leave"
    for user in _strangers(t):
        assert api_send(client, user, leave, {"left_on": str(TODAY)}).status_code == 404
    other = _other_profile(t)  # the member is not found under another building
    assert api_send(client, t.leader, f"/api/v1/commercial-buildings/{other.pk}/members/"
                 f"{member['id']}/leave", {"left_on": str(TODAY)}).status_code == 404  # fmt: skip
    api_refused(api_send(client, t.leader, leave, {"left_on": str(TODAY - 31 * D)}), "left_on")
    api_refused(api_send(client, t.leader, leave, {"left_on": str(TODAY + D)}), "left_on")
    api_refused(api_send(client, t.leader, leave, {}), "left_on", 422)
    assert Member.objects.get().left_on is None
    res = api_send(client, t.leader, leave, {"left_on": str(TODAY)})
    assert res.status_code == 200, res.content
    assert res.json()["members"][0]["left_on"] == str(TODAY)
    api_refused(
        api_send(client, t.leader, leave, {"left_on": str(TODAY)}), "member"
    )  # left already


def test_agreements_are_signed_by_a_sitting_member(tower, client):
    t = tower
    tenant = services.member_add(actor=t.leader, profile=t.profile, kind="tenant",
                                 organisation="某某科技有限公司", joined_on=TODAY - 5 * D)  # fmt: skip
    stranger = services.member_add(actor=t.leader, profile=_other_profile(t), kind="owner",
                                   organisation="业主", joined_on=TODAY - 5 * D)  # fmt: skip
    url = f"/api/v1/commercial-buildings/{t.profile.pk}/agreements"
    body = {"member": tenant.pk, "title": "消防安全责任书", "duties": "保持疏散通道畅通",
            "signed_on": str(TODAY)}  # fmt: skip
    for user in _strangers(t):
        assert api_send(client, user, url, body).status_code == 404
    api_refused(api_send(client, t.leader, url, {**body, "member": 999999}), "member")
    api_refused(api_send(client, t.leader, url, {**body, "member": stranger.pk}), "member")
    api_refused(api_send(client, t.leader, url, {**body, "signed_on": str(TODAY - 10 * D)}),
             "signed_on")  # before the member joined  # fmt: skip
    api_refused(api_send(client, t.leader, url, {**body, "until": str(TODAY - D)}), "until")
    api_refused(api_send(client, t.leader, url, {**body, "title": None}), "title", 422)
    assert not Agreement.objects.exists()
    res = api_send(client, t.leader, url, {**body, "until": str(TODAY + 365 * D)})
    assert res.status_code == 201, res.content
    got = res.json()["agreements"][0]
    assert (got["member"], got["title"]) == (tenant.pk, "消防安全责任书")
    assert got["until"] == str(TODAY + 365 * D)


def test_joint_activities_only_the_assessment_scored_once_a_year(tower, client):
    t = tower
    url = f"/api/v1/commercial-buildings/{t.profile.pk}/activities"
    body = {"kind": "meeting", "held_on": str(TODAY), "subject": "楼宇联席会", "attended": 14}
    for user in _strangers(t):
        assert api_send(client, user, url, body).status_code == 404
    api_refused(api_send(client, t.leader, url, {**body, "score": 80}), "score")
    api_refused(api_send(client, t.leader, url, {**body, "kind": "assessment"}), "score")
    api_refused(api_send(client, t.leader, url, {**body, "kind": "party"}), "kind")
    api_refused(api_send(client, t.leader, url, {**body, "held_on": str(TODAY + D)}), "held_on")
    api_refused(api_send(client, t.leader, url, {**body, "kind": "assessment", "score": 101}), "score",
             422)  # fmt: skip
    assert not Activity.objects.exists()
    assert api_send(client, t.leader, url, body).status_code == 201
    scored = {**body, "kind": "assessment", "subject": "年度联考", "score": "92.5"}
    res = api_send(client, t.leader, url, scored)
    assert res.status_code == 201, res.content
    scores = {a["kind"]: a["score"] for a in res.json()["activities"]}
    assert scores["meeting"] is None and Decimal(scores["assessment"]) == Decimal("92.5")
    api_refused(api_send(client, t.leader, url, scored), "held_on")  # once a year
    assert Activity.objects.count() == 2


def test_inspections_hazards_and_their_cases(tower, client):
    t = tower
    url = f"/api/v1/commercial-buildings/{t.profile.pk}/inspections"
    body = {"kind": "risk", "held_on": str(TODAY), "inspectors": "消防救援支队、派出所、物业"}
    for user in _strangers(t):
        assert api_send(client, user, url, body).status_code == 404
    api_refused(api_send(client, t.leader, url, {**body, "kind": "audit"}), "kind")
    api_refused(api_send(client, t.leader, url, {**body, "held_on": str(TODAY + D)}), "held_on")
    api_refused(api_send(client, t.leader, url, {**body, "inspectors": None}), "inspectors", 422)
    assert not Inspection.objects.exists()
    res = api_send(client, t.leader, url, body)
    assert res.status_code == 201, res.content
    inspection = res.json()["inspections"][0]["id"]
    api_refused(api_send(client, t.leader, url, body), "held_on")  # one risk assessment a year
    # its hazards
    hazards = f"/api/v1/commercial-inspections/{inspection}/hazards"
    found = {"installation": "exits", "severity": "high", "description": "B1 层疏散通道堆放杂物"}
    for user in _strangers(t):
        assert api_send(client, user, hazards, found).status_code == 404
    assert api_send(client, t.leader, "/api/v1/commercial-inspections/999999/hazards",
                 found).status_code == 404  # fmt: skip
    api_refused(
        api_send(client, t.leader, hazards, {**found, "installation": "moat"}), "installation"
    )
    api_refused(api_send(client, t.leader, hazards, {**found, "severity": "dire"}), "severity")
    api_refused(api_send(client, t.leader, hazards, {**found, "description": "<b>x</b>"}),
             "description")  # fmt: skip
    api_refused(api_send(client, t.leader, hazards, {"installation": "exits"}), "description", 422)
    assert not Hazard.objects.exists()
    res = api_send(client, t.leader, hazards, found)
    assert res.status_code == 201, res.content
    hazard = res.json()
    assert (hazard["severity"], hazard["case"], hazard["rectified"]) == ("high", None, False)
    # made a case, once
    case = f"/api/v1/commercial-hazards/{hazard['id']}/case"
    for user in _strangers(t):
        assert api_send(client, user, case).status_code == 404
    api_refused(api_send(client, t.leader, case, {"case_class": "NOPE"}), "case_class")
    assert Hazard.objects.get().case is None
    res = api_send(client, t.leader, case)
    assert res.status_code == 201, res.content
    number = res.json()["case"]
    assert number and Hazard.objects.get().case.number == number
    api_refused(api_send(client, t.leader, case), "hazard")  # a case already


def test_the_buildings_mediation_committee_and_its_members(tower, client):
    t = tower
    url = f"/api/v1/commercial-buildings/{t.profile.pk}/committee"
    members = f"{url}/members"
    chair = {"name": "张调解员", "organisation": "大厦物业服务中心", "role": "chair"}
    api_refused(api_send(client, t.leader, members, chair), "committee")  # none set up yet
    body = {"name": "某某大厦楼宇调委会", "established_on": str(TODAY - 30 * D)}
    for user in _strangers(t):
        assert api_send(client, user, url, body, "put").status_code == 404
    api_refused(api_send(client, t.leader, url, {**body, "established_on": str(TODAY + D)}, "put"),
             "established_on")  # fmt: skip
    api_refused(api_send(client, t.leader, url, {**body, "name": " "}, "put"), "name")
    api_refused(api_send(client, t.leader, url, {"name": "x"}, "put"), "established_on", 422)
    assert not BuildingCommittee.objects.exists()
    res = api_send(client, t.leader, url, body, "put")
    assert res.status_code == 200, res.content
    assert res.json()["committee"] == {"name": "某某大厦楼宇调委会",
                                       "established_on": str(TODAY - 30 * D), "active": True,
                                       "members": 0}  # fmt: skip
    # its members
    for user in _strangers(t):
        assert api_send(client, user, members, chair).status_code == 404
    api_refused(api_send(client, t.leader, members, {**chair, "role": "boss"}), "role")
    api_refused(api_send(client, t.leader, members, {**chair, "organisation": None}), "organisation",
             422)  # fmt: skip
    assert not CommitteeMember.objects.exists()
    res = api_send(client, t.leader, members, chair)
    assert res.status_code == 201, res.content
    api_refused(api_send(client, t.leader, members, {**chair, "name": "李"}), "role")  # one chair
    res = api_send(client, t.leader, members, {"name": "王律师", "organisation": "社区调委会"})
    assert res.status_code == 201 and res.json()["committee"]["members"] == 2
    assert CommitteeMember.objects.get(name="王律师").role == "member"
    # changed, never a second one: set down
    res = api_send(client, t.leader, url, {**body, "active": False}, "put")
    assert res.status_code == 200 and res.json()["committee"]["active"] is False
    assert BuildingCommittee.objects.count() == 1
