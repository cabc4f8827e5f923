"""The community finance API (``finance/services.py`` says the rules): budgets, allocations,
reimbursement claims with their receipts and steps, funds that follow duties, and statements.
For the leaders of the streets and communities (anyone else: 404); amounts in yuan; a statement
carries no payee and no one's name."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Q, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Schema
from ninja.files import UploadedFile
from ninja.responses import Status
from pydantic import Field

from civicgrid.accounts.choices import UnitKind
from civicgrid.accounts.models import OrgUnit
from civicgrid.areas.models import Area
from civicgrid.core.errors import refused
from civicgrid.duties.models import ListItem
from civicgrid.participation.council_models import Resolution

from . import selectors, services
from .choices import HOLDING, ClaimStatus
from .models import Allocation, Budget, Claim

router = Router(tags=["community finance"])
AREA = Field(..., description="a street's or community's code", examples=["310199001001"])
YEAR_MIN, YEAR_MAX = 2000, 2100


class FinanceYearQuery(Schema):
    year: int = Field(..., ge=YEAR_MIN, le=YEAR_MAX, examples=[2026])
    area: str | None = Field(None, description="a street's or community's code")


def _area(request, code: str | None) -> Area:
    found = next((a for a in selectors.places(request.auth) if a.code == code), None)
    if found is None:
        raise Http404
    return found


def _one(qs, field: str, message: str, **lookup):
    """The row a body names (a department, a list item, a resolution), or the refusal naming
    its field: a wrong reference is bad input, not a missing page."""
    found = qs.filter(**lookup).first()
    if found is None:
        raise refused(message, field)
    return found


class FinanceBudgetOut(Schema):
    id: int
    area: str
    year: int
    category: str = Field(..., description="running, party, reward, allowance, purchased, "
                          "project or fund")  # fmt: skip
    amount: Decimal
    source: str
    note: str
    held: Decimal = Field(..., description="what approved and paid claims hold on the line")


def _budget(b: Budget) -> dict:
    held = getattr(b, "held_sum", None)
    return {"id": b.pk, "area": b.area.code, "year": b.year, "category": b.category,
            "amount": b.amount, "source": b.source, "note": b.note,
            "held": services.held_on(b) if held is None else held}  # fmt: skip


@router.get("/finance/budgets", response=list[FinanceBudgetOut], summary="Budget lines")
def budget_list(request, q: Query[FinanceYearQuery]):
    qs = selectors.budgets(request.auth).filter(year=q.year)
    if q.area:
        qs = qs.filter(area=_area(request, q.area))
    # what each line holds, in the same query (not one query a line)
    held = Sum("claims__amount", filter=Q(claims__status__in=HOLDING), default=Decimal(0))
    return [_budget(b) for b in qs.annotate(held_sum=held)]


class FinanceBudgetIn(Schema):
    area: str = AREA
    year: int = Field(..., ge=YEAR_MIN, le=YEAR_MAX, examples=[2026])
    category: str = Field(..., examples=["party"])
    amount: Decimal = Field(..., examples=["50000"])
    source: str = Field(..., description="district, street, department, lottery, donation or "
                        "other", examples=["district"])  # fmt: skip
    note: str = Field("", max_length=200)


@router.post(
    "/finance/budgets",
    response={201: FinanceBudgetOut},
    summary="Set a budget line (by the street or the district)",
)
def budget_set(request, payload: FinanceBudgetIn):
    area = _area(request, payload.area)
    made = services.budget_set(actor=request.auth, **{**payload.dict(), "area": area})
    return Status(201, _budget(made))


class FinanceStandingOut(Schema):
    area: str
    name: str
    budget: Decimal
    party: Decimal
    below_floor: bool
    party_below_floor: bool
    received: Decimal
    held: Decimal
    paid: Decimal
    balance: Decimal


@router.get(
    "/finance/overview", response=list[FinanceStandingOut], summary="A year's money by place"
)
def overview(request, q: Query[FinanceYearQuery]):
    """Each place you lead (``area``: that one only), with its balance at all times."""
    rows = selectors.overview(request.auth, q.year)
    if q.area:
        only = _area(request, q.area)
        rows = [r for r in rows if r.area == only]
    balances = _balances([r.area.pk for r in rows])
    return [
        {"area": r.area.code, "name": r.area.name, "budget": r.budget, "party": r.party,
         "below_floor": r.below_floor, "party_below_floor": r.party_below_floor,
         "received": r.allocated, "held": r.held, "paid": r.paid,
         "balance": balances.get(r.area.pk, Decimal(0))}
        for r in rows
    ]  # fmt: skip


def _balances(area_ids: list[int]) -> dict[int, Decimal]:
    """``services.balance`` of many places in two queries: allocations less claims paid."""
    came = (Allocation.objects.filter(area_id__in=area_ids).values_list("area_id")
            .annotate(s=Sum("amount")).order_by())  # fmt: skip
    went = (Claim.objects.filter(area_id__in=area_ids, status=ClaimStatus.PAID)
            .values_list("area_id").annotate(s=Sum("amount")).order_by())  # fmt: skip
    out: dict[int, Decimal] = {pk: total or Decimal(0) for pk, total in came}
    for pk, total in went:
        out[pk] = out.get(pk, Decimal(0)) - (total or Decimal(0))
    return out


class FinanceAllocationOut(Schema):
    id: int
    area: str
    received_on: dt.date
    amount: Decimal
    source: str
    department: str | None = Field(..., description="the paying department's code")
    duty_item: int | None = Field(..., description="the assisting task's list item id")
    note: str


def _allocation(a: Allocation) -> dict:
    return {"id": a.pk, "area": a.area.code, "received_on": a.received_on, "amount": a.amount,
            "source": a.source, "department": a.department.code if a.department else None,
            "duty_item": a.duty_item_id, "note": a.note}  # fmt: skip


@router.get("/finance/allocations", response=list[FinanceAllocationOut], summary="Money received")
def allocation_list(request, area: str):
    qs = selectors.allocations(request.auth).filter(area=_area(request, area))
    return [_allocation(a) for a in qs[:1000]]


class FinanceAllocationIn(Schema):
    area: str = AREA
    received_on: dt.date = Field(..., examples=["2026-01-10"])
    amount: Decimal = Field(..., examples=["100000"])
    source: str = Field(..., examples=["district"])
    department: str | None = Field(None, description="the paying department's code")
    duty_item: int | None = Field(None, description="for an assisting task: its list item id")
    note: str = Field("", max_length=200)


@router.post(
    "/finance/allocations", response={201: FinanceAllocationOut}, summary="Record money received"
)
def allocation_record(request, payload: FinanceAllocationIn):
    data = payload.dict()
    data["area"] = _area(request, payload.area)
    # as on the page: a paying department is an active department's unit
    departments = OrgUnit.objects.filter(kind=UnitKind.DEPARTMENT, active=True)
    data["department"] = (
        _one(departments, "department", _("Choose an active department."),
             code=payload.department)
        if payload.department else None
    )  # fmt: skip
    data["duty_item"] = (
        _one(ListItem.objects.select_related("version", "department"), "duty_item",
             _("There is no such item on the duty lists."), pk=payload.duty_item)
        if payload.duty_item is not None else None
    )  # fmt: skip
    return Status(201, _allocation(services.allocation_record(actor=request.auth, **data)))


class FinanceReceiptOut(Schema):
    id: int
    number: str
    issuer: str
    issued_on: dt.date
    amount: Decimal
    scan: bool


class FinanceClaimOut(Schema):
    id: int
    area: str
    budget: int
    category: str
    title: str
    project: str
    payee: str
    amount: Decimal
    spent_on: dt.date
    resolution: int | None
    status: str = Field(..., description="draft, submitted, approved, refused, paid, withdrawn")
    review_note: str
    reviewed_on: dt.date | None
    paid_on: dt.date | None
    receipts: list[FinanceReceiptOut]


def _claim(c: Claim) -> dict:
    return {"id": c.pk, "area": c.area.code, "budget": c.budget_id,
            "category": c.budget.category, "title": c.title, "project": c.project,
            "payee": c.payee, "amount": c.amount, "spent_on": c.spent_on,
            "resolution": c.resolution_id, "status": c.status, "review_note": c.review_note,
            "reviewed_on": c.reviewed_on, "paid_on": c.paid_on,
            "receipts": [{"id": r.pk, "number": r.number, "issuer": r.issuer,
                          "issued_on": r.issued_on, "amount": r.amount, "scan": bool(r.scan)}
                         for r in c.receipts.all()]}  # fmt: skip


def _claim_of(request, claim_id: int) -> Claim:
    return get_object_or_404(selectors.claims(request.auth), pk=claim_id)


@router.get("/finance/claims", response=list[FinanceClaimOut], summary="Reimbursement claims")
def claim_list(request, area: str, status: str | None = None):
    qs = selectors.claims(request.auth).filter(area=_area(request, area))
    if status:
        qs = qs.filter(status=status)
    return [_claim(c) for c in qs.prefetch_related("receipts")[:1000]]


@router.get("/finance/claims/{claim_id}", response=FinanceClaimOut, summary="A claim")
def claim_detail(request, claim_id: int):
    return _claim(_claim_of(request, claim_id))


class FinanceClaimIn(Schema):
    budget: int = Field(..., description="the budget line's id", examples=[3])
    title: str = Field(..., max_length=200, examples=["楼道灯具更换"])
    project: str = Field("", max_length=100, examples=["楼道照明"])
    payee: str = Field(..., max_length=100, examples=["某五金店"])
    amount: Decimal = Field(..., examples=["3000"])
    spent_on: dt.date = Field(..., examples=["2026-03-02"])
    resolution: int | None = Field(None, description="the council resolution (community fund)")


@router.post("/finance/claims", response={201: FinanceClaimOut}, summary="Make a claim")
def claim_make(request, payload: FinanceClaimIn):
    data = payload.dict()
    data["budget"] = get_object_or_404(selectors.budgets(request.auth), pk=payload.budget)
    data["resolution"] = (
        _one(Resolution.objects.select_related("meeting"), "resolution",
             _("There is no such council resolution."), pk=payload.resolution)
        if payload.resolution is not None else None
    )  # fmt: skip
    return Status(201, _claim(services.claim_make(actor=request.auth, **data)))


class FinanceReceiptIn(Schema):
    number: str = Field(..., max_length=60, examples=["No.00012345"])
    issuer: str = Field(..., max_length=100, examples=["某五金店"])
    issued_on: dt.date = Field(..., examples=["2026-03-02"])
    amount: Decimal = Field(..., examples=["3000"])


@router.post("/finance/claims/{claim_id}/receipts", response={201: FinanceClaimOut},
             summary="Add a receipt (with its scan: PDF, JPEG or PNG)")  # fmt: skip
def receipt_add(
    request,
    claim_id: int,
    payload: Form[FinanceReceiptIn],
    # the stubs cannot see that django-ninja takes an optional upload this way
    scan: File[UploadedFile] = None,  # type: ignore[assignment]
):
    c = _claim_of(request, claim_id)
    services.receipt_add(actor=request.auth, claim=c, scan=scan, **payload.dict())
    return Status(201, _claim(_claim_of(request, claim_id)))


class FinanceReviewIn(Schema):
    approve: bool = Field(..., examples=[True])
    note: str = Field("", max_length=500, description="why, when refused")


class FinancePayIn(Schema):
    paid_on: dt.date = Field(..., examples=["2026-03-20"])


@router.post("/finance/claims/{claim_id}/submission", response=FinanceClaimOut, summary="Submit")
def claim_submit(request, claim_id: int):
    services.claim_submit(actor=request.auth, claim=_claim_of(request, claim_id))
    return _claim(_claim_of(request, claim_id))


@router.post("/finance/claims/{claim_id}/withdrawal", response=FinanceClaimOut, summary="Withdraw")
def claim_withdraw(request, claim_id: int):
    services.claim_withdraw(actor=request.auth, claim=_claim_of(request, claim_id))
    return _claim(_claim_of(request, claim_id))


@router.post("/finance/claims/{claim_id}/review", response=FinanceClaimOut,
             summary="Review (by the street or the district)")  # fmt: skip
def claim_review(request, claim_id: int, payload: FinanceReviewIn):
    services.claim_review(actor=request.auth, claim=_claim_of(request, claim_id), **payload.dict())
    return _claim(_claim_of(request, claim_id))


@router.post("/finance/claims/{claim_id}/payment", response=FinanceClaimOut,
             summary="Record the payment (by the street or the district)")  # fmt: skip
def claim_pay(request, claim_id: int, payload: FinancePayIn):
    services.claim_pay(actor=request.auth, claim=_claim_of(request, claim_id), **payload.dict())
    return _claim(_claim_of(request, claim_id))


class FinanceDutyOut(Schema):
    community: str
    item: int
    code: str
    title: str
    department: str | None
    funding_per_year: Decimal
    received: Decimal
    unfunded: bool


@router.get("/finance/duties", response=list[FinanceDutyOut], summary="Funds that follow duties")
def duty_list(request, q: Query[FinanceYearQuery]):
    """Each community's assisting tasks in force (``area``: that street's or community's)."""
    rows = selectors.duties(request.auth, q.year)
    if q.area:
        only = _area(request, q.area)
        rows = [d for d in rows if d.community.path.startswith(only.path)]
    return [
        {"community": d.community.code, "item": d.item.pk, "code": d.item.code,
         "title": d.item.title, "department": d.item.department.code if d.item.department else None,
         "funding_per_year": d.item.funding_per_year, "received": d.received,
         "unfunded": d.unfunded}
        for d in rows
    ]  # fmt: skip


