"""After the award: the contract with the winning bid, its deliverables and their reports, and
the buyer's evaluation, which joins the organisation's record."""

from __future__ import annotations

import datetime as dt

from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.accounts import permissions
from civicgrid.accounts.models import User
from civicgrid.core.checks import checked
from civicgrid.core.errors import DomainError, ErrorCode
from civicgrid.core.files import check_document

from .models import Contract, Deliverable, Tender
from .procurement import must_lead


@transaction.atomic
def contract_sign(
    *, actor: User, tender: Tender, signed_on: dt.date, starts_on: dt.date, ends_on: dt.date
) -> Contract:
    """The contract with the winning organisation, for the amount of its bid."""
    must_lead(actor, tender)
    tender = (
        Tender.objects.select_for_update(of=("self",)).select_related("winner").get(pk=tender.pk)
    )
    if tender.status != Tender.Status.AWARDED or tender.winner is None:
        raise DomainError(_("Award the tender first."), code=ErrorCode.CLOSED, field="tender")
    if Contract.objects.filter(tender=tender).exists():
        raise DomainError(_("The contract is signed."), code=ErrorCode.DUPLICATE, field="tender")
    if ends_on < starts_on:
        raise DomainError(_("Ends before it starts."), code=ErrorCode.INVALID, field="ends_on")
    return Contract.objects.create(
        tender=tender, bid=tender.winner, signed_on=signed_on, amount=tender.winner.amount,
        starts_on=starts_on, ends_on=ends_on,
    )  # fmt: skip


def deliverable_add(*, actor: User, contract: Contract, title: str, due_on: dt.date) -> Deliverable:
    must_lead(actor, contract.tender)
    deliverable = Deliverable(contract=contract, title=title.strip(), due_on=due_on)
    checked(deliverable, unique=True)
    deliverable.save()
    return deliverable


def deliverable_report(
    *, actor: User, deliverable: Deliverable, report: str, document: File | None = None
) -> Deliverable:
    """The organisation reports a deliverable done, with its report (and a document)."""
    if not permissions.works_for(actor, deliverable.contract.bid.organisation.unit_id):
        raise DomainError(_("The contracted organisation reports."), code=ErrorCode.FORBIDDEN,
                          field="deliverable")  # fmt: skip
    if not report.strip():
        raise DomainError(_("Write the report."), code=ErrorCode.REQUIRED, field="report")
    if document is not None:
        check_document(document, "document")
        deliverable.document = document
    deliverable.report = report.strip()
    deliverable.delivered_on = timezone.localdate()
    deliverable.save()
    return deliverable


def contract_evaluate(*, actor: User, contract: Contract, points: int, note: str) -> Contract:
    """The buyer's evaluation of the service (0–100, with reasons), which joins the
    organisation's record."""
    must_lead(actor, contract.tender)
    contract.evaluation, contract.evaluation_note = points, note.strip()
    contract.evaluated_by = actor
    checked(contract, unique=True)
    if not contract.evaluation_note:
        raise DomainError(_("Give the reasons."), code=ErrorCode.REQUIRED, field="note")
    contract.save(update_fields=["evaluation", "evaluation_note", "evaluated_by", "updated_at"])
    return contract
