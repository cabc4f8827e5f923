"""The property oversight API's writes, as the pages have them (DOMAIN.md §16): adding, changing
an estate, giving it to a company and ending the term, listing a company on the blacklist and
lifting the entry. Each in scope (2xx), out of scope (404: another street's leader, a grid
worker), and refused naming the field with nothing written."""

import datetime as dt

import pytest
from django.utils import timezone

from civicgrid.accounts.tests.factories import api_refused, api_send
from civicgrid.estates import services
from civicgrid.estates.models import Blacklisting, Estate, ServiceTerm

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
D = dt.timedelta(days=1)


def _estate(est, code="XQ-1", **more):
    return services.estate_save(actor=est.leader, area=est.tree.community, code=code,
                                name="梅园小区", buildings=[est.b1], **more)  # fmt: skip


def test_an_estate_is_added_in_a_community_one_leads(est, client):
    body = {"community": est.tree.community.code, "code": "XQ-1", "name": "梅园小区",
            "buildings": ["B-1", "B-2"], "owners_committee": est.owners.pk,
            "self_management": "owners"}  # fmt: skip
    for user in (est.outsider, est.worker):  # not a community of theirs
        assert api_send(client, user, "/api/v1/estates", body).status_code == 404
    api_refused(api_send(client, est.leader, "/api/v1/estates", {**body, "buildings": ["B-9"]}),
             "buildings")  # another street's  # fmt: skip
    api_refused(api_send(client, est.leader, "/api/v1/estates", {**body, "buildings": ["NOPE"]}),
             "buildings")  # fmt: skip
    api_refused(api_send(client, est.leader, "/api/v1/estates", {**body, "self_management": "cook"}),
             "self_management")  # fmt: skip
    api_refused(
        api_send(client, est.leader, "/api/v1/estates", {**body, "name": None}), "name", 422
    )
    assert not Estate.objects.exists()
    res = api_send(client, est.leader, "/api/v1/estates", body)
    assert res.status_code == 201, res.content
    got = res.json()
    assert (got["code"], got["owners_committee"], got["managed"]) == ("XQ-1", est.owners.pk, False)
    assert sorted(got["buildings"]) == ["B-1", "B-2"]
    # the code is the estate's own: another is refused naming it (not a database error)
    again = api_refused(api_send(client, est.street, "/api/v1/estates", {**body, "buildings": []}),
                     "code")  # fmt: skip
    assert again["code"] == "duplicate" and Estate.objects.count() == 1


def test_an_estate_is_changed_field_by_field(est, client):
    e = _estate(est, owners_committee=est.owners)
    _estate(est, code="XQ-2")
    url = f"/api/v1/estates/{e.pk}"
    for user in (est.outsider, est.worker):
        assert api_send(client, user, url, {"name": "x"}, "patch").status_code == 404
    api_refused(api_send(client, est.leader, url, {"buildings": ["B-9"]}, "patch"), "buildings")
    api_refused(api_send(client, est.leader, url, {"name": None}, "patch"), "name")
    api_refused(api_send(client, est.leader, url, {"self_management": "cook"}, "patch"),
             "self_management")  # fmt: skip
    api_refused(api_send(client, est.leader, url, {"code": "XQ-2"}, "patch"), "code")
    api_refused(api_send(client, est.leader, url, {"arrangement": "x" * 301}, "patch"), "arrangement",
             422)  # fmt: skip
    # a community the leader does not lead is out of their scope
    res = api_send(client, est.leader, url, {"community": est.tree.other_community.code}, "patch")
    assert res.status_code == 404
    e.refresh_from_db()
    assert (e.name, e.code) == ("梅园小区", "XQ-1")
    assert (e.area, e.owners_committee) == (est.tree.community, est.owners)
    assert [b.code for b in e.buildings.all()] == ["B-1"]
    res = api_send(client, est.leader, url, {"name": "梅园新村", "buildings": ["B-1", "B-2"]},
                "patch")  # fmt: skip
    assert res.status_code == 200, res.content
    got = res.json()
    assert got["name"] == "梅园新村" and sorted(got["buildings"]) == ["B-1", "B-2"]
    assert got["owners_committee"] == est.owners.pk and got["code"] == "XQ-1"  # left as it was
    res = api_send(client, est.street, url, {"owners_committee": None, "arrangement": "居委会托管"},
                "patch")  # those above keep it too; null: no committee  # fmt: skip
    assert res.status_code == 200 and res.json()["owners_committee"] is None
    assert res.json()["arrangement"] == "居委会托管"


