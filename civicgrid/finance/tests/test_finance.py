"""Community finance's rules with known answers (DOMAIN.md §15): budgets set from above with the
floors warned about, allocations (for an assisting task: its paying department), reimbursement
claimed with receipts, reviewed and paid by the street and never beyond the line or the balance,
community-fund payments only on a passed council resolution, statements without names; the pages
and the API in scope (200) and out of it (404)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from civicgrid.accounts.choices import UnitKind
from civicgrid.accounts.tests.factories import bearer, unit_for
from civicgrid.duties.models import CommunityKind, ListItem, ListVersion
from civicgrid.evaluation.compute import area_indicators
from civicgrid.evaluation.periods import parse
from civicgrid.finance import selectors, services
from civicgrid.finance.models import Claim
from civicgrid.participation.council_models import Meeting, Resolution
from civicgrid.workforce.tests.fixtures import refused

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year
DAY = dt.date(YEAR, 1, 10)


def _line(fin, category="running", amount="150000"):
    return services.budget_set(actor=fin.street, area=fin.tree.community, year=YEAR,
                               category=category, amount=amount, source="district")  # fmt: skip


def _funded(fin, amount="100000"):
    return services.allocation_record(actor=fin.leader, area=fin.tree.community,
                                      received_on=DAY, amount=amount, source="district")  # fmt: skip


def _claim(fin, line, amount="3000", **more):
    c = services.claim_make(actor=fin.leader, budget=line, title="楼道灯具", payee="某五金店",
                            amount=amount, spent_on=DAY, project="楼道照明", **more)  # fmt: skip
    services.receipt_add(actor=fin.leader, claim=c, number="No.1", issuer="某五金店",
                         issued_on=DAY, amount=amount)  # fmt: skip
    return services.claim_submit(actor=fin.leader, claim=c)


def test_budgets_are_set_from_above_and_warned_below_the_floors(fin):
    refused("area", services.budget_set, actor=fin.leader, area=fin.tree.community, year=YEAR,
            category="running", amount="1000", source="district")  # fmt: skip
    refused("area", services.budget_set, actor=fin.street, area=fin.tree.grid1, year=YEAR,
            category="running", amount="1000", source="district")  # fmt: skip
    refused("amount", services.budget_set, actor=fin.street, area=fin.tree.community, year=YEAR,
            category="running", amount="-5", source="district")  # fmt: skip
    refused("category", services.budget_set, actor=fin.street, area=fin.tree.community,
            year=YEAR, category="beer", amount="5", source="district")  # fmt: skip
    _line(fin)
    _line(fin, "party", "40000")
    row = next(r for r in selectors.overview(fin.leader, YEAR) if r.area == fin.tree.community)
    assert row.budget == Decimal("190000") and row.below_floor and row.party_below_floor
    _line(fin, "party", "50000")  # set again: changed, not doubled
    row = next(r for r in selectors.overview(fin.leader, YEAR) if r.area == fin.tree.community)
    assert row.budget == Decimal("200000") and not row.below_floor
    assert not row.party_below_floor


def test_a_claim_is_reviewed_and_paid_by_the_street_within_its_line_and_balance(fin):
    line = _line(fin, amount="5000")
    c = services.claim_make(actor=fin.leader, budget=line, title="x", payee="y", amount="3000",
                            spent_on=DAY)  # fmt: skip
    refused("receipts", services.claim_submit, actor=fin.leader, claim=c)  # no receipt yet
    services.receipt_add(actor=fin.leader, claim=c, number="1", issuer="y", issued_on=DAY,
                         amount="2999")  # fmt: skip
    refused("receipts", services.claim_submit, actor=fin.leader, claim=c)  # 2,999 ≠ 3,000
    services.receipt_add(actor=fin.leader, claim=c, number="2", issuer="y", issued_on=DAY,
                         amount="1")  # fmt: skip
    refused("scan", services.receipt_add, actor=fin.leader, claim=c, number="3", issuer="y",
            issued_on=DAY, amount="1",
            scan=SimpleUploadedFile("x.exe", b"MZ"))  # fmt: skip
    services.claim_submit(actor=fin.leader, claim=c)
    refused("claim", services.claim_review, actor=fin.leader, claim=c, approve=True)  # own place
    refused("note", services.claim_review, actor=fin.street, claim=c, approve=False)
    services.claim_review(actor=fin.street, claim=c, approve=True)
    second = _claim(fin, line, amount="2500")
    refused("budget", services.claim_review, actor=fin.street, claim=second, approve=True)
    today = timezone.localdate()
    refused("claim", services.claim_pay, actor=fin.street, claim=c, paid_on=today)  # no money
    _funded(fin, "2000")
    refused("claim", services.claim_pay, actor=fin.street, claim=c, paid_on=today)  # 2,000 < 3,000
    _funded(fin, "1000")
    services.claim_pay(actor=fin.clerk, claim=c, paid_on=today)
    assert services.balance(fin.tree.community) == 0
    assert Claim.objects.get(pk=c.pk).status == "paid"
    refused(
        "amount",
        services.budget_set,
        actor=fin.street,
        area=fin.tree.community,
        year=YEAR,
        category="running",
        amount="2000",
        source="district",
    )  # below what is held
    # nobody reviews their own claim, even when they lead above
    own = services.claim_make(actor=fin.street, budget=line, title="x", payee="y", amount="1",
                              spent_on=DAY)  # fmt: skip
    services.receipt_add(actor=fin.street, claim=own, number="9", issuer="y", issued_on=DAY,
                         amount="1")  # fmt: skip
    services.claim_submit(actor=fin.street, claim=own)
    refused("claim", services.claim_review, actor=fin.street, claim=own, approve=True)


def test_a_community_fund_payment_needs_a_passed_resolution(fin):
    line = _line(fin, "fund", "20000")
    kw = {"actor": fin.leader, "budget": line, "title": "加装扶手", "payee": "施工队",
          "amount": "800", "spent_on": DAY}  # fmt: skip
    refused("resolution", services.claim_make, **kw)
    meeting = Meeting.objects.create(area=fin.tree.community, kind="session", title="议事会",
                                     agenda="社区基金使用", starts_at=timezone.now(), place="会议室",
                                     created_by=fin.leader)  # fmt: skip
    failed = Resolution.objects.create(meeting=meeting, text="否决", votes_for=2,
                                       votes_against=9, abstentions=0, passed=False)  # fmt: skip
    refused("resolution", services.claim_make, resolution=failed, **kw)
    other = Meeting.objects.create(area=fin.tree.other_community, kind="session", title="x",
                                   agenda="x", starts_at=timezone.now(), place="x",
                                   created_by=fin.outsider)  # fmt: skip
    elsewhere = Resolution.objects.create(meeting=other, text="同意", votes_for=9,
                                          votes_against=0, abstentions=0, passed=True)  # fmt: skip
    refused("resolution", services.claim_make, resolution=elsewhere, **kw)
    passed = Resolution.objects.create(meeting=meeting, text="同意加装扶手", votes_for=15,
                                       votes_against=1, abstentions=1, passed=True)  # fmt: skip
    assert services.claim_make(resolution=passed, **kw).resolution == passed


def test_funds_follow_duties_and_the_unfunded_are_listed(fin):
    kind = CommunityKind.objects.get(code="urban")  # the kind the migrations made
    version = ListVersion.objects.create(kind=kind, list_type="assisting", number=1,
                                         effective_from=dt.date(YEAR - 1, 1, 1))  # fmt: skip
    dept = unit_for(fin.tree.district, UnitKind.DEPARTMENT)
    paid = ListItem.objects.create(version=version, code="A1", title="人口普查协助",
                                   department=dept, funding_per_year=Decimal(6000))  # fmt: skip
    ListItem.objects.create(version=version, code="A2", title="创卫检查配合", department=dept)
    waiting = ListItem.objects.create(version=version, code="A3", title="食品安全宣传",
                                      department=dept, funding_per_year=Decimal(2000))  # fmt: skip
    money = services.allocation_record(actor=fin.leader, area=fin.tree.community,
                                       received_on=DAY, amount="6000", source="district",
                                       duty_item=paid)  # fmt: skip
    assert money.source == "department" and money.department == dept
    rows = [d for d in selectors.duties(fin.leader, YEAR) if d.community == fin.tree.community]
    assert [(d.item.code, d.received, d.unfunded) for d in rows] == [
        ("A1", Decimal(6000), False),
        ("A2", Decimal(0), True),
        ("A3", Decimal(0), True),
    ]
    assert waiting.pk in {d.item.pk for d in rows if d.unfunded}
    refused("department", services.allocation_record, actor=fin.leader, area=fin.tree.community,
            received_on=DAY, amount="10", source="department")  # fmt: skip


def test_the_statement_and_the_figures(fin, client):
    line = _line(fin, amount="10000")
    _line(fin, "party", "50000")
    _funded(fin, "10000")
    c = _claim(fin, line)
    services.claim_review(actor=fin.street, claim=c, approve=True)
    services.claim_pay(actor=fin.street, claim=c, paid_on=DAY)
    refused_claim = _claim(fin, line, amount="10")
    services.claim_review(actor=fin.street, claim=refused_claim, approve=False, note="无发票原件")
    s = selectors.statement(fin.tree.community, YEAR, 1)
    assert s.spent == Decimal(3000) and s.came == Decimal(10000)
    assert [(x.label, x.amount) for x in s.by_project] == [("楼道照明", Decimal(3000))]
    v = area_indicators([fin.tree.community], parse(str(YEAR)))[fin.tree.community.pk]
    assert v["fin_budget"] == 60000.0 and v["fin_party_budget"] == 50000.0
    assert v["fin_paid"] == 3000.0 and v["fin_execution_rate"] == 5.0
    assert v["fin_allocated"] == 10000.0 and v["fin_below_floor"] == 1
    assert v["fin_claims"] == 2 and v["fin_claims_refused"] == 1
    url = reverse("finance:statement", args=[fin.tree.community.code, YEAR, 1])
    assert client.get(url).status_code == 404  # not published: leaders only
    client.force_login(fin.leader)
    assert client.get(url).status_code == 200
    if dt.date(YEAR, 3, 31) < timezone.localdate():
        services.statement_publish(actor=fin.leader, area=fin.tree.community, year=YEAR,
                                   quarter=1)  # fmt: skip
        client.logout()
        page = client.get(url).content.decode()
        assert "楼道照明" in page and "某五金店" not in page and "f_leader" not in page
    refused("quarter", services.statement_publish, actor=fin.leader, area=fin.tree.community,
            year=YEAR + 1, quarter=1)  # fmt: skip


def test_the_pages_and_api_in_and_out_of_scope(fin, client):
    line = _line(fin)
    c = _claim(fin, line)
    pages = [reverse("finance:overview"), reverse("finance:duties"),
             reverse("finance:account", args=[fin.tree.community.code]),
             reverse("finance:claim", args=[c.pk])]  # fmt: skip
    for user in (fin.leader, fin.street, fin.admin):
        client.force_login(user)
        for url in pages:
            assert client.get(url).status_code == 200, (user, url)
    client.force_login(fin.outsider)
    assert client.get(pages[0]).status_code == 200
    assert client.get(pages[2]).status_code == 404 and client.get(pages[3]).status_code == 404
    client.force_login(fin.worker)
    assert client.get(pages[0]).status_code == 404
    # a reviewer's form refused, as typed; then approved
    client.force_login(fin.street)
    res = client.post(pages[3], {"action": "review", "approve": "no", "note": ""})
    assert res.status_code == 200 and Claim.objects.get(pk=c.pk).status == "submitted"
    client.post(pages[3], {"action": "review", "approve": "yes", "note": ""})
    assert Claim.objects.get(pk=c.pk).status == "approved"
    # the API
    res = client.get(f"/api/v1/finance/claims?area={fin.tree.community.code}",
                     **bearer(fin.leader))  # fmt: skip
    assert [x["id"] for x in res.json()] == [c.pk]
    assert client.get(f"/api/v1/finance/claims/{c.pk}", **bearer(fin.outsider)).status_code == 404


def test_a_receipts_scan_and_a_statement_in_and_out_of_scope(fin, client):
    line = _line(fin)
    c = services.claim_make(actor=fin.leader, budget=line, title="x", payee="y", amount="5",
                            spent_on=DAY)  # fmt: skip
    r = services.receipt_add(actor=fin.leader, claim=c, number="1", issuer="y", issued_on=DAY,
                             amount="5", scan=SimpleUploadedFile("r.pdf", b"%PDF-1.4 test"))  # fmt: skip
    url = reverse("finance:receipt_scan", args=[r.pk])
    client.force_login(fin.leader)
    res = client.get(url)
    assert res.status_code == 200 and res["X-Content-Type-Options"] == "nosniff"
    client.force_login(fin.outsider)
    assert client.get(url).status_code == 404
    api = f"/api/v1/finance/statements/{fin.tree.community.code}/{YEAR}/1"
    assert client.get(api, **bearer(fin.outsider)).status_code == 404  # not published
    res = client.get(api, **bearer(fin.leader))
    assert res.status_code == 200 and res.json()["published_on"] is None
