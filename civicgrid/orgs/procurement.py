"""Service procurement by open tender (政府购买服务): call → bids → scored evaluation → award →
contract → deliverables → evaluation.

Scoring arithmetic. A tender's criteria carry weights adding up to 100. Each panel member first
declares their interests: the bids they may not score (a member who works for a bidding
organisation may never score its bid, declared or not). Then each member scores every bid they
are free to score on every criterion, 0–100. A bid's mark on a criterion is the mean of the
points its free members gave; its total is the sum over the criteria of weight × mark / 100,
rounded to 0.01 — so a total is out of 100. The award goes to the highest total; equal totals go
to the lower price, then to the earlier bid. Every score stays on the record.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.accounts import permissions
from civicgrid.core.errors import DomainError
from civicgrid.core.files import check_document

from .models import Bid, Contract, Declaration, Deliverable, Organisation, Score, Tender
from .services import money, works_for

CENT = Decimal("0.01")


def _leads(actor, tender: Tender) -> None:
    if not permissions.can_lead(actor, tender.area):
        raise DomainError(_("Only the buyer's leaders run the tender."), code="forbidden",
                          field="tender")  # fmt: skip


def _criteria(criteria) -> list[dict]:
    if not isinstance(criteria, list) or not 1 <= len(criteria) <= 12:
        raise DomainError(_("Give one to twelve criteria."), code="invalid", field="criteria")
    out = []
    for n, c in enumerate(criteria):
        name = str((c or {}).get("name", "")).strip() if isinstance(c, dict) else ""
        try:
            weight = Decimal(str(c.get("weight")))
        except (ArithmeticError, ValueError, AttributeError):
            weight = Decimal(0)
        if not name or not weight.is_finite() or weight <= 0:
            raise DomainError(_("Each criterion has a name and a weight above zero."),
                              code="invalid", field=f"criteria.{n}")  # fmt: skip
        out.append({"name": name[:100], "weight": str(weight)})
    if sum(Decimal(c["weight"]) for c in out) != 100:
        raise DomainError(_("The weights add up to 100."), code="invalid", field="criteria")
    return out


@transaction.atomic
def tender_open(*, actor, buyer, area, title: str, needs: str, budget, criteria, deadline,
                panel: list, now: dt.datetime | None = None) -> Tender:  # fmt: skip
    now = now or timezone.now()
    if area is None or not permissions.can_lead(actor, area):
        raise DomainError(_("You do not buy services here."), code="forbidden", field="area")
    if buyer is None or not area.path.startswith(buyer.area.path):
        raise DomainError(_("Choose the buying unit."), code="required", field="buyer")
    for name, value in (("title", title), ("needs", needs)):
        if not (value or "").strip():
            raise DomainError(_("Required."), code="required", field=name)
    if deadline is None or deadline <= now:
        raise DomainError(_("The deadline is in the future."), code="invalid", field="deadline")
    members = list({u.pk: u for u in panel}.values())
    if len(members) < 3:
        raise DomainError(_("A panel has at least three members."), code="invalid", field="panel")
    tender = Tender.objects.create(
        buyer=buyer, area=area, title=title.strip()[:200], needs=needs.strip(),
        budget=money(budget, "budget"), criteria=_criteria(criteria), deadline=deadline,
        created_by=actor,
    )  # fmt: skip
    tender.panel.set(members)
    return tender


def bid(*, actor, tender: Tender, organisation: Organisation, amount, proposal: str, document,
        now: dt.datetime | None = None) -> Bid:  # fmt: skip
    """An organisation's bid (its people submit it); a second one before the deadline replaces
    the first."""
    now = now or timezone.now()
    if not works_for(actor, organisation):
        raise DomainError(_("You bid for your own organisation only."), code="forbidden",
                          field="organisation")  # fmt: skip
    if tender.status != Tender.Status.OPEN or now >= tender.deadline:
        raise DomainError(_("Bids are closed."), code="closed", field="tender")
    amount = money(amount, "amount")
    if amount > tender.budget:
        raise DomainError(_("Above the budget of %(budget)s yuan.") % {"budget": tender.budget},
                          code="invalid", field="amount")  # fmt: skip
    if not (proposal or "").strip():
        raise DomainError(_("Required."), code="required", field="proposal")
    if document is None:
        raise DomainError(_("Attach the bid document."), code="required", field="document")
    check_document(document, "document")
    with transaction.atomic():
        existing = Bid.objects.select_for_update().filter(tender=tender, organisation=organisation)
        found = existing.first()
        if found is not None:
            found.amount, found.proposal, found.document = amount, proposal.strip(), document
            found.submitted_by = actor
            found.save()
            return found
        try:
            with transaction.atomic():
                return Bid.objects.create(
                    tender=tender, organisation=organisation, amount=amount,
                    proposal=proposal.strip(), document=document, submitted_by=actor,
                )  # fmt: skip
        except IntegrityError:
            raise DomainError(_("Submitted twice at once: try again."), code="conflict",
                              field="tender") from None  # fmt: skip


def _panel(actor, tender: Tender, now) -> None:
    if not tender.panel.filter(pk=actor.pk).exists():
        raise DomainError(_("You are not on this panel."), code="forbidden", field="tender")
    if tender.status != Tender.Status.OPEN:
        raise DomainError(_("The tender is decided."), code="closed", field="tender")
    if now < tender.deadline:
        raise DomainError(_("Bids are still coming in."), code="closed", field="tender")


def declare(*, actor, tender: Tender, conflicts: list, note: str = "", now=None) -> Declaration:
    """A member's declaration of interests, before they score (changeable until then)."""
    _panel(actor, tender, now or timezone.now())
    if Score.objects.filter(bid__tender=tender, member=actor).exists():
        raise DomainError(_("You have started scoring: the declaration stands."),
                          code="decided", field="conflicts")  # fmt: skip
    bids = list(Bid.objects.filter(tender=tender, pk__in=[b.pk for b in conflicts]))
    if conflicts and not (note or "").strip():
        raise DomainError(_("Say what the interest is."), code="required", field="note")
    declaration, _created = Declaration.objects.update_or_create(
        tender=tender, member=actor, defaults={"note": (note or "").strip()[:300]}
    )
    declaration.conflicts.set(bids)
    return declaration


