"""Service procurement by open tender (政府购买服务): call → bids → declarations of interest and
scores → award or cancellation. The contract that follows an award is ``orgs/contracts.py``; the
scoring arithmetic and the standings are ``orgs/selectors.py``.

The award and the cancellation change the tender's state: they go through the one writer
(``orgs/workflow.py``), which locks the tender, so that of two decisions taken at once exactly
one stands.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal

from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.accounts import permissions
from civicgrid.accounts.models import OrgUnit, User
from civicgrid.areas.models import Area
from civicgrid.core.checks import checked
from civicgrid.core.errors import DomainError, ErrorCode
from civicgrid.core.files import check_document
from civicgrid.core.money import yuan

from . import workflow
from .choices import TenderAction
from .errors import OrgsError
from .models import Bid, Declaration, Organisation, Score, Tender
from .selectors import free_members, tender_standings

CRITERION_NAME = 100  # characters of a criterion's name


def must_lead(actor: User, tender: Tender) -> None:
    """Only the leaders of the tender's area run it for the buyer."""
    if not permissions.can_lead(actor, tender.area):
        raise DomainError(_("Only the buyer's leaders run the tender."), code=ErrorCode.FORBIDDEN,
                          field="tender")  # fmt: skip


def _criteria(criteria: Sequence[Mapping[str, object]]) -> list[dict[str, str]]:
    if not 1 <= len(criteria) <= 12:
        raise DomainError(
            _("Give one to twelve criteria."), code=ErrorCode.INVALID, field="criteria"
        )
    out = []
    for n, c in enumerate(criteria):
        name = str(c.get("name") or "").strip()
        try:
            weight = Decimal(str(c.get("weight")))
        except ArithmeticError:
            weight = Decimal(0)
        if not name or not weight.is_finite() or weight <= 0:
            raise DomainError(_("Each criterion has a name and a weight above zero."),
                              code=ErrorCode.INVALID, field=f"criteria.{n}")  # fmt: skip
        if len(name) > CRITERION_NAME:
            raise DomainError(
                _("A criterion's name has at most %(n)s characters.") % {"n": CRITERION_NAME},
                code=ErrorCode.TOO_LONG,
                field=f"criteria.{n}",
            )
        out.append({"name": name, "weight": str(weight)})
    if sum(Decimal(c["weight"]) for c in out) != 100:
        raise DomainError(_("The weights add up to 100."), code=ErrorCode.INVALID, field="criteria")
    return out


@transaction.atomic
def tender_open(
    *,
    actor: User,
    buyer: OrgUnit | None,
    area: Area | None,
    title: str,
    needs: str,
    budget: Decimal,
    criteria: Sequence[Mapping[str, object]],
    deadline: dt.datetime | None,
    panel: Sequence[User],
    now: dt.datetime | None = None,
) -> Tender:
    """Call for bids: what is needed, the budget, the weighted criteria, the deadline and a
    panel of at least three."""
    now = now or timezone.now()
    if area is None or not permissions.can_lead(actor, area):
        raise DomainError(
            _("You do not buy services here."), code=ErrorCode.FORBIDDEN, field="area"
        )
    if buyer is None or not area.path.startswith(buyer.area.path):
        raise DomainError(_("Choose the buying unit."), code=ErrorCode.REQUIRED, field="buyer")
    if deadline is None or deadline <= now:
        raise DomainError(
            _("The deadline is in the future."), code=ErrorCode.INVALID, field="deadline"
        )
    members = list({u.pk: u for u in panel}.values())
    if len(members) < 3:
        raise DomainError(
            _("A panel has at least three members."), code=ErrorCode.INVALID, field="panel"
        )
    tender = Tender(
        buyer=buyer, area=area, title=title.strip(), needs=needs.strip(),
        budget=yuan(budget, "budget", positive=True), criteria=_criteria(criteria),
        deadline=deadline, created_by=actor,
    )  # fmt: skip
    checked(tender, unique=True)
    tender.save()
    tender.panel.set(members)
    workflow.tender_opened(tender=tender, actor=actor, at=now)
    return tender


def bid_submit(
    *,
    actor: User,
    tender: Tender,
    organisation: Organisation,
    amount: Decimal,
    proposal: str,
    document: File | None,
    now: dt.datetime | None = None,
) -> Bid:
    """An organisation's bid (its people submit it); a second one before the deadline replaces
    the first."""
    now = now or timezone.now()
    if not permissions.works_for(actor, organisation.unit_id):
        raise DomainError(_("You bid for your own organisation only."), code=ErrorCode.FORBIDDEN,
                          field="organisation")  # fmt: skip
    if tender.status != Tender.Status.OPEN or now >= tender.deadline:
        raise DomainError(_("Bids are closed."), code=ErrorCode.CLOSED, field="tender")
    amount = yuan(amount, "amount", positive=True)
    if amount > tender.budget:
        raise DomainError(_("Above the budget of %(budget)s yuan.") % {"budget": tender.budget},
                          code=ErrorCode.INVALID, field="amount")  # fmt: skip
    if document is None:
        raise DomainError(_("Attach the bid document."), code=ErrorCode.REQUIRED, field="document")
    check_document(document, "document")
    with transaction.atomic():
        found = (
            Bid.objects.select_for_update().filter(tender=tender, organisation=organisation).first()
        )
        made = found or Bid(tender=tender, organisation=organisation)
        made.amount, made.proposal, made.document = amount, proposal.strip(), document
        made.submitted_by = actor
        checked(made)
        if found is not None:
            made.save()
            return made
        try:
            with transaction.atomic():
                made.save()
                return made
        except IntegrityError:
            raise DomainError(_("Submitted twice at once: try again."), code=ErrorCode.CONFLICT,
                              field="tender") from None  # fmt: skip