class FinanceLineOut(Schema):
    label: str
    amount: Decimal
    claims: int


class FinanceStatementOut(Schema):
    area: str
    year: int
    quarter: int
    published_on: dt.date | None
    received: list[FinanceLineOut]
    by_category: list[FinanceLineOut]
    by_project: list[FinanceLineOut]


class FinancePublishIn(Schema):
    area: str = AREA
    year: int = Field(..., ge=YEAR_MIN, le=YEAR_MAX, examples=[2026])
    quarter: int = Field(..., ge=1, le=4, examples=[3])


def _statement(area: Area, year: int, quarter: int) -> dict:
    s = selectors.statement(area, year, quarter)
    lines = lambda rows: [{"label": x.label, "amount": x.amount, "claims": x.claims}  # noqa: E731
                          for x in rows]  # fmt: skip
    return {"area": area.code, "year": year, "quarter": quarter,
            "published_on": s.published.published_on if s.published else None,
            "received": lines(s.received), "by_category": lines(s.by_category),
            "by_project": lines(s.by_project)}  # fmt: skip


@router.get("/finance/statements/{code}/{year}/{quarter}", response=FinanceStatementOut,
            summary="A quarter's statement (yours, or anyone's once published)")  # fmt: skip
def statement(request, code: str, year: int, quarter: int):
    area = get_object_or_404(Area.objects.filter(level__in=(3, 4)), code=code)
    if quarter not in (1, 2, 3, 4) or not YEAR_MIN <= year <= YEAR_MAX:
        raise Http404
    made = selectors.statement(area, year, quarter)
    if made.published is None and not services.leads(request.auth, area):
        raise Http404
    return _statement(area, year, quarter)


@router.post(
    "/finance/statements", response={201: FinanceStatementOut}, summary="Publish a statement"
)
def statement_publish(request, payload: FinancePublishIn):
    area = _area(request, payload.area)
    services.statement_publish(actor=request.auth, area=area, year=payload.year,
                               quarter=payload.quarter)  # fmt: skip
    return Status(201, _statement(area, payload.year, payload.quarter))
