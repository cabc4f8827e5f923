"""Community finance's rules (DOMAIN.md §15).

- A budget line of a community (or street) is set by who leads a place above it (the street's
  or the district's leaders, administrators): the community does not fund itself. Its own
  leaders read it.
- Allocations are recorded by the community's leaders or those above: the money that came in,
  from where (for an assisting task: the paying department and the duty list's item).
- A claim (报账) is made by the community's leaders (or those above), on a budget line of the
  community for the claim's year; its receipts must add up to its amount before it is submitted.
  It is reviewed and paid by a leader of a place above the community who did not claim it.
  Approving or paying locks the budget line: approved and paid claims never add up to more than
  the line, and a payment never exceeds the account's balance (allocations less payments).
- A claim on the community fund names a passed resolution of a council of the community.
- A statement is published by the community's leaders for a quarter that has ended.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.accounts import permissions
from civicgrid.accounts.models import OrgUnit, User
from civicgrid.areas.models import Area
from civicgrid.core.checks import checked, past_day
from civicgrid.core.errors import ErrorCode, refused
from civicgrid.core.files import check_document
from civicgrid.core.money import yuan
from civicgrid.duties.models import ListItem
from civicgrid.participation.council_models import Resolution

from .choices import HOLDING, Category, ClaimStatus, Source
from .models import Allocation, Budget, Claim, Receipt, Statement


def leads(user: User, area: Area) -> bool:
    return permissions.can_lead(user, area)


def leads_above(user: User, area: Area) -> bool:
    """Leads a place above ``area`` (its street, the district): who funds it and reviews it."""
    return area.parent is not None and permissions.can_lead(user, area.parent)


def _place(area: Area | None, field: str = "area") -> Area:
    if area is None or area.level not in (3, 4):
        raise refused(_("Choose a street or a community."), field, ErrorCode.REQUIRED)
    return area


def _year(value, field: str = "year") -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        raise refused(_("Give the year."), field, ErrorCode.REQUIRED) from None
    if not 2000 <= year <= 2100:
        raise refused(_("Give the year."), field)
    return year


@transaction.atomic
def budget_set(
    *, actor: User, area: Area | None, year, category: str, amount, source: str, note: str = ""
) -> Budget:
    """Set (or change) an area's budget line for a year and category. A line is never set below
    what its approved and paid claims hold."""
    area = _place(area)
    if not leads_above(actor, area):
        raise refused(_("Budgets are set by the street or the district."), "area",
                      ErrorCode.FORBIDDEN)  # fmt: skip
    year = _year(year)
    if category not in Category.values:
        raise refused(_("Choose the category."), "category", ErrorCode.REQUIRED)
    if source not in Source.values:
        raise refused(_("Say where the money comes from."), "source", ErrorCode.REQUIRED)
    amount = yuan(amount, "amount", positive=True)
    line = Budget.objects.select_for_update().filter(area=area, year=year, category=category)
    entry = line.first() or Budget(area=area, year=year, category=category)
    held = held_on(entry) if entry.pk else Decimal(0)
    if amount < held:
        raise refused(
            _("Claims approved on this line already hold %(held)s yuan.") % {"held": held},
            "amount",
        )
    entry.amount, entry.source, entry.note, entry.set_by = amount, source, note.strip(), actor
    checked(entry)
    entry.save()
    return entry


def held_on(line: Budget) -> Decimal:
    """What approved and paid claims hold on a budget line."""
    total = line.claims.filter(status__in=HOLDING).aggregate(s=Sum("amount"))["s"]
    return total or Decimal(0)


def balance(area: Area) -> Decimal:
    """The account's balance: allocations received less claims paid."""
    came = Allocation.objects.filter(area=area).aggregate(s=Sum("amount"))["s"] or Decimal(0)
    went = Claim.objects.filter(area=area, status=ClaimStatus.PAID).aggregate(s=Sum("amount"))
    return came - (went["s"] or Decimal(0))


@transaction.atomic
def allocation_record(
    *, actor: User, area: Area | None, received_on: dt.date | None, amount, source: str,
    department: OrgUnit | None = None, duty_item: ListItem | None = None, note: str = "",
) -> Allocation:  # fmt: skip
    area = _place(area)
    if not leads(actor, area):
        raise refused(_("You do not keep this account."), "area", ErrorCode.FORBIDDEN)
    if source not in Source.values:
        raise refused(_("Say where the money comes from."), "source", ErrorCode.REQUIRED)
    if duty_item is not None:
        if duty_item.version.list_type != "assisting":
            raise refused(_("Choose an item of the assisting tasks' list."), "duty_item")
        department = department or duty_item.department
        source = Source.DEPARTMENT
    if source == Source.DEPARTMENT and department is None:
        raise refused(_("Name the paying department."), "department", ErrorCode.REQUIRED)
    entry = Allocation(
        area=area, received_on=past_day(received_on, "received_on"),
        amount=yuan(amount, "amount", positive=True), source=source, department=department,
        duty_item=duty_item, note=note.strip(), recorded_by=actor,
    )  # fmt: skip
    checked(entry)
    entry.save()
    return entry


