"""Volunteers (DOMAIN.md §18: 社工+义工), with known answers: a resident of the community on the
roster once, paired with a social worker of that community; service hours adding up to star
levels; incentives; the figures; the page and the API in scope (200) and out of it (404)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from civicgrid.accounts.tests.factories import bearer
from civicgrid.registry.tests.factories import id_for, person
from civicgrid.workforce import services, volunteers
from civicgrid.workforce.figures import TALLY

from .fixtures import DAY, refused

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


def _social_worker(wf, area=None):
    return services.worker_save(actor=wf.leader if area is None else wf.outsider,
                                area=area or wf.tree.community, post="social_worker",
                                name="吴社工", term_starts=DAY, funding="district")  # fmt: skip


def test_a_volunteer_paired_with_a_social_worker_and_their_stars(wf, settings):
    settings.CIVICGRID_VOLUNTEER_STARS = [10, 20, 30, 40, 50]
    sw = _social_worker(wf)
    far = _social_worker(wf, wf.tree.other_community)
    elsewhere = person("外社区", wf.tree.other_grid, n=2)
    refused("id_number", volunteers.volunteer_add, actor=wf.leader, area=wf.tree.community,
            person=elsewhere, joined_on=DAY)  # fmt: skip
    refused("area", volunteers.volunteer_add, actor=wf.outsider, area=wf.tree.community,
            person=wf.resident, joined_on=DAY)  # fmt: skip
    refused("social_worker", volunteers.volunteer_add, actor=wf.leader, area=wf.tree.community,
            person=wf.resident, joined_on=DAY, social_worker=far)  # fmt: skip
    v = volunteers.volunteer_add(actor=wf.leader, area=wf.tree.community, person=wf.resident,
                                 joined_on=DAY, skills="助老", social_worker=sw)  # fmt: skip
    refused("id_number", volunteers.volunteer_add, actor=wf.leader, area=wf.tree.community,
            person=wf.resident, joined_on=DAY)  # once at a time  # fmt: skip
    for n, hours in enumerate(("8", "6.5", "9")):
        volunteers.hours_add(actor=wf.leader, volunteer=v, day=DAY + dt.timedelta(days=n),
                             hours=Decimal(hours), activity="助餐")  # fmt: skip
    refused("activity", volunteers.hours_add, actor=wf.leader, volunteer=v, day=DAY,
            hours=Decimal(1), activity="助餐")  # the same day and activity twice  # fmt: skip
    refused("hours", volunteers.hours_add, actor=wf.leader, volunteer=v, day=DAY,
            hours=Decimal(25), activity="巡逻")  # fmt: skip
    refused("day", volunteers.hours_add, actor=wf.leader, volunteer=v,
            day=DAY - dt.timedelta(days=1), hours=Decimal(1), activity="巡逻")  # fmt: skip
    row = volunteers.roster(wf.leader).get()
    assert row.total == Decimal("23.5") and volunteers.stars(row.total) == 2
    assert not volunteers.roster(wf.outsider).exists()
    refused("points", volunteers.incentive_give, actor=wf.leader, volunteer=v, kind="points",
            given_on=TODAY, why="x")  # fmt: skip
    refused("points", volunteers.incentive_give, actor=wf.leader, volunteer=v, kind="gift",
            given_on=TODAY, why="x", points=5)  # fmt: skip
    volunteers.incentive_give(actor=wf.leader, volunteer=v, kind="points", points=50,
                              given_on=TODAY, why="服务满 20 小时")  # fmt: skip
    # the figures: one volunteer, paired, 23.5 hours in the period
    got = TALLY.counts([wf.tree.community], DAY, DAY + dt.timedelta(days=5))[wf.tree.community.pk]
    assert (got["wf_volunteers"], got["wf_volunteers_paired"], got["wf_volunteer_hours"]) == (
        1, 1, 23.5)  # fmt: skip
    volunteers.leave(actor=wf.leader, volunteer=v, left_on=DAY + dt.timedelta(days=3))
    refused("day", volunteers.hours_add, actor=wf.leader, volunteer=v,
            day=DAY + dt.timedelta(days=4), hours=Decimal(1), activity="巡逻")  # fmt: skip


def test_the_page_and_the_api_in_scope(client, wf):
    client.force_login(wf.leader)
    url = reverse("workforce:volunteers")
    res = client.post(url, {"action": "add", "area": wf.tree.community.pk,
                            "id_number": id_for(1), "joined_on": DAY.isoformat(),
                            "skills": "<b>巡逻</b>"})  # fmt: skip
    assert res.status_code == 302
    page = client.get(url).content.decode()
    assert "周网格" in page and "&lt;b&gt;巡逻" in page and id_for(1) not in page
    client.force_login(wf.worker)  # a grid worker: no such page
    assert client.get(url).status_code == 404
    client.logout()
    v = client.get("/api/v1/workforce/volunteers", **bearer(wf.leader)).json()[0]
    res = client.post(f"/api/v1/workforce/volunteers/{v['id']}/hours",
                      {"day": DAY.isoformat(), "hours": "2.5", "activity": "送餐"},
                      content_type="application/json", **bearer(wf.leader))  # fmt: skip
    assert res.status_code == 201 and res.json()["hours"] == "2.5"
    res = client.post(f"/api/v1/workforce/volunteers/{v['id']}/hours",
                      {"day": DAY.isoformat(), "hours": "2.5", "activity": "送餐"},
                      content_type="application/json", **bearer(wf.outsider))  # fmt: skip
    assert res.status_code == 404
    assert client.get("/api/v1/workforce/volunteers", **bearer(wf.worker)).status_code == 404
