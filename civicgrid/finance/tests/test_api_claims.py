"""The community finance API's writes and reads, step by step: each in scope (2xx), out of scope
(404: a leader of the same rank on another street), and refused with the field named and nothing
written; a payment never exceeds its budget line, whatever the order of the calls; the overview
at a fixed number of queries."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from civicgrid.accounts.choices import UnitKind
from civicgrid.accounts.tests.factories import bearer, unit_for
from civicgrid.areas.services import AreaInput, areas_import
from civicgrid.duties.models import CommunityKind, ListItem, ListVersion
from civicgrid.finance import services
from civicgrid.finance.models import Allocation, Budget, Claim, Receipt, Statement

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
YEAR = TODAY.year
DAY = dt.date(YEAR, 1, 10)
JSON = {"content_type": "application/json"}


def post(client, path, body, user):
    return client.post(f"/api/v1{path}", body, **JSON, **bearer(user))


def get(client, path, user, **query):
    return client.get(f"/api/v1{path}", query, **bearer(user))


def refused_as(response, status, field):
    assert response.status_code == status, response.content
    assert response.json()["field"] == field, response.json()


def _line(fin, category="running", amount="5000"):
    return services.budget_set(actor=fin.street, area=fin.tree.community, year=YEAR,
                               category=category, amount=amount, source="district")  # fmt: skip


def _funded(fin, amount="100000"):
    return services.allocation_record(actor=fin.leader, area=fin.tree.community,
                                      received_on=DAY, amount=amount, source="district")  # fmt: skip


def _submitted(client, fin, line, amount):
    """A claim made, its receipt added and submitted, all through the API."""
    made = post(client, "/finance/claims", {"budget": line.pk, "title": "楼道灯具",
                                            "payee": "某五金店", "amount": amount,
                                            "spent_on": DAY.isoformat()}, fin.leader)  # fmt: skip
    assert made.status_code == 201, made.content
    cid = made.json()["id"]
    added = client.post(f"/api/v1/finance/claims/{cid}/receipts",
                        {"number": f"No.{cid}", "issuer": "某五金店",
                         "issued_on": DAY.isoformat(), "amount": amount},
                        **bearer(fin.leader))  # fmt: skip
    assert added.status_code == 201, added.content
    done = post(client, f"/finance/claims/{cid}/submission", {}, fin.leader)
    assert done.status_code == 200 and done.json()["status"] == "submitted"
    return cid


def test_budgets_in_scope_out_of_scope_and_refused(fin, client):
    body = {"area": fin.tree.community.code, "year": YEAR, "category": "running",
            "amount": "150000", "source": "district"}  # fmt: skip
    assert post(client, "/finance/budgets", body, fin.outsider).status_code == 404
    # the community's own leader does not fund it: refused as out of their reach
    assert post(client, "/finance/budgets", body, fin.leader).status_code == 404
    for wrong, status, field in (
        ({"category": "beer"}, 400, "category"),
        ({"source": "bank"}, 400, "source"),
        ({"amount": "-5"}, 400, "amount"),
        ({"amount": "0"}, 400, "amount"),
        ({"year": 1999}, 422, "year"),
        ({"note": "x" * 201}, 422, "note"),
        ({"area": fin.tree.grid1.code}, 404, None),  # a grid has no budget: none of your places
    ):
        got = post(client, "/finance/budgets", {**body, **wrong}, fin.street)
        assert got.status_code == status, (wrong, got.content)
        assert got.json()["field"] == field, (wrong, got.json())
    assert not Budget.objects.exists()
    made = post(client, "/finance/budgets", body, fin.street)
    assert made.status_code == 201, made.content
    assert made.json() | {"id": 0} == {
        "id": 0, "area": fin.tree.community.code, "year": YEAR, "category": "running",
        "amount": "150000.00", "source": "district", "note": "", "held": "0",
    }  # fmt: skip
    listed = get(client, "/finance/budgets", fin.street, year=YEAR).json()
    assert [Decimal(b["held"]) for b in listed] == [0]
    again = post(client, "/finance/budgets", {**body, "amount": "160000"}, fin.street)
    assert again.status_code == 201 and Budget.objects.get().amount == Decimal(160000)
    listed = get(client, "/finance/budgets", fin.leader, year=YEAR)
    assert [b["amount"] for b in listed.json()] == ["160000.00"]
    assert get(client, "/finance/budgets", fin.outsider, year=YEAR).json() == []
    assert get(client, "/finance/budgets", fin.outsider, year=YEAR,
               area=fin.tree.community.code).status_code == 404  # fmt: skip


def test_allocations_in_scope_out_of_scope_and_refused(fin, client):
    dept = unit_for(fin.tree.district, UnitKind.DEPARTMENT)
    body = {"area": fin.tree.community.code, "received_on": DAY.isoformat(),
            "amount": "100000", "source": "district"}  # fmt: skip
    assert post(client, "/finance/allocations", body, fin.outsider).status_code == 404
    street_office = unit_for(fin.tree.street).code
    for wrong, status, field in (
        ({"source": "department"}, 400, "department"),  # who paid?
        ({"source": "department", "department": street_office}, 400, "department"),
        ({"source": "department", "department": "no-such-unit"}, 400, "department"),
        ({"duty_item": 999999}, 400, "duty_item"),
        ({"received_on": (TODAY + dt.timedelta(days=1)).isoformat()}, 400, "received_on"),
        ({"amount": "abc"}, 422, "amount"),
        ({"source": "bank"}, 400, "source"),
    ):
        got = post(client, "/finance/allocations", {**body, **wrong}, fin.leader)
        assert got.status_code == status, (wrong, got.content)
        assert got.json()["field"] == field, (wrong, got.json())
    assert not Allocation.objects.exists()
    made = post(client, "/finance/allocations", body, fin.leader)
    assert made.status_code == 201 and made.json()["department"] is None
    paid = post(client, "/finance/allocations",
                {**body, "source": "department", "department": dept.code}, fin.street)  # fmt: skip
    assert paid.status_code == 201 and paid.json()["department"] == dept.code
    got = get(client, "/finance/allocations", fin.leader, area=fin.tree.community.code)
    assert sorted(a["id"] for a in got.json()) == sorted([made.json()["id"], paid.json()["id"]])
    assert get(client, "/finance/allocations", fin.outsider,
               area=fin.tree.community.code).status_code == 404  # fmt: skip


def test_a_claim_step_by_step_in_and_out_of_scope(fin, client):
    line = _line(fin)
    _funded(fin)
    body = {"budget": line.pk, "title": "楼道灯具", "payee": "某五金店", "amount": "3000",
            "spent_on": DAY.isoformat()}  # fmt: skip
    assert post(client, "/finance/claims", body, fin.outsider).status_code == 404
    for wrong, status, field in (
        ({"title": " "}, 400, "title"),
        ({"payee": ""}, 400, "payee"),
        ({"amount": "0"}, 400, "amount"),
        ({"spent_on": dt.date(YEAR - 1, 12, 31).isoformat()}, 400, "spent_on"),
        ({"resolution": 999999}, 400, "resolution"),
    ):
        got = post(client, "/finance/claims", {**body, **wrong}, fin.leader)
        assert got.status_code == status, (wrong, got.content)
        assert got.json()["field"] == field, (wrong, got.json())
    assert not Claim.objects.exists()
    made = post(client, "/finance/claims", body, fin.leader)
    assert made.status_code == 201 and made.json()["status"] == "draft"
    cid = made.json()["id"]
    base = f"/api/v1/finance/claims/{cid}"

    # receipts (a form with the scan)
    def receipt(user, **more):
        form = {"number": "No.1", "issuer": "某五金店", "issued_on": DAY.isoformat(),
                "amount": "3000", **more}  # fmt: skip
        return client.post(f"{base}/receipts", form, **bearer(user))

    pdf = lambda: SimpleUploadedFile("r.pdf", b"%PDF-1.4 test")  # noqa: E731
    assert receipt(fin.outsider, scan=pdf()).status_code == 404
    refused_as(receipt(fin.leader, amount="0"), 400, "amount")
    refused_as(receipt(fin.leader, number=" "), 400, "number")
    refused_as(receipt(fin.leader, scan=SimpleUploadedFile("x.exe", b"MZ")), 400, "scan")
    refused_as(receipt(fin.leader, issued_on=""), 422, "issued_on")
    assert not Receipt.objects.exists()
    # no receipt yet: the claim is not submitted
    refused_as(post(client, f"/finance/claims/{cid}/submission", {}, fin.leader), 400,
               "receipts")  # fmt: skip
    added = receipt(fin.leader, scan=pdf())
    assert added.status_code == 201, added.content
    assert [(r["amount"], r["scan"]) for r in added.json()["receipts"]] == [("3000.00", True)]

    # submission
    assert post(client, f"/finance/claims/{cid}/submission", {}, fin.outsider).status_code == 404
    done = post(client, f"/finance/claims/{cid}/submission", {}, fin.leader)
    assert done.status_code == 200 and done.json()["status"] == "submitted"
    refused_as(post(client, f"/finance/claims/{cid}/submission", {}, fin.leader), 400, "claim")
    refused_as(receipt(fin.leader), 400, "claim")  # submitted: no more receipts
    assert Receipt.objects.count() == 1

    # review: by the street, never by the community that claimed
    review = f"/finance/claims/{cid}/review"
    assert post(client, review, {"approve": True}, fin.outsider).status_code == 404
    assert post(client, review, {"approve": True}, fin.leader).status_code == 404
    refused_as(post(client, review, {"approve": False, "note": " "}, fin.street), 400, "note")
    refused_as(post(client, review, {"approve": "perhaps"}, fin.street), 422, "approve")
    refused_as(post(client, review, {"approve": True, "note": "x" * 501}, fin.street), 422, "note")
    assert Claim.objects.get(pk=cid).status == "submitted"
    done = post(client, review, {"approve": True}, fin.street)
    assert done.status_code == 200 and done.json()["status"] == "approved"
    assert done.json()["reviewed_on"] == TODAY.isoformat()

    # withdrawal: a reviewed claim stays
    withdraw = f"/finance/claims/{cid}/withdrawal"
    assert post(client, withdraw, {}, fin.outsider).status_code == 404
    refused_as(post(client, withdraw, {}, fin.leader), 400, "claim")

    # payment
    pay = f"/finance/claims/{cid}/payment"
    assert post(client, pay, {"paid_on": TODAY.isoformat()}, fin.outsider).status_code == 404
    tomorrow = (TODAY + dt.timedelta(days=1)).isoformat()
    refused_as(post(client, pay, {"paid_on": tomorrow}, fin.street), 400, "paid_on")
    refused_as(post(client, pay, {"paid_on": "not a day"}, fin.street), 422, "paid_on")
    assert Claim.objects.get(pk=cid).status == "approved"
    done = post(client, pay, {"paid_on": TODAY.isoformat()}, fin.clerk)
    assert done.status_code == 200 and done.json()["status"] == "paid"
    assert services.balance(fin.tree.community) == Decimal(97000)
    refused_as(post(client, pay, {"paid_on": TODAY.isoformat()}, fin.street), 400, "claim")

    # a draft or submitted claim is withdrawn by who keeps the account
    other = _submitted(client, fin, line, "100")
    path = f"/finance/claims/{other}/withdrawal"
    assert post(client, path, {}, fin.outsider).status_code == 404
    done = post(client, path, {}, fin.leader)
    assert done.status_code == 200 and done.json()["status"] == "withdrawn"
    # and read back: in scope, or not found
    assert client.get(base, **bearer(fin.leader)).json()["status"] == "paid"
    assert client.get(base, **bearer(fin.outsider)).status_code == 404


def test_a_payment_never_exceeds_its_budget_line(fin, client):
    line = _line(fin, amount="5000")
    _funded(fin, "100000")
    first = _submitted(client, fin, line, "3000")
    second = _submitted(client, fin, line, "2500")
    review = lambda cid: post(client, f"/finance/claims/{cid}/review",  # noqa: E731
                              {"approve": True}, fin.street)  # fmt: skip
    pay = lambda cid: post(client, f"/finance/claims/{cid}/payment",  # noqa: E731
                           {"paid_on": TODAY.isoformat()}, fin.street)  # fmt: skip
    assert review(first).status_code == 200
    refused_as(review(second), 400, "budget")  # 2,500 more on a line with 2,000 left
    assert Claim.objects.get(pk=second).status == "submitted"
    refused_as(pay(second), 400, "claim")  # not approved: not paid either
    # nor is the line lowered under what it holds
    lower = {"area": fin.tree.community.code, "year": YEAR, "category": "running",
             "amount": "2999", "source": "district"}  # fmt: skip
    refused_as(post(client, "/finance/budgets", lower, fin.street), 400, "amount")
    assert pay(first).status_code == 200
    refused_as(review(second), 400, "budget")  # paid holds the line as approved did
    raised = post(client, "/finance/budgets", {**lower, "amount": "5500"}, fin.street)
    assert raised.status_code == 201 and Decimal(raised.json()["held"]) == 3000
    assert review(second).status_code == 200 and pay(second).status_code == 200
    paid = sum(c.amount for c in Claim.objects.filter(budget=line, status="paid"))
    assert paid == Decimal(5500) == Budget.objects.get(pk=line.pk).amount
    third = _submitted(client, fin, line, "0.01")
    refused_as(review(third), 400, "budget")  # not a fen more
    row = get(client, "/finance/overview", fin.street, year=YEAR, area=fin.tree.community.code)
    assert {Decimal(row.json()[0][k]) for k in ("paid", "budget")} == {Decimal(5500)}


def test_a_payment_never_exceeds_the_balance(fin, client):
    line = _line(fin, amount="5000")
    _funded(fin, "1000")
    cid = _submitted(client, fin, line, "3000")
    post(client, f"/finance/claims/{cid}/review", {"approve": True}, fin.street)
    refused_as(post(client, f"/finance/claims/{cid}/payment", {"paid_on": TODAY.isoformat()},
                    fin.street), 400, "claim")  # fmt: skip
    assert Claim.objects.get(pk=cid).status == "approved"


def test_statements_are_published_in_scope(fin, client):
    body = {"area": fin.tree.community.code, "year": YEAR - 1, "quarter": 4}
    url = f"/finance/statements/{fin.tree.community.code}/{YEAR - 1}/4"
    assert get(client, url, fin.outsider).status_code == 404  # not published yet
    assert post(client, "/finance/statements", body, fin.outsider).status_code == 404
    refused_as(post(client, "/finance/statements", {**body, "year": YEAR + 1, "quarter": 1},
                    fin.leader), 400, "quarter")  # fmt: skip
    refused_as(post(client, "/finance/statements", {**body, "quarter": 5}, fin.leader), 422,
               "quarter")  # fmt: skip
    assert not Statement.objects.exists()
    made = post(client, "/finance/statements", body, fin.leader)
    assert made.status_code == 201 and made.json()["published_on"] == TODAY.isoformat()
    assert get(client, url, fin.outsider).status_code == 200  # public once published


def test_the_overview_and_duties_in_scope(fin, client):
    _line(fin, "party", "50000")
    _funded(fin, "8000")
    kind = CommunityKind.objects.get(code="urban")  # the kind the migrations made
    version = ListVersion.objects.create(kind=kind, list_type="assisting", number=1,
                                         effective_from=dt.date(YEAR - 1, 1, 1))  # fmt: skip
    dept = unit_for(fin.tree.district, UnitKind.DEPARTMENT)
    ListItem.objects.create(version=version, code="A1", title="人口普查协助", department=dept,
                            funding_per_year=Decimal(6000))  # fmt: skip
    code = fin.tree.community.code
    rows = {r["area"]: r for r in get(client, "/finance/overview", fin.street, year=YEAR).json()}
    assert set(rows) == {fin.tree.street.code, code}
    assert (Decimal(rows[code]["party"]), Decimal(rows[code]["balance"]),
            rows[code]["below_floor"]) == (50000, 8000, True)  # fmt: skip
    assert code not in {r["area"] for r in get(client, "/finance/overview", fin.outsider,
                                                 year=YEAR).json()}  # fmt: skip
    only = get(client, "/finance/overview", fin.street, year=YEAR, area=code)
    assert [r["area"] for r in only.json()] == [code]
    assert get(client, "/finance/overview", fin.outsider, year=YEAR, area=code).status_code == 404
    refused_as(get(client, "/finance/overview", fin.street, year=1999), 422, "year")
    duties = get(client, "/finance/duties", fin.leader, year=YEAR).json()
    assert [(d["community"], d["code"], d["unfunded"]) for d in duties] == [(code, "A1", True)]
    theirs = get(client, "/finance/duties", fin.outsider, year=YEAR).json()
    assert {d["community"] for d in theirs} == {fin.tree.other_community.code}
    assert get(client, "/finance/duties", fin.outsider, year=YEAR, area=code).status_code == 404
    street = get(client, "/finance/duties", fin.street, year=YEAR, area=fin.tree.street.code)
    assert [d["community"] for d in street.json()] == [code]
    assert get(client, "/finance/overview", fin.worker, year=YEAR).json() == []


def test_the_overview_and_budgets_take_a_fixed_number_of_queries(fin, client):
    _line(fin)
    _funded(fin)
    headers = bearer(fin.admin)

    def counted(path):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/api/v1{path}", {"year": YEAR}, **headers).status_code == 200
        return len(queries)

    counted("/finance/overview")  # the first request warms the caches (the token, the grants)
    before = (counted("/finance/overview"), counted("/finance/budgets"))
    # another community with its money and lines
    areas_import([AreaInput("310104002002", "西二社区")])
    services.budget_set(actor=fin.admin, area=fin.tree.other_community, year=YEAR,
                        category="running", amount="9000", source="district")  # fmt: skip
    services.budget_set(actor=fin.admin, area=fin.tree.other_community, year=YEAR,
                        category="party", amount="9000", source="district")  # fmt: skip
    services.allocation_record(actor=fin.admin, area=fin.tree.other_community, received_on=DAY,
                               amount="10", source="district")  # fmt: skip
    counted("/finance/overview")  # a new area: the caches of the tree are read again once
    assert (counted("/finance/overview"), counted("/finance/budgets")) == before