def panel_of(tender: Tender) -> tuple[list, dict]:
    """(the panel's members, each declared member's id → the bids they declared a conflict
    with), read once for every bid of the tender."""
    declared = {
        d.member_id: {b.pk for b in d.conflicts.all()}
        for d in tender.declarations.prefetch_related("conflicts")
    }
    return list(tender.panel.all()), declared


def free_members(tender: Tender, bid_: Bid, panel: tuple | None = None) -> list:
    """The panel members free to score ``bid_``: declared, no conflict declared, not working for
    the bidder. ``panel`` is ``panel_of(tender)`` when the caller has read it already."""
    members, declared = panel or panel_of(tender)
    return [
        m
        for m in members
        if m.pk in declared
        and bid_.pk not in declared[m.pk]
        and not works_for(m, bid_.organisation)
    ]


@transaction.atomic
def score(*, actor, bid_: Bid, criterion: int, points, now=None) -> Score:
    tender = bid_.tender
    _panel(actor, tender, now or timezone.now())
    if not tender.declarations.filter(member=actor).exists():
        raise DomainError(_("Declare your interests first."), code="required", field="conflicts")
    if actor.pk not in {m.pk for m in free_members(tender, bid_)}:
        raise DomainError(_("You may not score this bid (a conflict of interest)."),
                          code="conflict_of_interest", field="bid")  # fmt: skip
    if not 0 <= int(criterion) < len(tender.criteria):
        raise DomainError(_("Unknown criterion."), code="invalid", field="criterion")
    try:
        value = Decimal(str(points))
    except ArithmeticError:
        value = Decimal(-1)
    if not value.is_finite() or not 0 <= value <= 100:
        raise DomainError(_("Between 0 and 100."), code="invalid", field="points")
    found, _created = Score.objects.update_or_create(
        bid=bid_, member=actor, criterion=int(criterion), defaults={"points": value}
    )
    return found


@dataclass
class Standing:
    bid: Bid
    marks: list = field(default_factory=list)  # per criterion: mean of the free members' points
    total: Decimal | None = None
    missing: int = 0  # scores still to come
    rank: int | None = None


def standings(tender: Tender) -> list[Standing]:
    """Every bid's marks and total, ranked (see the module's note for the arithmetic)."""
    criteria = tender.criteria
    scores: dict = {}
    for s in Score.objects.filter(bid__tender=tender):
        scores[(s.bid_id, s.member_id, s.criterion)] = s.points
    out = []
    panel = panel_of(tender)
    for b in tender.bids.select_related("organisation__unit").order_by("id"):
        free = free_members(tender, b, panel)
        row = Standing(bid=b)
        total = Decimal(0)
        for n, c in enumerate(criteria):
            given = [scores[(b.pk, m.pk, n)] for m in free if (b.pk, m.pk, n) in scores]
            row.missing += len(free) - len(given)
            mark = sum(given, Decimal(0)) / len(given) if given else None
            row.marks.append(mark.quantize(CENT, ROUND_HALF_UP) if mark is not None else None)
            total += Decimal(c["weight"]) * (mark or 0) / 100
        row.total = total.quantize(CENT, ROUND_HALF_UP) if free and not row.missing else None
        if not free:
            row.missing = -1  # nobody may score it
        out.append(row)
    ranked = sorted(
        (r for r in out if r.total is not None), key=lambda r: (-r.total, r.bid.amount, r.bid.pk)
    )
    for n, row in enumerate(ranked, start=1):
        row.rank = n
    return sorted(out, key=lambda r: (r.rank is None, r.rank or 0, r.bid.pk))


