"""Social organisations: the register (credit code checked, phone encrypted and masked), the
scoring arithmetic of a tender against figures worked out by hand, conflicts of interest,
awards, contracts and evaluations, and subsidies with their public list."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from civicgrid.accounts.models import User
from civicgrid.accounts.tests.factories import bearer
from civicgrid.core.errors import DomainError
from civicgrid.orgs import contracts, procurement, selectors, services
from civicgrid.orgs.models import Organisation
from civicgrid.web.tests.browser import DESKTOP
from civicgrid.web.tests.test_accessibility import violations

from .fixtures import AFTER, CODE_A, OPEN, doc, tender

pytestmark = pytest.mark.django_db


def test_register_checks_the_code_and_keeps_the_phone_encrypted(world):
    org = world["orgs"][0]
    assert org.contact_phone_masked == "139****5678" and "13912345678" not in org.contact_phone_enc
    assert org.reveal("contact_phone") == "13912345678"
    for kw, field in (
        ({"credit_code": "91110000600037341X"}, "credit_code"),  # wrong check character
        ({"type": "service"}, "credit_code"),  # a registered organisation needs one
        ({"credit_code": CODE_A}, "credit_code"),  # already registered
        ({"phone": "12345"}, "phone"),
        ({"rating": 6}, "rating"),
    ):
        args = {"type": "community", "credit_code": "", "phone": "", **kw}
        with pytest.raises(DomainError) as caught:
            services.organisation_register(
                actor=world["leader"],
                name="新机构",
                code="SO-X",
                service_area=world["tree"].street,
                **args,
            )
        assert caught.value.field == field
    filed = services.organisation_register(
        actor=world["leader"],
        name="楼道志愿队",
        code="SO-Y",
        service_area=world["tree"].community,
        type="community",
    )
    assert filed.credit_code == ""
    with pytest.raises(DomainError):  # not a leader of this area
        services.organisation_register(
            actor=world["staff"][0],
            name="x",
            code="SO-Z",
            service_area=world["tree"].street,
            type="community",
        )
    assert Organisation.objects.count() == 4


def test_tender_rules(world):
    for criteria in ([{"name": "a", "weight": 60}], [{"name": "", "weight": 100}], []):
        with pytest.raises(DomainError) as caught:
            tender(world, criteria=criteria)
        assert caught.value.field.startswith("criteria")
    t = tender(world)
    a = world["orgs"][0]
    with pytest.raises(DomainError) as caught:
        procurement.bid_submit(
            actor=world["staff"][1],
            tender=t,
            organisation=a,
            amount=1,
            proposal="x",
            document=doc(),
            now=OPEN,
        )
    assert caught.value.code == "forbidden"  # not their organisation
    with pytest.raises(DomainError) as caught:
        procurement.bid_submit(
            actor=world["staff"][0],
            tender=t,
            organisation=a,
            amount=200001,
            proposal="x",
            document=doc(),
            now=OPEN,
        )
    assert caught.value.field == "amount"
    with pytest.raises(DomainError) as caught:
        procurement.bid_submit(
            actor=world["staff"][0],
            tender=t,
            organisation=a,
            amount=1,
            proposal="x",
            document=doc(),
            now=AFTER,
        )
    assert caught.value.code == "closed"


def test_the_scoring_arithmetic_and_conflicts(world):
    t = tender(world)
    a, b, c = world["orgs"]
    prices = {a: 180000, b: 150000, c: 190000}
    bids = {
        o: procurement.bid_submit(
            actor=world["staff"][n],
            tender=t,
            organisation=o,
            amount=prices[o],
            proposal="方案",
            document=doc(),
            now=OPEN,
        )
        for n, o in enumerate((a, b, c))
    }
    m1, m2, m3 = world["panel"]
    with pytest.raises(DomainError) as caught:  # before the deadline
        procurement.declaration_submit(actor=m1, tender=t, conflicts=[], now=OPEN)
    assert caught.value.code == "closed"
    with pytest.raises(DomainError) as caught:  # declare first
        procurement.bid_score(actor=m1, bid=bids[a], criterion=0, points=80, now=AFTER)
    assert caught.value.field == "conflicts"
    procurement.declaration_submit(actor=m1, tender=t, conflicts=[], now=AFTER)
    procurement.declaration_submit(actor=m2, tender=t, conflicts=[], now=AFTER)
    with pytest.raises(DomainError):
        procurement.declaration_submit(actor=m3, tender=t, conflicts=[bids[c]], note="", now=AFTER)
    procurement.declaration_submit(
        actor=m3, tender=t, conflicts=[bids[c]], note="曾在该机构任职", now=AFTER
    )
    with pytest.raises(DomainError) as caught:
        procurement.bid_score(actor=m3, bid=bids[c], criterion=0, points=100, now=AFTER)
    assert caught.value.code == "conflict_of_interest"
    given = {  # member: bid: points per criterion (plan 50, team 30, price 20)
        m1: {a: (80, 70, 60), b: (90, 60, 100), c: (70, 90, 50)},
        m2: {a: (70, 80, 60), b: (80, 70, 100), c: (60, 80, 50)},
        m3: {a: (90, 60, 60), b: (70, 80, 100)},
    }
    for member, by_bid in given.items():
        for o, points in by_bid.items():
            for n, value in enumerate(points):
                procurement.bid_score(
                    actor=member, bid=bids[o], criterion=n, points=value, now=AFTER
                )
    rows = {r.bid.organisation: r for r in selectors.tender_standings(t)}
    # A: plan (80+70+90)/3 = 80, team (70+80+60)/3 = 70, price 60 → 40 + 21 + 12 = 73.00
    # B: plan 80, team 70, price 100 → 40 + 21 + 20 = 81.00
    # C (m3 conflicted): plan 65, team 85, price 50 → 32.5 + 25.5 + 10 = 68.00
    assert [rows[o].marks for o in (a, b, c)] == [
        [Decimal("80.00"), Decimal("70.00"), Decimal("60.00")],
        [Decimal("80.00"), Decimal("70.00"), Decimal("100.00")],
        [Decimal("65.00"), Decimal("85.00"), Decimal("50.00")],
    ]
    assert [(rows[o].total, rows[o].rank) for o in (a, b, c)] == [
        (Decimal("73.00"), 2), (Decimal("81.00"), 1), (Decimal("68.00"), 3)
    ]  # fmt: skip
    with pytest.raises(DomainError):
        procurement.tender_award(actor=m1, tender=t, now=AFTER)  # a panel member does not award
    done = procurement.tender_award(actor=world["leader"], tender=t, now=AFTER)
    assert done.winner == bids[b] and done.status == "awarded"
    contract = contracts.contract_sign(
        actor=world["leader"],
        tender=done,
        signed_on=AFTER.date(),
        starts_on=dt.date(2026, 4, 1),
        ends_on=dt.date(2026, 12, 31),
    )
    assert contract.amount == Decimal(150000)
    item = contracts.deliverable_add(
        actor=world["leader"], contract=contract, title="季度服务报告", due_on=dt.date(2026, 6, 30)
    )
    with pytest.raises(DomainError):
        contracts.deliverable_report(
            actor=world["staff"][0], deliverable=item, report="x"
        )  # not the contractor
    contracts.deliverable_report(
        actor=world["staff"][1], deliverable=item, report="服务老人1200人次", document=doc()
    )
    contracts.contract_evaluate(
        actor=world["leader"], contract=contract, points=92, note="服务规范，居民满意"
    )
    assert b.bids.get().tender.contract.evaluation == 92


def test_an_award_waits_for_every_score(world):
    t = tender(world)
    a = world["orgs"][0]
    the_bid = procurement.bid_submit(
        actor=world["staff"][0],
        tender=t,
        organisation=a,
        amount=100000,
        proposal="方案",
        document=doc(),
        now=OPEN,
    )
    for m in world["panel"]:
        procurement.declaration_submit(actor=m, tender=t, conflicts=[], now=AFTER)
    procurement.bid_score(actor=world["panel"][0], bid=the_bid, criterion=0, points=50, now=AFTER)
    with pytest.raises(DomainError) as caught:
        procurement.tender_award(actor=world["leader"], tender=t, now=AFTER)
    assert caught.value.code == "pending"


def test_subsidies_and_the_public_list(world, client):
    org = world["orgs"][0]
    with pytest.raises(DomainError):
        services.subsidy_apply(
            actor=world["staff"][1], organisation=org, purpose="x", reason="x", requested=1
        )
    sub = services.subsidy_apply(
        actor=world["staff"][0],
        organisation=org,
        purpose="孵化期运营补贴",
        reason="新成立机构场地租金",
        requested="30000",
    )
    with pytest.raises(DomainError) as caught:  # not reviewed yet
        services.subsidy_decide(
            actor=world["leader"], subsidy=sub, approve=True, amount=1, decision="x"
        )
    assert caught.value.code == "conflict"
    services.subsidy_review(actor=world["leader"], subsidy=sub, recommend=True, review="材料齐全")
    with pytest.raises(DomainError) as caught:
        services.subsidy_decide(
            actor=world["leader"], subsidy=sub, approve=True, amount="30001", decision="同意"
        )
    assert caught.value.field == "amount"
    services.subsidy_decide(
        actor=world["leader"], subsidy=sub, approve=True, amount="25000", decision="同意资助"
    )
    services.subsidy_pay(
        actor=world["leader"], subsidy=sub, paid_on=dt.date(2026, 5, 1), reference="GK-2026-0012"
    )
    page = client.get("/orgs/public/").content.decode()
    assert org.unit.name in page and "25000" in page
    assert "13912345678" not in page and "139****5678" not in page
    assert world["staff"][0].username not in page


def test_pages_in_scope_or_404(world, client, loop):
    t = tender(world)
    org = world["orgs"][0]
    client.force_login(world["leader"])
    for url in ("/orgs/", f"/orgs/{org.pk}/", "/orgs/tenders/", f"/orgs/tenders/{t.pk}/",
                "/orgs/subsidies/"):  # fmt: skip
        assert client.get(url).status_code == 200, url
    client.force_login(world["staff"][0])  # the organisation's own people
    assert client.get(f"/orgs/{org.pk}/").status_code == 200
    assert client.get(f"/orgs/tenders/{t.pk}/").status_code == 200  # a tender for its area
    posted = client.post(f"/orgs/{org.pk}/", {"action": "subsidy", "purpose": "场地",
                                              "reason": "租金", "requested": "1000"})  # fmt: skip
    assert posted.status_code == 302 and org.subsidies.count() == 1
    bad = client.post(f"/orgs/{org.pk}/", {"action": "subsidy", "purpose": "场地",
                                           "reason": "租金", "requested": "x"})  # fmt: skip
    assert bad.status_code == 200 and org.subsidies.count() == 1
    page = client.get(f"/orgs/tenders/{t.pk}/")
    assert page.context["standings"] == []  # bidders see no scores before the award
    client.force_login(loop.outsider)  # a grid worker of another street
    assert client.get(f"/orgs/{org.pk}/").status_code == 404
    assert client.get(f"/orgs/tenders/{t.pk}/").status_code == 404
    assert client.get("/orgs/subsidies/").status_code == 404
    client.logout()
    assert client.get("/orgs/public/").status_code == 200


def test_api(world, client, monkeypatch):
    t = tender(world, criteria=[{"name": "方案", "weight": 60}, {"name": "报价", "weight": 40}])
    org = world["orgs"][0]
    monkeypatch.setattr(timezone, "now", lambda: OPEN)
    url = f"/api/v1/tenders/{t.pk}/bids"
    made = client.post(url, {"organisation": org.pk, "amount": "120000", "proposal": "方案",
                             "document": doc()}, **bearer(world["staff"][0]))  # fmt: skip
    assert made.status_code == 201
    stranger = client.post(url, {"organisation": org.pk, "amount": "1", "proposal": "x",
                                 "document": doc()}, **bearer(world["staff"][1]))  # fmt: skip
    assert stranger.status_code == 404
    monkeypatch.setattr(timezone, "now", lambda: AFTER)
    for m in world["panel"]:
        body = {"conflicts": [], "note": ""}
        assert client.post(f"/api/v1/tenders/{t.pk}/declaration", body,
                           content_type="application/json", **bearer(m)).status_code == 200  # fmt: skip
        scored = client.post(f"/api/v1/tenders/{t.pk}/scores",
                             {"bid": made.json()["id"], "points": [80, 90]},
                             content_type="application/json", **bearer(m))  # fmt: skip
        assert scored.status_code == 200
    wrong = client.post(f"/api/v1/tenders/{t.pk}/scores", {"bid": made.json()["id"], "points": [1]},
                        content_type="application/json", **bearer(world["panel"][0]))  # fmt: skip
    assert wrong.status_code == 400 and wrong.json()["field"] == "points"
    seen = client.get(f"/api/v1/tenders/{t.pk}", **bearer(world["staff"][0])).json()
    assert seen["standings"] == []  # a bidder before the award
    awarded = client.post(f"/api/v1/tenders/{t.pk}/award", **bearer(world["leader"])).json()
    assert awarded["standings"][0]["total"] == 84.0  # 0.6 × 80 + 0.4 × 90
    directory = client.get("/api/v1/organisations", **bearer(world["staff"][1])).json()
    assert {o["contact_phone"] for o in directory} == {"139****5678"}


def test_the_admin_lists_them(world, client):
    root = User.objects.create_superuser("root", password="pw-for-tests-123")
    client.force_login(root)
    for url in ("/admin/orgs/hubnode/", "/admin/orgs/organisation/", "/admin/orgs/tender/",
                "/admin/orgs/subsidy/", "/admin/participation/call/",
                "/admin/participation/opinion/", "/admin/orgs/hubnode/add/"):  # fmt: skip
        assert client.get(url).status_code == 200, url
    org = world["orgs"][0]
    page = client.get(f"/admin/orgs/organisation/{org.pk}/change/").content.decode()
    assert "13912345678" not in page and org.contact_phone_enc not in page


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_pages_are_accessible(open_page, world):
    t = tender(world)
    page = open_page(world["leader"], viewport=DESKTOP)
    for url in ("/orgs/", f"/orgs/{world['orgs'][0].pk}/", "/orgs/tenders/",
                f"/orgs/tenders/{t.pk}/", "/orgs/subsidies/", "/orgs/public/"):  # fmt: skip
        page.goto(url)
        page.wait_for_load_state("networkidle")
        assert not violations(page), url
