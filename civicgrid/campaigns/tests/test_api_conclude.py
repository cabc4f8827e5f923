"""Concluding a screening campaign through the API: by the leaders of its place once it has
begun (in scope 200; a leader of another street, or a grid worker who only sees it, 404), the
refusals naming their field with nothing written, and a concluded campaign takes no more visits
or findings."""

import datetime as dt

import pytest
from django.utils import timezone

from civicgrid.accounts.tests.factories import bearer
from civicgrid.campaigns import services
from civicgrid.campaigns.models import Campaign, Finding, Visit

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
D = dt.timedelta(days=1)
JSON = {"content_type": "application/json"}


def post(client, path, body, user):
    return client.post(f"/api/v1{path}", body, **JSON, **bearer(user))


def test_a_campaign_is_concluded_in_scope_and_then_takes_no_visits(sweep, client):
    s, c = sweep, sweep.campaign
    base = f"/campaigns/{c.pk}"
    visit = post(client, f"{base}/visits", {"grid": s.tree.grid1.code, "place": "幸福路 3 号网吧",
                                            "visited_on": TODAY.isoformat()}, s.worker)  # fmt: skip
    assert visit.status_code == 201, visit.content
    body = {"on": TODAY.isoformat(), "conclusion": "共走访 1 处，发现问题 0 处"}
    # another street's leader and grid worker: no such campaign; its own grid worker sees it
    # but does not lead its place (as on its page: 404)
    for user in (s.outsider, s.far, s.worker):
        assert post(client, f"{base}/conclusion", body, user).status_code == 404, user
    for wrong, status, field in (
        ({"on": (TODAY + D).isoformat()}, 400, "on"),
        ({"on": (c.starts_on - D).isoformat()}, 400, "on"),
        ({"on": "someday"}, 422, "on"),
        ({"conclusion": "  "}, 400, "conclusion"),
        ({"conclusion": "x" * 4001}, 422, "conclusion"),
    ):
        got = post(client, f"{base}/conclusion", {**body, **wrong}, s.leader)
        assert got.status_code == status, (wrong, got.content)
        assert got.json()["field"] == field, (wrong, got.json())
    assert post(client, "/campaigns/999999/conclusion", body, s.leader).status_code == 404
    c.refresh_from_db()
    assert (c.concluded_on, c.conclusion) == (None, "")
    done = post(client, f"{base}/conclusion", body, s.leader)
    assert done.status_code == 200, done.content
    got = done.json()
    assert (got["concluded_on"], got["conclusion"]) == (TODAY.isoformat(), body["conclusion"])
    assert got["places_visited"] == 1
    again = post(client, f"{base}/conclusion", {**body, "conclusion": "again"}, s.leader)
    assert again.status_code == 400 and again.json()["code"] == "closed"
    assert Campaign.objects.get(pk=c.pk).conclusion == body["conclusion"]
    # concluded: no more visits, nor findings on the visits it had
    late = post(client, f"{base}/visits", {"grid": s.tree.grid1.code, "place": "又一处",
                                           "visited_on": TODAY.isoformat()}, s.worker)  # fmt: skip
    assert late.status_code == 400 and late.json()["field"] == "campaign", late.content
    found = post(client, f"{base}/findings", {"visit": visit.json()["id"],
                                              "item": c.items.first().pk,
                                              "description": "未签协议"}, s.worker)  # fmt: skip
    assert found.status_code == 400 and found.json()["field"] == "visit", found.content
    assert Visit.objects.filter(campaign=c).count() == 1 and not Finding.objects.exists()
    listed = client.get("/api/v1/campaigns", **bearer(s.worker)).json()
    assert [x["concluded_on"] for x in listed if x["id"] == c.pk] == [TODAY.isoformat()]


def test_a_campaign_not_begun_is_not_concluded(sweep, client):
    s = sweep
    later = services.campaign_launch(
        actor=s.leader, area=s.tree.street, name="国庆消防安全排查", theme="fire",
        starts_on=TODAY + 10 * D, ends_on=TODAY + 20 * D, items=["是否配备灭火器"],
    )  # fmt: skip
    got = post(client, f"/campaigns/{later.pk}/conclusion",
               {"on": TODAY.isoformat(), "conclusion": "取消"}, s.leader)  # fmt: skip
    assert got.status_code == 400 and got.json()["field"] == "on"
    assert Campaign.objects.get(pk=later.pk).concluded_on is None
