"""Commercial buildings (DOMAIN.md §18) with known answers: a profile only of a commercial
building in a community one leads; the body's members, signed responsibility, joint activities
(only the yearly assessment scored, once a year), one risk assessment a year whose hazards become
cases (once) and count rectified when closed; the figures; pages and API in scope or 404."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from civicgrid.accounts.tests.factories import bearer
from civicgrid.cases.tests.fixtures import walk
from civicgrid.commercial import services
from civicgrid.commercial.figures import counts
from civicgrid.workforce.tests.fixtures import refused

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
D = dt.timedelta(days=1)


def test_a_profile_only_of_a_commercial_building_one_keeps(tower):
    t = tower
    refused("building", services.profile_save, actor=t.leader, building=t.homes)
    refused("building", services.profile_save, actor=t.leader, building=t.building)  # again
    from civicgrid.registry.tests.factories import building

    b = building("T-2", t.tree.grid1, building_type="mixed")
    refused("building", services.profile_save, actor=t.outsider, building=b)
    made = services.profile_save(actor=t.leader, building=b, enterprises=3)
    assert made.area == t.tree.community and made.enterprises == 3


def test_members_agreements_and_activities(tower):
    t, p = tower, tower.profile
    police = services.member_add(actor=t.leader, profile=p, kind="department",
                                 organisation="静安寺派出所", joined_on=TODAY - 30 * D)  # fmt: skip
    tenant = services.member_add(actor=t.leader, profile=p, kind="tenant",
                                 organisation="某某科技有限公司", contact="李经理",
                                 joined_on=TODAY - 5 * D)  # fmt: skip
    refused("joined_on", services.member_add, actor=t.leader, profile=p, kind="owner",
            organisation="业主", joined_on=TODAY + D)  # fmt: skip
    refused("kind", services.member_add, actor=t.leader, profile=p, kind="cook",
            organisation="x", joined_on=TODAY)  # fmt: skip
    # an agreement is signed by a member sitting that day, and runs forward
    refused("signed_on", services.agreement_sign, actor=t.leader, profile=p, member=tenant,
            title="消防安全责任书", duties="通道畅通", signed_on=TODAY - 10 * D)  # fmt: skip
    refused("until", services.agreement_sign, actor=t.leader, profile=p, member=police,
            title="治安联防", duties="巡逻", signed_on=TODAY, until=TODAY - D)  # fmt: skip
    services.agreement_sign(actor=t.leader, profile=p, member=tenant, title="消防安全责任书",
                            duties="保持疏散通道畅通", signed_on=TODAY)  # fmt: skip
    services.member_leave(actor=t.leader, member=tenant, left_on=TODAY)
    refused("member", services.member_leave, actor=t.leader, member=tenant, left_on=TODAY)
    # only the yearly assessment is scored, once a year
    refused("score", services.activity_record, actor=t.leader, profile=p, kind="meeting",
            held_on=TODAY, subject="联席会", score=80)  # fmt: skip
    refused("score", services.activity_record, actor=t.leader, profile=p, kind="assessment",
            held_on=TODAY, subject="年度联考")  # fmt: skip
    services.activity_record(actor=t.leader, profile=p, kind="assessment", held_on=TODAY,
                             subject="年度联考", score=92)  # fmt: skip
    refused("held_on", services.activity_record, actor=t.leader, profile=p, kind="assessment",
            held_on=TODAY, subject="再考", score=90)  # fmt: skip
    services.activity_record(actor=t.leader, profile=p, kind="training", held_on=TODAY,
                             subject="消防培训", attended=40)  # fmt: skip
    # another street's leader keeps nothing here
    refused("profile", services.member_add, actor=t.outsider, profile=p, kind="owner",
            organisation="业主", joined_on=TODAY)  # fmt: skip
    got = counts([t.tree.community], TODAY, TODAY)[t.tree.community.pk]
    assert got["cb_buildings"] == 1 and got["cb_agreements"] == 1
    assert got["cb_joint_activities"] == 1  # the training; the assessment is not one


def test_risk_assessment_hazards_become_cases(tower):
    t, p = tower, tower.profile
    year = services.inspection_record(actor=t.leader, profile=p, kind="risk", held_on=TODAY,
                                      inspectors="消防救援支队、派出所、物业")  # fmt: skip
    refused("held_on", services.inspection_record, actor=t.leader, profile=p, kind="risk",
            held_on=TODAY, inspectors="again")  # fmt: skip
    services.inspection_record(actor=t.leader, profile=p, kind="joint", held_on=TODAY,
                               inspectors="联检")  # fmt: skip
    exits = services.hazard_add(actor=t.leader, inspection=year, installation="exits",
                                severity="high", description="B1 疏散通道堆放杂物")  # fmt: skip
    services.hazard_add(actor=t.leader, inspection=year, installation="cctv",
                        description="12 楼监控失灵")  # fmt: skip
    refused("installation", services.hazard_add, actor=t.leader, inspection=year,
            installation="moat", description="x")  # fmt: skip
    refused("case_class", services.hazard_report, actor=t.leader, hazard=exits,
            case_class="NOPE")  # fmt: skip
    case = services.hazard_report(actor=t.leader, hazard=exits)
    assert case.building == t.building and case.grid == t.tree.grid1
    assert case.case_class.code == "01013" and "B1 疏散通道堆放杂物" in case.description
    refused("hazard", services.hazard_report, actor=t.leader, hazard=exits)
    got = counts([t.tree.community], TODAY, TODAY)[t.tree.community.pk]
    assert (got["cb_hazards"], got["cb_hazards_rectified"], got["cb_risk_assessed"]) == (2, 0, 1)
    walk(case, t.loop, now=timezone.now())
    got = counts([t.tree.community], TODAY, TODAY)[t.tree.community.pk]
    assert got["cb_hazards_rectified"] == 1


def test_pages_and_api_in_scope_or_404(tower, client):
    t = tower
    client.force_login(t.leader)
    listed = client.get(reverse("commercial:list")).content.decode()
    assert t.building.name in listed
    page = client.get(reverse("commercial:profile", args=[t.profile.pk]))
    assert page.status_code == 200 and "楼宇安全协会" in page.content.decode()
    # a member added on the page; a bad day names its field and changes nothing
    url = reverse("commercial:profile", args=[t.profile.pk])
    bad = client.post(url, {"action": "member", "kind": "tenant", "organisation": "甲公司",
                            "joined_on": "not a day"})  # fmt: skip
    assert bad.status_code == 200 and t.profile.members.count() == 0
    assert 'aria-invalid="true"' in bad.content.decode()
    client.post(url, {"action": "member", "kind": "tenant", "organisation": "<b>甲公司</b>",
                      "joined_on": TODAY.isoformat()})  # fmt: skip
    assert t.profile.members.get().organisation == "<b>甲公司</b>"
    assert "&lt;b&gt;甲公司" in client.get(url).content.decode()
    client.force_login(t.outsider)
    assert client.get(url).status_code == 404
    assert t.building.name not in client.get(reverse("commercial:list")).content.decode()
    client.force_login(t.loop.handler)  # no leader: no pages at all
    assert client.get(reverse("commercial:list")).status_code == 404
    client.logout()
    api = f"/api/v1/commercial-buildings/{t.profile.pk}"
    got = client.get(api, **bearer(t.leader)).json()
    assert got["building"] == "T-1" and got["members"][0]["kind"] == "tenant"
    assert client.get(api, **bearer(t.outsider)).status_code == 404
    made = client.post(f"{api}/inspections", {"kind": "risk", "held_on": TODAY.isoformat(),
                                              "inspectors": "支队"},
                       content_type="application/json", **bearer(t.leader))  # fmt: skip
    assert made.status_code == 201
    inspection = made.json()["inspections"][0]["id"]
    hz = client.post(f"/api/v1/commercial-inspections/{inspection}/hazards",
                     {"installation": "gas", "description": "燃气报警器失效"},
                     content_type="application/json", **bearer(t.leader))  # fmt: skip
    assert hz.status_code == 201 and hz.json()["case"] is None
    hazard = hz.json()["id"]
    assert client.post(f"/api/v1/commercial-hazards/{hazard}/case", {},
                       content_type="application/json",
                       **bearer(t.outsider)).status_code == 404  # fmt: skip
    cased = client.post(f"/api/v1/commercial-hazards/{hazard}/case", {},
                        content_type="application/json", **bearer(t.leader))  # fmt: skip
    assert cased.status_code == 201 and cased.json()["case"]
