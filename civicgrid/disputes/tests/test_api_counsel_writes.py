"""The counsel API's writes (DOMAIN.md §18), as the advisers' page has them: a panel's members
added and retired, a legal adviser's appointment ended — by the leaders of the place — and
counsel recorded on a dispute by its mediator. Each in scope (2xx), out of scope (404: another
street's people, someone who neither leads nor mediates, one who sees but does not keep it), and
refused naming the field with nothing written."""

import datetime as dt

import pytest
from django.utils import timezone

from civicgrid.accounts import services as accounts
from civicgrid.accounts.choices import Role, UnitKind
from civicgrid.accounts.tests.factories import (
    api_refused,
    api_send,
    unit_for,
    user_with_role,
)
from civicgrid.disputes import counsel
from civicgrid.disputes.models import Counsel, LegalAdviser, PanelMember
from civicgrid.disputes.tests.test_disputes import dispute_case, record

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
D = dt.timedelta(days=1)


@pytest.fixture
def places(loop, mediator):
    """The community's and the street's leaders, another street's leader and mediator, a grid
    worker; the street's panel with a member, the community's adviser."""
    tree = loop.tree
    far_mediator = accounts.user_create(username="far_mediator", password="pw-for-tests-123")
    accounts.role_assign(user=far_mediator, role=Role.MEDIATOR,
                         unit=unit_for(tree.other_street, UnitKind.MEDIATION_CENTRE))  # fmt: skip
    leader = user_with_role("c_leader", tree.community, Role.LEADER)
    street = user_with_role("s_leader", tree.street, Role.LEADER)
    panel = counsel.panel_create(actor=street, area=tree.street, name="东街道专家研判组")
    return type("Places", (), dict(
        loop=loop, tree=tree, leader=leader, street=street, mediator=mediator,
        far=user_with_role("far_leader", tree.other_street, Role.LEADER),
        far_mediator=far_mediator, worker=user_with_role("c_worker", tree.grid1, Role.SUPERVISOR),
        panel=panel,
        member=counsel.member_add(actor=street, panel=panel, name="王法官", kind="judge",
                                  organisation="退休法官", phone="13912345678"),
        adviser=counsel.adviser_appoint(actor=leader, area=tree.community, name="李律师",
                                        firm="示范律所", starts_on=TODAY - 300 * D),
    ))  # fmt: skip


def test_a_panel_member_added_by_the_streets_leaders(places, client):
    p = places
    url = f"/api/v1/expert-panels/{p.panel.pk}/members"
    body = {"name": "赵律师", "kind": "lawyer", "organisation": "志愿律师", "phone": "13712345678"}
    # another street's, one who neither leads nor mediates; and those who see the panel but do
    # not keep it: a community's leader, a mediator
    for user in (p.far, p.far_mediator, p.worker, p.leader, p.mediator):
        assert api_send(client, user, url, body).status_code == 404, user
    assert api_send(client, p.street, "/api/v1/expert-panels/999999/members",
                 body).status_code == 404  # fmt: skip
    api_refused(api_send(client, p.street, url, {**body, "kind": "cook"}), "kind")
    api_refused(api_send(client, p.street, url, {**body, "phone": "12"}), "phone")
    api_refused(api_send(client, p.street, url, {**body, "name": None}), "name", 422)
    assert PanelMember.objects.count() == 1
    res = api_send(client, p.street, url, body)
    assert res.status_code == 201, res.content
    added = res.json()["members"][-1]
    assert (added["name"], added["kind"]) == ("赵律师", "lawyer")
    assert added["phone_masked"] == "137****5678"
    assert "13712345678" not in res.content.decode()


def test_a_panel_member_retired(places, client):
    p = places
    url = f"/api/v1/expert-panels/{p.panel.pk}/members/{p.member.pk}/retire"
    for user in (p.far, p.far_mediator, p.worker, p.leader, p.mediator):
        assert api_send(client, user, url).status_code == 404, user
    far_panel = counsel.panel_create(actor=p.far, area=p.tree.other_street, name="西街道研判组")
    # the member is not found under another panel (even one of the caller's own)
    assert api_send(client, p.far, f"/api/v1/expert-panels/{far_panel.pk}/members/{p.member.pk}"
                 "/retire").status_code == 404  # fmt: skip
    p.member.refresh_from_db()
    assert p.member.active
    res = api_send(client, p.street, url)
    assert res.status_code == 200, res.content
    assert [m["active"] for m in res.json()["members"]] == [False]
    api_refused(api_send(client, p.street, url), "member")  # retired already


def test_a_legal_advisers_appointment_ended(places, client):
    p = places
    url = f"/api/v1/legal-advisers/{p.adviser.pk}/end"
    body = {"ends_on": str(TODAY - D)}
    # another street's; one who neither leads nor mediates; the street's mediator sees the
    # adviser but does not keep it
    for user in (p.far, p.far_mediator, p.worker, p.mediator):
        assert api_send(client, user, url, body).status_code == 404, user
    assert api_send(client, p.leader, "/api/v1/legal-advisers/999999/end", body).status_code == 404
    api_refused(api_send(client, p.leader, url, {"ends_on": str(TODAY - 301 * D)}), "ends_on")
    api_refused(api_send(client, p.leader, url, {"ends_on": None}), "ends_on", 422)
    assert LegalAdviser.objects.get().ends_on is None
    res = api_send(client, p.leader, url, body)
    assert res.status_code == 200, res.content
    assert (res.json()["ends_on"], res.json()["name"]) == (str(TODAY - D), "李律师")
    assert not counsel.in_force().exists()
    api_refused(api_send(client, p.street, url, body), "adviser")  # it has ended


def test_counsel_recorded_on_a_dispute_by_its_mediator(places, client):
    p = places
    dispute = record(p.loop, p.mediator, dispute_case(p.loop))
    url = f"/api/v1/cases/{dispute.case_id}/dispute/counsel"
    body = {"adviser": p.adviser.pk, "given_on": str(TODAY), "opinion": "属合同纠纷，建议先行调解"}
    for user in (p.far_mediator, p.far, p.loop.outsider):
        assert api_send(client, user, url, body).status_code == 404, user
    assert api_send(client, p.mediator, "/api/v1/cases/999999/dispute/counsel",
                 body).status_code == 404  # fmt: skip
    far_panel = counsel.panel_create(actor=p.far, area=p.tree.other_street, name="西街道研判组")
    api_refused(api_send(client, p.mediator, url, {**body, "adviser": None}), "adviser")  # neither
    api_refused(api_send(client, p.mediator, url, {**body, "panel": p.panel.pk}), "adviser")  # both
    api_refused(api_send(client, p.mediator, url, {**body, "adviser": None, "panel": far_panel.pk}),
             "panel")  # another street's  # fmt: skip
    api_refused(api_send(client, p.mediator, url, {**body, "given_on": str(TODAY + D)}), "given_on")
    api_refused(api_send(client, p.mediator, url, {**body, "opinion": " "}), "opinion")
    api_refused(api_send(client, p.mediator, url, {**body, "opinion": None}), "opinion", 422)
    assert not Counsel.objects.exists()
    res = api_send(client, p.mediator, url, body)
    assert res.status_code == 201, res.content
    got = res.json()["counsel"]
    assert [(c["adviser"], c["panel"]) for c in got] == [(p.adviser.pk, None)]
    assert "李律师" in got[0]["by"]
    res = api_send(client, p.mediator, url, {**body, "adviser": None, "panel": p.panel.pk})
    assert res.status_code == 201 and Counsel.objects.count() == 2