def _panel(actor: User, tender: Tender, now: dt.datetime) -> None:
    if not tender.panel.filter(pk=actor.pk).exists():
        raise DomainError(_("You are not on this panel."), code=ErrorCode.FORBIDDEN, field="tender")
    if tender.status != Tender.Status.OPEN:
        raise DomainError(_("The tender is decided."), code=ErrorCode.CLOSED, field="tender")
    if now < tender.deadline:
        raise DomainError(_("Bids are still coming in."), code=ErrorCode.CLOSED, field="tender")


def declaration_submit(
    *,
    actor: User,
    tender: Tender,
    conflicts: Sequence[Bid],
    note: str = "",
    now: dt.datetime | None = None,
) -> Declaration:
    """A member's declaration of interests, before they score (changeable until then)."""
    _panel(actor, tender, now or timezone.now())
    if Score.objects.filter(bid__tender=tender, member=actor).exists():
        raise DomainError(_("You have started scoring: the declaration stands."),
                          code=ErrorCode.DECIDED, field="conflicts")  # fmt: skip
    bids = list(Bid.objects.filter(tender=tender, pk__in=[b.pk for b in conflicts]))
    if conflicts and not note.strip():
        raise DomainError(_("Say what the interest is."), code=ErrorCode.REQUIRED, field="note")
    checked(Declaration(tender=tender, member=actor, note=note.strip()))
    declaration, _created = Declaration.objects.update_or_create(
        tender=tender, member=actor, defaults={"note": note.strip()}
    )
    declaration.conflicts.set(bids)
    return declaration


@transaction.atomic
def bid_score(
    *, actor: User, bid: Bid, criterion: int, points: Decimal, now: dt.datetime | None = None
) -> Score:
    """A panel member's points (0–100) for a bid on one criterion (its place in the list)."""
    tender = bid.tender
    _panel(actor, tender, now or timezone.now())
    if not tender.declarations.filter(member=actor).exists():
        raise DomainError(
            _("Declare your interests first."), code=ErrorCode.REQUIRED, field="conflicts"
        )
    if actor.pk not in {m.pk for m in free_members(tender, bid)}:
        raise DomainError(_("You may not score this bid (a conflict of interest)."),
                          code=OrgsError.CONFLICT_OF_INTEREST, field="bid")  # fmt: skip
    if not 0 <= criterion < len(tender.criteria):
        raise DomainError(_("Unknown criterion."), code=ErrorCode.INVALID, field="criterion")
    checked(Score(bid=bid, member=actor, criterion=criterion, points=points))
    found, _created = Score.objects.update_or_create(
        bid=bid, member=actor, criterion=criterion, defaults={"points": points}
    )
    return found


@transaction.atomic
def bid_score_all(
    *, actor: User, bid: Bid, points: Sequence[Decimal], now: dt.datetime | None = None
) -> list[Score]:
    """A panel member's points for a bid on every criterion, in the criteria's order: all are
    kept, or none."""
    if len(points) != len(bid.tender.criteria):
        raise DomainError(
            _("Give one score per criterion."), code=ErrorCode.INVALID, field="points"
        )
    return [
        bid_score(actor=actor, bid=bid, criterion=n, points=value, now=now)
        for n, value in enumerate(points)
    ]


def tender_award(
    *, actor: User, tender: Tender, now: dt.datetime | None = None, note: str = ""
) -> Tender:
    """Award the tender to the best total, once every member has declared and every bid is
    fully scored."""
    now = now or timezone.now()
    must_lead(actor, tender)

    def effect(locked: Tender) -> list[str]:
        if now < locked.deadline:
            raise DomainError(_("Bids are still coming in."), code=ErrorCode.CLOSED, field="tender")
        rows = tender_standings(locked)
        if not rows:
            raise DomainError(_("No bid came in: cancel the tender."), code=ErrorCode.INVALID,
                              field="tender")  # fmt: skip
        undeclared = locked.panel.exclude(pk__in=locked.declarations.values("member"))
        if undeclared.exists():
            raise DomainError(_("Every panel member declares their interests first."),
                              code=ErrorCode.PENDING, field="panel")  # fmt: skip
        for row in rows:
            if row.missing:
                raise DomainError(
                    _("The bid of %(org)s is not fully scored.") % {"org": row.bid.organisation},
                    code=ErrorCode.PENDING,
                    field="scores",
                )
        locked.winner, locked.awarded_at = rows[0].bid, now
        return ["winner", "awarded_at"]

    return workflow.tender_transition(tender_id=tender.pk, action=TenderAction.AWARD,
                                      actor=actor, now=now, note=note, effect=effect)  # fmt: skip


def tender_cancel(
    *, actor: User, tender: Tender, now: dt.datetime | None = None, note: str = ""
) -> Tender:
    """Cancel an open tender (no bid came in, or the need is gone)."""
    must_lead(actor, tender)
    return workflow.tender_transition(tender_id=tender.pk, action=TenderAction.CANCEL,
                                      actor=actor, now=now or timezone.now(), note=note)  # fmt: skip