@transaction.atomic
def claim_make(
    *, actor: User, budget: Budget | None, title: str, payee: str, amount,
    spent_on: dt.date | None, project: str = "", resolution: Resolution | None = None,
) -> Claim:  # fmt: skip
    if budget is None:
        raise refused(_("Choose the budget line."), "budget", ErrorCode.REQUIRED)
    area = budget.area
    if not leads(actor, area):
        raise refused(_("You do not keep this account."), "budget", ErrorCode.FORBIDDEN)
    spent_on = past_day(spent_on, "spent_on")
    if spent_on.year != budget.year:
        raise refused(_("The spending falls outside the budget line's year."), "spent_on")
    if not title.strip():
        raise refused(_("Say what the money was for."), "title", ErrorCode.REQUIRED)
    if not payee.strip():
        raise refused(_("Say who was paid."), "payee", ErrorCode.REQUIRED)
    if budget.category == Category.FUND:
        _resolution_holds(resolution, area)
    entry = Claim(
        area=area, budget=budget, title=title.strip(), payee=payee.strip(),
        amount=yuan(amount, "amount", positive=True), spent_on=spent_on,
        project=project.strip(), resolution=resolution, claimed_by=actor,
    )  # fmt: skip
    checked(entry)
    entry.save()
    return entry


def _resolution_holds(resolution: Resolution | None, area: Area) -> None:
    """A community-fund payment needs a passed resolution of a council of its community."""
    if resolution is None:
        raise refused(
            _("A payment from the community fund needs the council's resolution."),
            "resolution", ErrorCode.REQUIRED,
        )  # fmt: skip
    meeting = resolution.meeting
    if not resolution.passed:
        raise refused(_("This resolution did not pass."), "resolution")
    if meeting.area_id != area.pk:
        raise refused(_("This resolution is another community's."), "resolution")


def _locked(claim: Claim) -> Claim:
    qs = Claim.objects.select_for_update(of=("self",)).select_related("area", "budget")
    return qs.get(pk=claim.pk)


@transaction.atomic
def receipt_add(
    *, actor: User, claim: Claim, number: str, issuer: str, issued_on: dt.date | None, amount,
    scan: UploadedFile | None = None,
) -> Receipt:  # fmt: skip
    claim = _locked(claim)
    if not leads(actor, claim.area):
        raise refused(_("You do not keep this account."), "claim", ErrorCode.FORBIDDEN)
    if claim.status != ClaimStatus.DRAFT:
        raise refused(_("Receipts are added before the claim is submitted."), "claim",
                      ErrorCode.CLOSED)  # fmt: skip
    if not number.strip():
        raise refused(_("Give the receipt's number."), "number", ErrorCode.REQUIRED)
    if not issuer.strip():
        raise refused(_("Say who issued the receipt."), "issuer", ErrorCode.REQUIRED)
    if scan is not None:
        check_document(scan, "scan")
    entry = Receipt(claim=claim, number=number.strip(), issuer=issuer.strip(),
                    issued_on=past_day(issued_on, "issued_on"),
                    amount=yuan(amount, "amount", positive=True))  # fmt: skip
    if scan is not None:
        entry.scan = scan
    checked(entry)
    entry.save()
    return entry


def receipts_total(claim: Claim) -> Decimal:
    return claim.receipts.aggregate(s=Sum("amount"))["s"] or Decimal(0)


@transaction.atomic
def claim_submit(*, actor: User, claim: Claim) -> Claim:
    claim = _locked(claim)
    if not leads(actor, claim.area):
        raise refused(_("You do not keep this account."), "claim", ErrorCode.FORBIDDEN)
    if claim.status != ClaimStatus.DRAFT:
        raise refused(_("This claim is submitted already."), "claim", ErrorCode.CLOSED)
    total = receipts_total(claim)
    if total != claim.amount:
        raise refused(
            _("The receipts add up to %(total)s yuan, not the %(amount)s claimed.")
            % {"total": total, "amount": claim.amount},
            "receipts",
        )
    claim.status = ClaimStatus.SUBMITTED
    claim.save(update_fields=["status", "updated_at"])
    return claim


