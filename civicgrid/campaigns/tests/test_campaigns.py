"""Screening campaigns (DOMAIN.md §18) with known answers: launched over a place one leads with a
checklist; visits by the grid's workers on days of the period, in its scope; findings against
its items, each made a case once; the report and the figures; pages and API in scope or 404."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from civicgrid.accounts.tests.factories import bearer
from civicgrid.campaigns import selectors, services
from civicgrid.campaigns.figures import counts
from civicgrid.campaigns.models import Campaign
from civicgrid.cases.tests.fixtures import walk
from civicgrid.workforce.tests.fixtures import refused

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
D = dt.timedelta(days=1)


def test_launching_names_what_is_wrong(sweep):
    s = sweep
    base = dict(actor=s.leader, area=s.tree.street, name="x", theme="fraud", starts_on=TODAY,
                ends_on=TODAY, items=["a"])  # fmt: skip
    refused("items", services.campaign_launch, **{**base, "items": [" ", ""]})
    refused("items", services.campaign_launch, **{**base, "items": ["x" * 201]})
    refused("ends_on", services.campaign_launch, **{**base, "ends_on": TODAY - D})
    refused("area", services.campaign_launch, **{**base, "area": s.tree.grid1})
    refused("area", services.campaign_launch, **{**base, "actor": s.outsider})
    refused("theme", services.campaign_launch, **{**base, "theme": "piracy"})
    refused("case_class", services.campaign_launch, **{**base, "case_class": "ZZ999"})
    assert Campaign.objects.count() == 1
    # the checklist stays once the campaign has begun
    refused("items", services.checklist_set, actor=s.leader, campaign=s.campaign, items=["b"])


def test_visits_findings_cases_and_the_report(sweep):
    s, c = sweep, sweep.campaign
    refused("grid", services.visit_record, actor=s.worker, campaign=c, grid=s.tree.grid2,
            place="网吧", visited_on=TODAY)  # fmt: skip  # not their grid
    refused("grid", services.visit_record, actor=s.far, campaign=c, grid=s.tree.other_grid,
            place="网吧", visited_on=TODAY)  # fmt: skip  # outside the scope
    refused("visited_on", services.visit_record, actor=s.worker, campaign=c, grid=s.tree.grid1,
            place="网吧", visited_on=TODAY - 30 * D)  # fmt: skip
    refused("place", services.visit_record, actor=s.worker, campaign=c, grid=s.tree.grid1,
            visited_on=TODAY)  # fmt: skip
    shop = services.visit_record(actor=s.worker, campaign=c, grid=s.tree.grid1,
                                 building=s.shop, visited_on=TODAY)  # fmt: skip
    assert shop.place == s.shop.name
    services.visit_record(actor=s.worker, campaign=c, grid=s.tree.grid1, place="幸福路 3 号餐馆",
                          visited_on=TODAY - D)  # fmt: skip
    first, second = c.items.all()
    refused("item", services.finding_add, actor=s.worker, visit=shop, item=None,
            description="x")  # fmt: skip
    minors = services.finding_add(actor=s.worker, visit=shop, item=second,
                                  description="发现两名 15 岁学生打工")  # fmt: skip
    services.finding_add(actor=s.worker, visit=shop, item=first, description="未签协议")
    refused("finding", services.finding_report, actor=s.far, finding=minors)
    case = services.finding_report(actor=s.worker, finding=minors)
    assert case.building == s.shop and case.case_class.code == "AP004"
    assert "15 岁" in case.description and "暑期用工专项排查" in case.description
    refused("finding", services.finding_report, actor=s.worker, finding=minors)
    report = selectors.report(s.leader, c)
    assert report["totals"] == {"places": 2, "with_findings": 1, "findings": 2, "cased": 1,
                                "rectified": 0}  # fmt: skip
    got = counts([s.tree.street], TODAY - 7 * D, TODAY)[s.tree.street.pk]
    assert (got["cp_campaigns"], got["cp_visits"], got["cp_findings"]) == (1, 2, 2)
    walk(case, s.loop, now=timezone.now())
    got = counts([s.tree.grid1], TODAY - 7 * D, TODAY)[s.tree.grid1.pk]
    assert (got["cp_findings_cased"], got["cp_findings_rectified"]) == (1, 1)
    # concluded: no more visits
    services.campaign_conclude(actor=s.leader, campaign=c, on=TODAY, conclusion="查处 1 起")
    refused("campaign", services.visit_record, actor=s.worker, campaign=c, grid=s.tree.grid1,
            place="又一处", visited_on=TODAY)  # fmt: skip
    refused("campaign", services.campaign_conclude, actor=s.leader, campaign=c, on=TODAY,
            conclusion="again")  # fmt: skip


def test_pages_and_api_in_scope_or_404(sweep, client):
    s, c = sweep, sweep.campaign
    url = reverse("campaigns:campaign", args=[c.pk])
    client.force_login(s.worker)  # the grid worker sees the street's campaign, records a visit
    assert c.name in client.get(reverse("campaigns:list")).content.decode()
    bad = client.post(url, {"action": "visit", "grid": s.tree.grid1.pk, "building": "NOPE",
                            "visited_on": TODAY.isoformat()})  # fmt: skip
    assert bad.status_code == 200 and not c.visits.exists()
    assert 'aria-invalid="true"' in bad.content.decode()
    # markup would end in a case's description: refused, naming the place, nothing saved
    hostile = client.post(url, {"action": "visit", "grid": s.tree.grid1.pk,
                                "place": "<img src=x onerror=alert(1)>网吧",
                                "visited_on": TODAY.isoformat()})  # fmt: skip
    assert 'id="visit_place"' in hostile.content.decode() and not c.visits.exists()
    assert "<img src=x" not in hostile.content.decode()
    client.post(url, {"action": "visit", "grid": s.tree.grid1.pk, "place": "网吧 =1+1",
                      "visited_on": TODAY.isoformat()})  # fmt: skip
    assert c.visits.get().place == "网吧 =1+1"
    # the worker may not conclude it
    assert client.post(url, {"action": "conclude", "on": TODAY.isoformat(),
                             "conclusion": "x"}).status_code == 404  # fmt: skip
    client.force_login(s.far)  # another street's grid worker: not found
    assert client.get(url).status_code == 404
    client.force_login(s.outsider)
    assert client.get(url).status_code == 404
    client.force_login(s.loop.handler)  # a department's handler: no campaigns at all
    assert client.get(reverse("campaigns:list")).status_code == 404
    client.logout()
    api = f"/api/v1/campaigns/{c.pk}"
    got = client.get(api, **bearer(s.leader)).json()
    assert got["places_visited"] == 1 and got["items"][0]["text"] == "是否签订书面用工协议"
    assert client.get(api, **bearer(s.outsider)).status_code == 404
    visit = c.visits.get().pk
    made = client.post(f"{api}/findings", {"visit": visit, "item": c.items.first().pk,
                                           "description": "无协议"},
                       content_type="application/json", **bearer(s.worker))  # fmt: skip
    assert made.status_code == 201
    finding = made.json()["id"]
    assert client.post(f"/api/v1/campaign-findings/{finding}/case", {},
                       content_type="application/json",
                       **bearer(s.far)).status_code == 404  # fmt: skip
    cased = client.post(f"/api/v1/campaign-findings/{finding}/case", {},
                        content_type="application/json", **bearer(s.worker))  # fmt: skip
    assert cased.status_code == 201 and cased.json()["case"], cased.json()
    launched = client.post("/api/v1/campaigns", {
        "scope": s.tree.street.code, "name": "反诈宣传排查", "theme": "fraud",
        "starts_on": TODAY.isoformat(), "ends_on": TODAY.isoformat(), "items": ["是否张贴反诈海报"],
    }, content_type="application/json", **bearer(s.outsider))  # fmt: skip
    assert launched.status_code == 404  # not their street: as if it were not there
    bad = client.post("/api/v1/campaigns", {
        "scope": s.tree.street.code, "name": "反诈", "theme": "fraud",
        "starts_on": TODAY.isoformat(), "ends_on": TODAY.isoformat(), "items": ["<b>x</b>"],
    }, content_type="application/json", **bearer(s.leader))  # fmt: skip
    assert bad.status_code == 400 and bad.json()["field"] == "items"
