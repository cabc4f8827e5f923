"""The community finance pages, for the leaders of streets and communities (``selectors``): the
overview of a year's budgets against the floors (with the form to set a line, for who funds the
place), an account (its lines, its ledger and balance, its claims; record money received, make a
claim, publish a statement), a claim (its receipts; submit, withdraw, review, pay), funds that
follow duties, and a quarter's statement — public once published. In scope or 404; a refused
form comes back as typed with the field marked."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from civicgrid.accounts.choices import UnitKind
from civicgrid.accounts.models import OrgUnit, User
from civicgrid.areas.models import Area
from civicgrid.core.files import stored_file
from civicgrid.core.forms import Action, kept_or, run_action, year_asked
from civicgrid.duties.models import ListItem
from civicgrid.participation.council_models import Resolution

from . import forms as ff
from . import selectors, services
from .choices import ClaimStatus
from .models import Receipt

ZERO = Decimal(0)


def _gate(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    if not selectors.sees_finance(user):
        raise Http404
    return user


def may_open(user: User) -> bool:
    return selectors.sees_finance(user)


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    user = _gate(request)
    year = year_asked(request)
    funded = [a for a in selectors.places(user) if services.leads_above(user, a)]
    limits = {"budget": {"areas": Area.objects.filter(pk__in=[a.pk for a in funded])}}
    posted = None
    if request.method == "POST" and funded:
        posted = run_action(request, {"budget": (ff.BudgetForm, lambda u, _s, d:
                                                 services.budget_set(actor=u, **d))},
                            None, limits)  # fmt: skip
        if posted.done is not None:
            return redirect(f"{request.path}?year={posted.done.year}")
    rows = selectors.overview(user, year)
    floor, party_floor = selectors.floors()
    return render(request, "finance/overview.html", {
        "year": year, "rows": rows, "floor": floor, "party_floor": party_floor,
        "below": sum(r.below_floor or r.party_below_floor for r in rows),
        "form": kept_or(posted, "budget", lambda: ff.BudgetForm(
            initial={"year": year, "source": "district"}, auto_id="budget_%s", **limits["budget"]))
        if funded else None,
    })  # fmt: skip


def _place(user: User, code: str) -> Area:
    area = next((a for a in selectors.places(user) if a.code == code), None)
    if area is None:
        raise Http404
    return area


ACCOUNT_ACTIONS: dict[str, Action] = {
    "allocation": (ff.AllocationForm, lambda u, area, d: services.allocation_record(
        actor=u, area=area, **d)),
    "claim": (ff.ClaimForm, lambda u, _area, d: services.claim_make(actor=u, **d)),
    "statement": (ff.StatementForm, lambda u, area, d: services.statement_publish(
        actor=u, area=area, **d)),
}  # fmt: skip


@login_required
def account(request: HttpRequest, code: str) -> HttpResponse:
    user = _gate(request)
    area = _place(user, code)
    year = year_asked(request)
    lines = selectors.budgets(user).filter(area=area, year=year)
    limits: dict[str, dict[str, Any]] = {
        "allocation": {
            "departments": OrgUnit.objects.filter(kind=UnitKind.DEPARTMENT, active=True),
            "items": ListItem.objects.filter(version__list_type="assisting").select_related(
                "version"),
        },
        "claim": {
            "budgets": selectors.budgets(user).filter(area=area),
            "resolutions": Resolution.objects.filter(meeting__area=area, passed=True),
        },
    }  # fmt: skip
    keeps = services.leads(user, area)
    posted = None
    if request.method == "POST" and keeps:
        posted = run_action(request, ACCOUNT_ACTIONS, area, limits)
        if posted.done is not None:
            if posted.action == "claim":
                return redirect("finance:claim", posted.done.pk)
            return redirect(f"{request.path}?year={year}")
    today = timezone.localdate()
    forms_: dict[str, Any] = {}
    if keeps:
        forms_ = {
            "allocation_form": kept_or(posted, "allocation", lambda: ff.AllocationForm(
                initial={"received_on": today, "source": "district"}, auto_id="allocation_%s",
                **limits["allocation"])),
            "claim_form": kept_or(posted, "claim", lambda: ff.ClaimForm(
                initial={"spent_on": today}, auto_id="claim_%s", **limits["claim"])),
            "statement_form": kept_or(posted, "statement", lambda: ff.StatementForm(
                initial={"year": today.year}, auto_id="statement_%s")),
        }  # fmt: skip
    return render(request, "finance/account.html", {
        "area": area, "year": year,
        "lines": [(line, services.held_on(line)) for line in lines],
        "ledger": _ledger(user, area),
        "balance": services.balance(area),
        "claims": selectors.claims(user).filter(area=area)[:200],
        "statements": selectors.published(area),
        **forms_,
    })  # fmt: skip


def _ledger(user: User, area: Area) -> list[dict[str, Any]]:
    """Money in (allocations) and out (claims paid), oldest first, with the running balance;
    the page shows the latest hundred."""
    moves: list[dict[str, Any]] = [
        {"day": a.received_on, "text": a.get_source_display(), "note": a.note, "amount": a.amount}
        for a in selectors.allocations(user).filter(area=area)
    ]
    moves += [{"day": c.paid_on, "text": c.title, "note": c.project, "amount": -c.amount,
               "claim": c.pk}
              for c in selectors.claims(user).filter(area=area, status=ClaimStatus.PAID)]  # fmt: skip
    moves.sort(key=lambda m: (m["day"], m["amount"] < 0))
    running = ZERO
    for m in moves:
        running += m["amount"]
        m["balance"] = running
    return moves[::-1][:100]


CLAIM_ACTIONS: dict[str, Action] = {
    "receipt": (ff.ReceiptForm, lambda u, c, d: services.receipt_add(actor=u, claim=c, **d)),
    "submit": (ff.EmptyForm, lambda u, c, d: services.claim_submit(actor=u, claim=c)),
    "withdraw": (ff.EmptyForm, lambda u, c, d: services.claim_withdraw(actor=u, claim=c)),
    "review": (ff.ReviewForm, lambda u, c, d: services.claim_review(actor=u, claim=c, **d)),
    "pay": (ff.PayForm, lambda u, c, d: services.claim_pay(actor=u, claim=c, **d)),
}


@login_required
def claim(request: HttpRequest, pk: int) -> HttpResponse:
    user = _gate(request)
    entry = get_object_or_404(selectors.claims(user), pk=pk)
    posted = None
    if request.method == "POST":
        posted = run_action(request, CLAIM_ACTIONS, entry, {})
        if posted.done is not None:
            return redirect("finance:claim", entry.pk)
    keeps = services.leads(user, entry.area)
    reviews = services.leads_above(user, entry.area) and entry.claimed_by_id != user.pk
    today = timezone.localdate()
    draft = entry.status == ClaimStatus.DRAFT
    return render(request, "finance/claim.html", {
        "c": entry, "receipts": entry.receipts.all(),
        "receipts_total": services.receipts_total(entry),
        "receipt_form": kept_or(posted, "receipt", lambda: ff.ReceiptForm(
            initial={"issued_on": entry.spent_on}, auto_id="receipt_%s"))
        if keeps and draft else None,
        "may_submit": keeps and draft,
        "may_withdraw": keeps and entry.status in (ClaimStatus.DRAFT, ClaimStatus.SUBMITTED),
        "review_form": kept_or(posted, "review", lambda: ff.ReviewForm(auto_id="review_%s"))
        if reviews and entry.status == ClaimStatus.SUBMITTED else None,
        "pay_form": kept_or(posted, "pay", lambda: ff.PayForm(
            initial={"paid_on": today}, auto_id="pay_%s"))
        if reviews and entry.status == ClaimStatus.APPROVED else None,
    })  # fmt: skip


@login_required
def receipt_scan(request: HttpRequest, pk: int) -> FileResponse:
    user = _gate(request)
    receipt = get_object_or_404(Receipt.objects.filter(claim__in=selectors.claims(user)), pk=pk)
    if not receipt.scan:
        raise Http404
    name = receipt.scan.name.lower()
    kind = ("application/pdf" if name.endswith(".pdf")
            else "image/png" if name.endswith(".png") else "image/jpeg")  # fmt: skip
    return stored_file(receipt.scan, kind, cache="private, no-store")


@login_required
def duties(request: HttpRequest) -> HttpResponse:
    user = _gate(request)
    year = year_asked(request)
    rows = selectors.duties(user, year)
    return render(request, "finance/duties.html", {
        "year": year, "rows": rows, "unfunded": [r for r in rows if r.unfunded],
    })  # fmt: skip


def statement(request: HttpRequest, code: str, year: int, quarter: int) -> HttpResponse:
    """A quarter's statement: for everyone once published, else for who leads the place."""
    area = get_object_or_404(Area.objects.filter(level__in=(3, 4)), code=code)
    if quarter not in (1, 2, 3, 4) or not 2000 <= year <= 2100:
        raise Http404
    made = selectors.statement(area, year, quarter)
    user = request.user
    if made.published is None and not (
        isinstance(user, User) and user.is_authenticated and services.leads(user, area)
    ):
        raise Http404
    return render(request, "finance/statement.html", {"s": made})