@transaction.atomic
def claim_withdraw(*, actor: User, claim: Claim) -> Claim:
    claim = _locked(claim)
    if not leads(actor, claim.area):
        raise refused(_("You do not keep this account."), "claim", ErrorCode.FORBIDDEN)
    if claim.status not in (ClaimStatus.DRAFT, ClaimStatus.SUBMITTED):
        raise refused(_("A reviewed claim is not withdrawn."), "claim", ErrorCode.CLOSED)
    claim.status = ClaimStatus.WITHDRAWN
    claim.save(update_fields=["status", "updated_at"])
    return claim


def _reviewer(actor: User, claim: Claim) -> None:
    if not leads_above(actor, claim.area):
        raise refused(_("Claims are reviewed and paid by the street or the district."), "claim",
                      ErrorCode.FORBIDDEN)  # fmt: skip
    if claim.claimed_by_id == actor.pk:
        raise refused(_("Nobody reviews or pays their own claim."), "claim", ErrorCode.FORBIDDEN)


def _line_holds(claim: Claim) -> None:
    """The budget line (locked) still has room for the claim."""
    line = Budget.objects.select_for_update().get(pk=claim.budget_id)
    room = line.amount - held_on(line) + (claim.amount if claim.status in HOLDING else 0)
    if claim.amount > room:
        raise refused(
            _("The budget line has %(room)s yuan left: the claim is for %(amount)s.")
            % {"room": room, "amount": claim.amount},
            "budget",
        )


@transaction.atomic
def claim_review(*, actor: User, claim: Claim, approve: bool, note: str = "") -> Claim:
    claim = _locked(claim)
    _reviewer(actor, claim)
    if claim.status != ClaimStatus.SUBMITTED:
        raise refused(_("Only a submitted claim is reviewed."), "claim", ErrorCode.CLOSED)
    if not approve and not note.strip():
        raise refused(_("Say why the claim is refused."), "note", ErrorCode.REQUIRED)
    if approve:
        _line_holds(claim)
    claim.status = ClaimStatus.APPROVED if approve else ClaimStatus.REFUSED
    claim.reviewed_by, claim.reviewed_on = actor, timezone.localdate()
    claim.review_note = note.strip()[:500]
    claim.save(update_fields=["status", "reviewed_by", "reviewed_on", "review_note",
                              "updated_at"])  # fmt: skip
    return claim


@transaction.atomic
def claim_pay(*, actor: User, claim: Claim, paid_on: dt.date | None) -> Claim:
    claim = _locked(claim)
    _reviewer(actor, claim)
    if claim.status != ClaimStatus.APPROVED:
        raise refused(_("Only an approved claim is paid."), "claim", ErrorCode.CLOSED)
    paid_on = past_day(paid_on, "paid_on")
    _line_holds(claim)
    # one payment from an account at a time: its budget lines' rows are the account's lock
    list(Budget.objects.select_for_update().filter(area=claim.area).values_list("pk"))
    held = balance(claim.area)
    if claim.amount > held:
        raise refused(
            _("The account holds %(balance)s yuan: not enough to pay %(amount)s.")
            % {"balance": held, "amount": claim.amount},
            "claim", ErrorCode.CONFLICT,
        )  # fmt: skip
    claim.status, claim.paid_on, claim.paid_by = ClaimStatus.PAID, paid_on, actor
    claim.save(update_fields=["status", "paid_on", "paid_by", "updated_at"])
    return claim


def quarter_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    first = dt.date(year, 3 * quarter - 2, 1)
    nxt = dt.date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1)
    return first, nxt - dt.timedelta(days=1)


@transaction.atomic
def statement_publish(*, actor: User, area: Area | None, year, quarter) -> Statement:
    area = _place(area)
    if not leads(actor, area):
        raise refused(_("You do not keep this account."), "area", ErrorCode.FORBIDDEN)
    year = _year(year)
    if quarter not in (1, 2, 3, 4):
        raise refused(_("Choose the quarter."), "quarter", ErrorCode.REQUIRED)
    if quarter_bounds(year, quarter)[1] >= timezone.localdate():
        raise refused(_("A statement is published once its quarter has ended."), "quarter")
    entry, _created = Statement.objects.get_or_create(
        area=area, year=year, quarter=quarter,
        defaults={"published_on": timezone.localdate(), "published_by": actor},
    )  # fmt: skip
    return entry