def test_an_estate_is_given_to_a_company(est, client):
    e = _estate(est)
    url = f"/api/v1/estates/{e.pk}/terms"
    body = {"company": "PM-1", "starts_on": str(TODAY - 30 * D), "contact": "王经理",
            "phone": "13812345678"}  # fmt: skip
    for user in (est.outsider, est.worker):
        assert api_send(client, user, url, body).status_code == 404
    api_refused(api_send(client, est.leader, url, {**body, "company": "NOPE"}), "company")
    api_refused(api_send(client, est.leader, url, {**body, "phone": "123"}), "phone")
    api_refused(api_send(client, est.leader, url, {**body, "starts_on": None}), "starts_on", 422)
    services.blacklist_add(actor=est.street, company=est.bad, reason="年度考核不合格",
                           listed_on=TODAY - 60 * D, review_on=TODAY + 90 * D)  # fmt: skip
    said = api_refused(api_send(client, est.leader, url, {**body, "company": "PM-2"}), "company")
    assert "年度考核不合格" in said["message"]
    assert not ServiceTerm.objects.exists()
    res = api_send(client, est.leader, url, body)
    assert res.status_code == 201, res.content
    term = res.json()["terms"][0]
    assert (term["company"], term["phone_masked"]) == ("PM-1", "138****5678")
    assert res.json()["managed"] is True
    api_refused(api_send(client, est.leader, url, {**body, "starts_on": str(TODAY - 40 * D)}),
             "starts_on")  # before the term running  # fmt: skip
    despite = {"company": "PM-2", "starts_on": str(TODAY), "despite_blacklist": True}
    res = api_send(client, est.street, url, despite)
    assert res.status_code == 201 and res.json()["blacklisted"] is True
    assert ServiceTerm.objects.count() == 2


def test_a_service_term_is_ended(est, client):
    e = _estate(est)
    other = _estate(est, code="XQ-2")
    term = services.term_give(actor=est.leader, estate=e, company=est.good,
                              starts_on=TODAY - 100 * D)  # fmt: skip
    url = f"/api/v1/estates/{e.pk}/terms/{term.pk}/end"
    body = {"ends_on": str(TODAY - D), "why": "合同到期，不再续聘"}
    for user in (est.outsider, est.worker):
        assert api_send(client, user, url, body).status_code == 404
    # a term of another estate is not found under this one
    assert api_send(client, est.leader, f"/api/v1/estates/{other.pk}/terms/{term.pk}/end",
                 body).status_code == 404  # fmt: skip
    api_refused(
        api_send(client, est.leader, url, {**body, "ends_on": str(TODAY - 101 * D)}), "ends_on"
    )
    api_refused(api_send(client, est.leader, url, {**body, "why": "  "}), "why")
    api_refused(api_send(client, est.leader, url, {"ends_on": str(TODAY)}), "why", 422)
    term.refresh_from_db()
    assert term.ends_on is None and term.ended_why == ""
    res = api_send(client, est.leader, url, body)
    assert res.status_code == 200, res.content
    got = res.json()["terms"][0]
    assert got["ends_on"] == str(TODAY - D) and got["ended_why"] == "合同到期，不再续聘"
    assert res.json()["managed"] is False
    api_refused(api_send(client, est.street, url, body), "term")  # it has ended


def test_the_blacklist_read_added_to_and_lifted(est, client):
    url = "/api/v1/property-blacklist"
    assert api_send(client, est.leader, url, method="get").json() == []
    body = {"company": "PM-2", "reason": "年度考核不合格，居民投诉集中",
            "listed_on": str(TODAY - 10 * D), "review_on": str(TODAY + 170 * D)}  # fmt: skip
    # kept by the leaders over the company's place (the street): a community's leader, another
    # street's and a grid worker find no such thing to list
    for user in (est.leader, est.outsider, est.worker):
        assert api_send(client, user, url, body).status_code == 404, user
    api_refused(api_send(client, est.street, url, {**body, "company": "NOPE"}), "company")
    api_refused(
        api_send(client, est.street, url, {**body, "review_on": body["listed_on"]}), "review_on"
    )
    api_refused(
        api_send(client, est.street, url, {**body, "listed_on": str(TODAY + D)}), "listed_on"
    )
    api_refused(api_send(client, est.street, url, {**body, "reason": " "}), "reason")
    api_refused(api_send(client, est.street, url, {**body, "assessment": 999999}), "assessment")
    api_refused(api_send(client, est.street, url, {**body, "reason": None}), "reason", 422)
    assert not Blacklisting.objects.exists()
    res = api_send(client, est.street, url, body)
    assert res.status_code == 201, res.content
    entry = res.json()
    assert (entry["company"], entry["lifted_on"]) == ("PM-2", None)
    api_refused(api_send(client, est.street, url, body), "company")  # listed already
    # the district's blacklist, read by every leader; a grid worker sees none of it
    for user in (est.leader, est.street, est.outsider):
        assert [b["id"] for b in api_send(client, user, url, method="get").json()] == [entry["id"]]
    assert api_send(client, est.worker, url, method="get").json() == []
    # lifted by the leaders over the company's place, with a reason
    lift = f"{url}/{entry['id']}/lift"
    done = {"on": str(TODAY), "why": "整改到位，复核合格"}
    for user in (est.leader, est.outsider, est.worker):
        assert api_send(client, user, lift, done).status_code == 404, user
    assert api_send(client, est.street, f"{url}/999999/lift", done).status_code == 404
    api_refused(api_send(client, est.street, lift, {**done, "on": str(TODAY - 11 * D)}), "on")
    api_refused(api_send(client, est.street, lift, {**done, "on": str(TODAY + D)}), "on")
    api_refused(api_send(client, est.street, lift, {**done, "why": "  "}), "why")
    api_refused(api_send(client, est.street, lift, {"on": str(TODAY)}), "why", 422)
    assert Blacklisting.objects.get().lifted_on is None
    res = api_send(client, est.street, lift, done)
    assert res.status_code == 200, res.content
    assert (res.json()["lifted_on"], res.json()["lifted_why"]) == (str(TODAY), "整改到位，复核合格")
    assert services.listed(est.bad, TODAY + D) is None
    api_refused(api_send(client, est.street, lift, done), "entry")  # lifted already