@transaction.atomic
def award(*, actor, tender: Tender, now=None) -> Tender:
    now = now or timezone.now()
    _leads(actor, tender)
    tender = Tender.objects.select_for_update().get(pk=tender.pk)
    if tender.status != Tender.Status.OPEN:
        raise DomainError(_("The tender is decided."), code="closed", field="tender")
    if now < tender.deadline:
        raise DomainError(_("Bids are still coming in."), code="closed", field="tender")
    rows = standings(tender)
    if not rows:
        raise DomainError(_("No bid came in: cancel the tender."), code="invalid", field="tender")
    undeclared = tender.panel.exclude(pk__in=tender.declarations.values("member"))
    if undeclared.exists():
        raise DomainError(_("Every panel member declares their interests first."),
                          code="pending", field="panel")  # fmt: skip
    for row in rows:
        if row.missing:
            raise DomainError(
                _("The bid of %(org)s is not fully scored.") % {"org": row.bid.organisation},
                code="pending",
                field="scores",
            )
    tender.winner = rows[0].bid
    tender.status = Tender.Status.AWARDED
    tender.awarded_at = now
    tender.save(update_fields=["winner", "status", "awarded_at", "updated_at"])
    return tender


def cancel(*, actor, tender: Tender) -> Tender:
    _leads(actor, tender)
    if tender.status != Tender.Status.OPEN:
        raise DomainError(_("The tender is decided."), code="closed", field="tender")
    tender.status = Tender.Status.CANCELLED
    tender.save(update_fields=["status", "updated_at"])
    return tender


def contract_sign(*, actor, tender: Tender, signed_on: dt.date, starts_on: dt.date,
                  ends_on: dt.date) -> Contract:  # fmt: skip
    _leads(actor, tender)
    if tender.status != Tender.Status.AWARDED:
        raise DomainError(_("Award the tender first."), code="closed", field="tender")
    if hasattr(tender, "contract"):
        raise DomainError(_("The contract is signed."), code="duplicate", field="tender")
    if ends_on < starts_on:
        raise DomainError(_("Ends before it starts."), code="invalid", field="ends_on")
    return Contract.objects.create(
        tender=tender, bid=tender.winner, signed_on=signed_on, amount=tender.winner.amount,
        starts_on=starts_on, ends_on=ends_on,
    )  # fmt: skip


def deliverable_add(*, actor, contract: Contract, title: str, due_on: dt.date) -> Deliverable:
    _leads(actor, contract.tender)
    if not (title or "").strip():
        raise DomainError(_("Required."), code="required", field="title")
    return Deliverable.objects.create(contract=contract, title=title.strip()[:200], due_on=due_on)


def deliver(*, actor, deliverable: Deliverable, report: str, document=None) -> Deliverable:
    """The organisation reports a deliverable done, with its report (and a document)."""
    if not works_for(actor, deliverable.contract.bid.organisation):
        raise DomainError(_("The contracted organisation reports."), code="forbidden",
                          field="deliverable")  # fmt: skip
    if not (report or "").strip():
        raise DomainError(_("Write the report."), code="required", field="report")
    if document is not None:
        check_document(document, "document")
        deliverable.document = document
    deliverable.report = report.strip()
    deliverable.delivered_on = timezone.localdate()
    deliverable.save()
    return deliverable


def evaluate(*, actor, contract: Contract, points, note: str) -> Contract:
    """The buyer's evaluation of the service, which joins the organisation's record."""
    _leads(actor, contract.tender)
    if not str(points).isdigit() or not 0 <= int(points) <= 100:
        raise DomainError(_("Between 0 and 100."), code="invalid", field="points")
    if not (note or "").strip():
        raise DomainError(_("Give the reasons."), code="required", field="note")
    contract.evaluation, contract.evaluation_note = int(points), note.strip()
    contract.evaluated_by = actor
    contract.save(update_fields=["evaluation", "evaluation_note", "evaluated_by", "updated_at"])
    return contract
