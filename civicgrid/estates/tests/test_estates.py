"""Property oversight with known answers (DOMAIN.md §16): estates of a community with their
buildings and owners' committee, a company given an estate (the blacklist in the way unless one
says they know), terms ending, the blacklist kept from above, the figures, and the pages and API
in scope (200) and out of it (404)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from civicgrid.accounts.tests.factories import bearer
from civicgrid.estates import services
from civicgrid.estates.models import ServiceTerm
from civicgrid.evaluation.compute import area_indicators
from civicgrid.evaluation.periods import parse
from civicgrid.workforce.tests.fixtures import refused

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _estate(est, code="XQ-1", **more):
    return services.estate_save(actor=est.leader, area=est.tree.community, code=code,
                                name="梅园小区", buildings=[est.b1, est.b2], **more)  # fmt: skip


def test_an_estate_of_a_community_and_who_manages_it(est):
    refused("buildings", services.estate_save, actor=est.leader, area=est.tree.community,
            code="X", name="x", buildings=[est.other])  # fmt: skip
    refused("area", services.estate_save, actor=est.outsider, area=est.tree.community,
            code="X", name="x")  # fmt: skip
    e = _estate(est, owners_committee=est.owners)
    assert services.current(e) is None
    first = services.term_give(actor=est.leader, estate=e, company=est.good,
                               starts_on=TODAY - dt.timedelta(days=100), contact="王经理",
                               phone="13812345678")  # fmt: skip
    assert first.phone_masked == "138****5678" and "13812345678" not in first.phone_enc
    services.blacklist_add(actor=est.street, company=est.bad, reason="年度考核不合格",
                           listed_on=TODAY - dt.timedelta(days=10),
                           review_on=TODAY + dt.timedelta(days=170))  # fmt: skip
    err = refused("company", services.term_give, actor=est.leader, estate=e, company=est.bad,
                  starts_on=TODAY)  # fmt: skip
    assert "年度考核不合格" in str(err)
    second = services.term_give(actor=est.leader, estate=e, company=est.bad, starts_on=TODAY,
                                despite_blacklist=True)  # fmt: skip
    assert second.blacklisted_then
    first.refresh_from_db()
    assert first.ends_on == TODAY - dt.timedelta(days=1) and "差评物业" in first.ended_why
    assert services.current(e) == second
    refused("starts_on", services.term_give, actor=est.leader, estate=e, company=est.good,
            starts_on=TODAY - dt.timedelta(days=5))  # fmt: skip
    refused("company", services.term_give, actor=est.leader, estate=e, company=None,
            starts_on=TODAY)  # fmt: skip


def test_the_blacklist_is_kept_from_above(est):
    refused(
        "company",
        services.blacklist_add,
        actor=est.leader,
        company=est.bad,
        reason="x",
        listed_on=TODAY,
        review_on=TODAY + dt.timedelta(days=1),
    )  # a community's leader
    refused("review_on", services.blacklist_add, actor=est.street, company=est.bad, reason="x",
            listed_on=TODAY, review_on=TODAY)  # fmt: skip
    entry = services.blacklist_add(actor=est.street, company=est.bad, reason="x",
                                   listed_on=TODAY, review_on=TODAY + dt.timedelta(days=90))  # fmt: skip
    refused("company", services.blacklist_add, actor=est.street, company=est.bad, reason="y",
            listed_on=TODAY, review_on=TODAY + dt.timedelta(days=9))  # fmt: skip
    refused("why", services.blacklist_lift, actor=est.street, entry=entry, on=TODAY, why=" ")
    services.blacklist_lift(actor=est.street, entry=entry, on=TODAY, why="整改到位")
    assert services.listed(est.bad, TODAY + dt.timedelta(days=1)) is None


def test_the_figures_and_the_records_behind(est, client):
    e = _estate(est, owners_committee=est.owners)
    services.term_give(actor=est.leader, estate=e, company=est.bad, starts_on=TODAY)
    services.estate_save(actor=est.leader, area=est.tree.community, code="XQ-2", name="老旧小区",
                         self_management="old_estate")  # fmt: skip
    services.blacklist_add(actor=est.street, company=est.bad, reason="x", listed_on=TODAY,
                           review_on=TODAY + dt.timedelta(days=90))  # fmt: skip
    v = area_indicators([est.tree.community], parse(str(TODAY.year)))[est.tree.community.pk]
    assert v["est_estates"] == 2 and v["est_without_company"] == 1
    assert v["est_blacklisted"] == 1 and v["est_owners_committee"] == 1
    assert v["est_owners_committee_rate"] == 50.0
    url = reverse("evaluation:cases")
    query = {"indicator": "est_without_company", "period": str(TODAY.year),
             "area": est.tree.community.code}  # fmt: skip
    client.force_login(est.leader)
    body = client.get(url, query).content.decode()
    assert "老旧小区" in body and "梅园小区" not in body
    client.force_login(est.outsider)
    assert client.get(url, query).status_code == 404


def test_pages_and_api_in_and_out_of_scope(est, client):
    e = _estate(est)
    pages = [reverse("estates:list"), reverse("estates:blacklist"),
             reverse("estates:estate", args=[e.pk])]  # fmt: skip
    for user in (est.leader, est.street):
        client.force_login(user)
        for url in pages:
            assert client.get(url).status_code == 200, (user, url)
    client.force_login(est.outsider)
    assert client.get(pages[2]).status_code == 404
    assert "梅园小区" not in client.get(pages[0]).content.decode()
    client.force_login(est.worker)
    assert client.get(pages[0]).status_code == 404
    # a form refused as typed: a building of another street
    client.force_login(est.leader)
    res = client.post(pages[0], {"action": "estate", "area": est.tree.community.pk, "code": "X",
                                 "name": "<b>x</b>", "buildings": "B-9",
                                 "self_management": "none"})  # fmt: skip
    assert res.status_code == 200 and "B-9" in res.content.decode()
    # the API
    res = client.get("/api/v1/estates", **bearer(est.leader))
    assert [x["code"] for x in res.json()] == ["XQ-1"]
    res = client.post(f"/api/v1/estates/{e.pk}/terms", {"company": "PM-1", "starts_on":
                      str(TODAY), "phone": "123"}, content_type="application/json",
                      **bearer(est.leader))  # fmt: skip
    assert res.status_code == 400 and res.json()["field"] == "phone"
    assert not ServiceTerm.objects.exists()
    assert client.get(f"/api/v1/estates/{e.pk}", **bearer(est.outsider)).status_code == 404
