"""Legal advisers and expert panels (DOMAIN.md §18), with known answers: one adviser at a time
in a community, kept by its leaders; a street's panel and its members; counsel on a dispute by a
mediator of it, only from its street's advisers and panels; the figures; the page and the API in
scope (200) and out of it (404)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from civicgrid.accounts.choices import Role
from civicgrid.accounts.tests.factories import bearer, user_with_role
from civicgrid.core.errors import NotPermitted
from civicgrid.disputes import counsel
from civicgrid.disputes.figures import TALLY
from civicgrid.disputes.tests.test_disputes import dispute_case, record
from civicgrid.workforce.tests.fixtures import refused

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def people(loop):
    tree = loop.tree
    return type("P", (), dict(
        tree=tree, leader=user_with_role("c_leader", tree.community, Role.LEADER),
        street=user_with_role("s_leader", tree.street, Role.LEADER),
        far=user_with_role("far_leader", tree.other_street, Role.LEADER),
        worker=user_with_role("c_worker", tree.grid1, Role.SUPERVISOR),
    ))  # fmt: skip


def test_one_adviser_at_a_time_kept_by_the_communitys_leaders(people):
    p = people
    refused("area", counsel.adviser_appoint, actor=p.far, area=p.tree.community, name="李",
            firm="所", starts_on=TODAY)  # fmt: skip
    refused("area", counsel.adviser_appoint, actor=p.street, area=p.tree.street, name="李",
            firm="所", starts_on=TODAY)  # a street has panels, a community an adviser  # fmt: skip
    refused("phone", counsel.adviser_appoint, actor=p.leader, area=p.tree.community, name="李",
            firm="所", starts_on=TODAY, phone="12")  # fmt: skip
    first = counsel.adviser_appoint(actor=p.leader, area=p.tree.community, name="李律师",
                                    firm="示范律所", phone="13812345678",
                                    starts_on=TODAY - dt.timedelta(days=300))  # fmt: skip
    assert first.phone_masked == "138****5678" and "13812345678" not in first.phone_enc
    second = counsel.adviser_appoint(actor=p.street, area=p.tree.community, name="王律师",
                                     firm="示范律所", starts_on=TODAY)  # fmt: skip
    first.refresh_from_db()
    assert first.ends_on == TODAY - dt.timedelta(days=1)
    assert list(counsel.in_force()) == [second]
    refused("starts_on", counsel.adviser_appoint, actor=p.leader, area=p.tree.community,
            name="赵", firm="所", starts_on=TODAY - dt.timedelta(days=5))  # fmt: skip
    # the figures: the community has its adviser; the other street's has none
    got = TALLY.counts([p.tree.street, p.tree.other_street], TODAY, TODAY)
    assert got[p.tree.street.pk]["dsp_with_adviser"] == 1
    assert got[p.tree.other_street.pk]["dsp_with_adviser"] == 0
    assert got[p.tree.other_street.pk]["dsp_communities"] == 1


def test_counsel_on_a_dispute_from_its_streets_advisers_and_panels(loop, mediator, people):
    p = people
    adviser = counsel.adviser_appoint(actor=p.leader, area=p.tree.community, name="李律师",
                                      firm="示范律所", starts_on=TODAY)  # fmt: skip
    panel = counsel.panel_create(actor=p.street, area=p.tree.street, name="东街道专家研判组")
    refused("kind", counsel.member_add, actor=p.street, panel=panel, name="王", kind="cook")
    counsel.member_add(actor=p.street, panel=panel, name="王法官", kind="judge",
                       organisation="退休法官", phone="13912345678")  # fmt: skip
    refused("panel", counsel.member_add, actor=p.far, panel=panel, name="x", kind="lawyer")
    far_panel = counsel.panel_create(actor=p.far, area=p.tree.other_street, name="西街道研判组")
    dispute = record(loop, mediator, dispute_case(loop))
    refused("adviser", counsel.counsel_add, actor=mediator, dispute=dispute, opinion="x",
            given_on=TODAY)  # neither  # fmt: skip
    refused("adviser", counsel.counsel_add, actor=mediator, dispute=dispute, opinion="x",
            given_on=TODAY, adviser=adviser, panel=panel)  # both  # fmt: skip
    refused("panel", counsel.counsel_add, actor=mediator, dispute=dispute, opinion="x",
            given_on=TODAY, panel=far_panel)  # another street's  # fmt: skip
    refused("given_on", counsel.counsel_add, actor=mediator, dispute=dispute, opinion="x",
            given_on=TODAY + dt.timedelta(days=1), adviser=adviser)  # fmt: skip
    with pytest.raises(NotPermitted):  # not a mediator of it
        counsel.counsel_add(actor=p.worker, dispute=dispute, opinion="x", given_on=TODAY,
                            adviser=adviser)  # fmt: skip
    made = counsel.counsel_add(actor=mediator, dispute=dispute, opinion="属合同纠纷，建议调解",
                               given_on=TODAY, panel=panel)  # fmt: skip
    assert dispute.counsel.get() == made
    assert TALLY.counts([p.tree.street], TODAY, TODAY)[p.tree.street.pk]["dsp_counsel"] == 1


def test_the_page_and_the_api_in_scope(client, loop, mediator, people):
    p = people
    counsel.adviser_appoint(actor=p.leader, area=p.tree.community, name="<b>李律师</b>",
                            firm="示范律所", phone="13812345678", starts_on=TODAY)  # fmt: skip
    counsel.panel_create(actor=p.street, area=p.tree.street, name="东街道专家研判组")
    client.force_login(p.leader)
    page = client.get(reverse("disputes:advisers"))
    body = page.content.decode()
    assert page.status_code == 200 and "&lt;b&gt;李律师" in body and "138****5678" in body
    assert "13812345678" not in body and "东街道专家研判组" in body  # the street's panel
    client.force_login(p.worker)  # neither leads nor mediates: no such page
    assert client.get(reverse("disputes:advisers")).status_code == 404
    client.logout()
    got = client.get("/api/v1/legal-advisers", **bearer(p.far)).json()
    assert got == []  # another street's leader sees none of this street's
    assert client.get("/api/v1/legal-advisers", **bearer(p.worker)).status_code == 404
    mine = client.get("/api/v1/legal-advisers?serving=true", **bearer(mediator)).json()
    assert [a["phone_masked"] for a in mine] == ["138****5678"]
    dispute = record(loop, mediator, dispute_case(loop))
    panel_id = client.get("/api/v1/expert-panels", **bearer(mediator)).json()[0]["id"]
    res = client.post(f"/api/v1/cases/{dispute.case_id}/dispute/counsel",
                      {"panel": panel_id, "given_on": TODAY.isoformat(), "opinion": "建议调解"},
                      content_type="application/json", **bearer(mediator))  # fmt: skip
    assert res.status_code == 201 and res.json()["counsel"][0]["by"] == "东街道专家研判组"
    res = client.post(f"/api/v1/cases/{dispute.case_id}/dispute/counsel",
                      {"panel": 9999, "given_on": TODAY.isoformat(), "opinion": "x"},
                      content_type="application/json", **bearer(mediator))  # fmt: skip
    assert res.status_code == 400 and res.json()["field"] == "panel"
