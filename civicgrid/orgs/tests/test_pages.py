"""The pages' forms: the whole procurement and a subsidy walked through the pages as people
use them; a hostile value in each form refused, naming the field, with nothing changed; and
one rule for who sees a tender's scores, asked by the page and the API alike."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

from civicgrid.accounts import permissions
from civicgrid.accounts.tests.factories import bearer
from civicgrid.orgs import contracts, procurement, selectors, services
from civicgrid.orgs.models import (
    Bid,
    Contract,
    Declaration,
    Deliverable,
    Organisation,
    Score,
    Subsidy,
    Tender,
)

from .fixtures import AFTER, CODE_C, OPEN, doc, scored, tender

pytestmark = pytest.mark.django_db


def said(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_a_tender_and_a_subsidy_through_the_pages(world, client, monkeypatch):
    leader, panel, so0 = world["leader"], world["panel"], world["staff"][0]
    org, street = world["orgs"][0], world["tree"].street
    monkeypatch.setattr(timezone, "now", lambda: OPEN)
    client.force_login(leader)
    opened = client.post("/orgs/tenders/", {
        "area": street.pk, "buyer": world["office"].pk, "budget": "200000",
        "title": "助餐服务", "needs": "每日助餐", "deadline": "2026-03-20T17:00",
        "criterion": ["方案", "报价", "", ""], "weight": ["60", "40", "", ""],
        "panel": [m.pk for m in panel],
    })  # fmt: skip
    assert opened.status_code == 302, said(opened)
    t = Tender.objects.get(title="助餐服务")
    assert t.criteria == [{"name": "方案", "weight": "60"}, {"name": "报价", "weight": "40"}]
    url = f"/orgs/tenders/{t.pk}/"
    client.force_login(so0)
    bid = client.post(url, {"action": "bid", "organisation": org.pk, "amount": "150000",
                            "proposal": "方案", "document": doc()})  # fmt: skip
    assert bid.status_code == 302, said(bid)
    the_bid = Bid.objects.get(tender=t)
    monkeypatch.setattr(timezone, "now", lambda: AFTER)
    for member in panel:
        client.force_login(member)
        assert client.post(url, {"action": "declare", "note": ""}).status_code == 302
        given = client.post(url, {"action": "score", "bid": the_bid.pk, "c0": "80", "c1": "90"})
        assert given.status_code == 302, said(given)
    client.force_login(leader)
    for data in (
        {"action": "award"},
        {"action": "contract", "signed_on": "2026-03-25", "starts_on": "2026-04-01",
         "ends_on": "2026-12-31"},
        {"action": "deliverable", "title": "季度报告", "due_on": "2026-06-30"},
    ):  # fmt: skip
        done = client.post(url, data)
        assert done.status_code == 302, (data, said(done))
    t.refresh_from_db()
    assert t.status == "awarded" and t.winner == the_bid
    item = Deliverable.objects.get(contract__tender=t)
    client.force_login(so0)
    reported = client.post(url, {"action": "deliver", "deliverable": item.pk, "report": "已完成"})
    assert reported.status_code == 302, said(reported)
    client.force_login(leader)
    rated = client.post(url, {"action": "evaluate", "points": "90", "note": "满意"})
    assert rated.status_code == 302, said(rated)
    assert Contract.objects.get(tender=t).evaluation == 90
    client.force_login(so0)
    client.post(f"/orgs/{org.pk}/", {"action": "subsidy", "purpose": "场地", "reason": "租金",
                                     "requested": "1000"})  # fmt: skip
    sub = Subsidy.objects.get(organisation=org)
    client.force_login(leader)
    for data in (
        {"action": "review", "ok": "yes", "text": "齐全"},
        {"action": "decide", "ok": "yes", "amount": "800", "text": "同意"},
        {"action": "pay", "paid_on": "2026-05-01", "text": "GK-9"},
    ):
        done = client.post("/orgs/subsidies/", {"subsidy": sub.pk, **data})
        assert done.status_code == 302, (data, said(done))
    sub.refresh_from_db()
    assert (sub.status, sub.approved, sub.payment_reference) == ("paid", 800, "GK-9")


def test_the_register_through_the_pages(world, client):
    client.force_login(world["leader"])
    made = client.post("/orgs/", {
        "name": "楼道志愿队", "code": "SO-NEW", "type": "community",
        "service_area": world["tree"].street.pk, "staff": "", "volunteers": "12",
        "incubation": "", "rating": "",
    })  # fmt: skip
    assert made.status_code == 302, said(made)
    org = Organisation.objects.get(unit__code="SO-NEW")
    assert (org.staff, org.volunteers, org.rating) == (0, 12, None)
    changed = client.post(f"/orgs/{org.pk}/", {
        "action": "update", "type": "service", "credit_code": CODE_C.lower(), "staff": "3",
        "volunteers": "12", "rating": "4", "incubation": "incubating", "phone": "",
    })  # fmt: skip
    assert changed.status_code == 302, said(changed)
    org.refresh_from_db()
    assert (org.type, org.credit_code, org.staff, org.rating) == ("service", CODE_C, 3, 4)


@pytest.fixture
def stage(world):
    """A tender open for bids, one ready for the award, one awarded with its contract and a
    deliverable, and a subsidy at each step."""
    leader, org = world["leader"], world["orgs"][0]
    ready = scored(world)
    done = scored_and_awarded(world)
    item = contracts.deliverable_add(actor=leader, contract=done.contract, title="报告",
                                     due_on=dt.date(2026, 6, 30))  # fmt: skip
    subsidies = []
    for step in range(3):
        sub = services.subsidy_apply(actor=world["staff"][0], organisation=org, purpose=f"补贴{step}",
                                     reason="租金", requested=1000)  # fmt: skip
        if step >= 1:
            services.subsidy_review(actor=leader, subsidy=sub, recommend=True, review="齐全")
        if step >= 2:
            services.subsidy_decide(actor=leader, subsidy=sub, approve=True, amount=500,
                                    decision="同意")  # fmt: skip
        subsidies.append(sub)
    return {"open": tender(world), "ready": ready, "done": done, "item": item,
            "subsidies": subsidies}  # fmt: skip


def scored_and_awarded(world):
    t = procurement.tender_award(actor=world["leader"], tender=scored(world), now=AFTER)
    contracts.contract_sign(actor=world["leader"], tender=t, signed_on=AFTER.date(),
                            starts_on=dt.date(2026, 4, 1), ends_on=dt.date(2026, 12, 31))  # fmt: skip
    return Tender.objects.get(pk=t.pk)


def _snapshot():
    return (
        Organisation.objects.count(), Tender.objects.count(), Bid.objects.count(),
        Declaration.objects.count(), Score.objects.count(), Contract.objects.count(),
        Deliverable.objects.count(), Subsidy.objects.count(),
        list(Tender.objects.values_list("status", flat=True).order_by("pk")),
        list(Subsidy.objects.values_list("status", flat=True).order_by("pk")),
        list(Organisation.objects.values_list("staff", flat=True).order_by("pk")),
        list(Contract.objects.values_list("evaluation", flat=True)),
        list(Deliverable.objects.values_list("delivered_on", flat=True)),
    )  # fmt: skip


HUGE = "<script>alert(1)</script>" * 400  # 10,000 characters of markup
FORMULA = '=HYPERLINK("http://x")'

# (who posts, where, what, the label the refusal names)
HOSTILE = [
    ("leader", "register", {"name": HUGE, "code": "SO-H", "type": "community"}, "名称"),
    ("leader", "org", {"action": "update", "type": "service", "credit_code": CODE_C,
                       "staff": FORMULA}, "专职人员"),
    ("staff", "org", {"action": "subsidy", "purpose": "场地", "reason": "租金",
                      "requested": FORMULA}, "申请金额（元）"),
    ("leader", "tenders", {"title": HUGE, "needs": "x", "budget": "1", "deadline": "2027-01-01T09:00",
                           "criterion": ["a"], "weight": ["100"]}, "标题"),
    ("staff", "open", {"action": "bid", "amount": "1e999", "proposal": "x"}, "报价（元）"),
    ("panel", "ready", {"action": "declare", "conflicts": ["0"], "note": ""}, "存在利益冲突的投标"),
    ("panel", "ready", {"action": "score", "c0": "101", "c1": "70", "c2": "60"}, "服务方案"),
    ("leader", "ready", {"action": "award", "note": HUGE}, "理由"),
    ("leader", "ready", {"action": "cancel", "note": HUGE}, "理由"),
    ("leader", "done", {"action": "contract", "signed_on": "2026-02-30", "starts_on": "x",
                        "ends_on": "y"}, "签订日期"),
    ("leader", "done", {"action": "deliverable", "title": HUGE, "due_on": "2026-06-30"}, "交付事项"),
    ("staff", "done", {"action": "deliver", "deliverable": "'; DROP TABLE x;--",
                       "report": "x"}, "交付事项"),
    ("leader", "done", {"action": "evaluate", "points": "100000", "note": "x"}, "绩效评价（0–100）"),
    ("leader", "subsidies", {"action": "review", "ok": "yes", "text": HUGE}, "审核意见"),
    ("leader", "subsidies", {"action": "decide", "ok": "yes", "amount": "NaN", "text": "x"},
     "核定金额（元）"),
    ("leader", "subsidies", {"action": "pay", "paid_on": "", "text": HUGE}, "拨付凭证号"),
]  # fmt: skip


@pytest.mark.parametrize(("who", "where", "data", "label"), HOSTILE)
def test_a_hostile_value_is_refused_naming_its_field(world, stage, client, who, where, data,
                                                     label):  # fmt: skip
    user = {"leader": world["leader"], "staff": world["staff"][0], "panel": world["panel"][0]}[who]
    org = world["orgs"][0]
    url = {
        "register": "/orgs/", "org": f"/orgs/{org.pk}/", "tenders": "/orgs/tenders/",
        "subsidies": "/orgs/subsidies/",
    }.get(where) or f"/orgs/tenders/{stage[where].pk}/"  # fmt: skip
    data = dict(data)
    if where == "register":
        data["service_area"] = world["tree"].street.pk
    if where == "tenders":
        data.update(area=world["tree"].street.pk, buyer=world["office"].pk,
                    panel=[m.pk for m in world["panel"]])  # fmt: skip
    if data.get("action") == "bid":
        data.update(organisation=org.pk, document=doc())
    if data.get("action") == "score":
        data["bid"] = stage["ready"].bids.get().pk
    if where == "subsidies":
        step = {"review": 0, "decide": 1, "pay": 2}[data["action"]]
        data["subsidy"] = stage["subsidies"][step].pk
    client.force_login(user)
    before = _snapshot()
    refused = client.post(url, data)
    assert refused.status_code == 200
    messages = said(refused)
    assert any(m.startswith(f"{label}: ") for m in messages), messages
    assert "<script>" not in refused.content.decode()
    assert _snapshot() == before


def test_one_rule_for_who_sees_the_scores(world, client):
    t = scored(world)
    leader, member, bidder = world["leader"], world["panel"][0], world["staff"][0]

    def sees(user) -> bool:
        client.force_login(user)
        on_page = client.get(f"/orgs/tenders/{t.pk}/").context["standings"] != []
        by_api = client.get(f"/api/v1/tenders/{t.pk}", **bearer(user)).json()["standings"] != []
        rule = selectors.tender_scores_visible(user=user, tender=t)
        assert on_page == by_api == rule, (user, on_page, by_api, rule)
        return rule

    assert (sees(leader), sees(member), sees(bidder)) == (True, True, False)
    procurement.tender_award(actor=leader, tender=t, now=AFTER)
    t.refresh_from_db()
    assert sees(bidder)  # once awarded, the scores are public
    street = world["tree"].street
    assert permissions.can_see_tender_scores(leader, area=street, panel_ids=set(), awarded=False)
    assert permissions.can_see_tender_scores(bidder, area=street, panel_ids={bidder.pk},
                                             awarded=False)  # fmt: skip
    assert not permissions.can_see_tender_scores(bidder, area=street, panel_ids={member.pk},
                                                 awarded=False)  # fmt: skip
