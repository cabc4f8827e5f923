"""Chosen projects carried out (实施), accepted (验收) and rated.

The call's managers record who carries a project out, its milestones and progress (0–100 %) and
every payment with its receipt (the total never beyond the project's approved cost); a finished
project is accepted by the residents' representatives (the council or the managers record it,
with who accepted it); then the area's registered residents rate it, one rating each.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Avg, Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.core.errors import DomainError
from civicgrid.core.files import check_document
from civicgrid.core.money import yuan

from .models import Milestone, Project, Rating, Spending
from .services import can_deliberate, can_manage
from .voting import person_key


def _runs(actor, project: Project) -> None:
    if not can_manage(actor, project.proposal.call.area):
        raise DomainError(_("You do not run this project."), code="forbidden", field="project")


def _open(project: Project) -> None:
    if project.accepted_on:
        raise DomainError(_("The project is accepted."), code="closed", field="project")


@transaction.atomic
def update(*, actor, project: Project, progress=None, implementer=None, implementer_unit=None):
    _runs(actor, project)
    _open(project)
    if progress is not None:
        try:
            progress = int(progress)
        except (TypeError, ValueError):
            progress = -1
        if not 0 <= progress <= 100:
            raise DomainError(_("Between 0 and 100."), code="invalid", field="progress")
        project.progress = progress
    if implementer is not None:
        project.implementer = implementer.strip()[:200]
    if implementer_unit is not None:
        project.implementer_unit = implementer_unit
    project.save()
    return project


def milestone_add(*, actor, project: Project, title: str, due_on: dt.date) -> Milestone:
    _runs(actor, project)
    _open(project)
    if not (title or "").strip():
        raise DomainError(_("Required."), code="required", field="title")
    if due_on is None:
        raise DomainError(_("Give the date."), code="required", field="due_on")
    return Milestone.objects.create(project=project, title=title.strip()[:200], due_on=due_on)


def milestone_done(*, actor, milestone: Milestone, done_on: dt.date | None = None) -> Milestone:
    _runs(actor, milestone.project)
    milestone.done_on = done_on or timezone.localdate()
    milestone.save(update_fields=["done_on"])
    return milestone


def spent(project: Project) -> Decimal:
    return project.spending.aggregate(total=Sum("amount"))["total"] or Decimal(0)


@transaction.atomic
def spend(*, actor, project: Project, spent_on: dt.date, item: str, amount, receipt) -> Spending:
    """A payment with its receipt; the total stays within the project's approved cost."""
    _runs(actor, project)
    project = Project.objects.select_for_update().select_related("proposal").get(pk=project.pk)
    if spent_on is None:
        raise DomainError(_("Give the date."), code="required", field="spent_on")
    if not (item or "").strip():
        raise DomainError(_("Required."), code="required", field="item")
    amount = yuan(amount, "amount", positive=True)
    if receipt is None:
        raise DomainError(_("Attach the receipt."), code="required", field="receipt")
    check_document(receipt, "receipt")
    left = project.proposal.cost - spent(project)
    if amount > left:
        raise DomainError(
            _("Only %(left)s yuan of the approved %(cost)s is left.")
            % {"left": left, "cost": project.proposal.cost},
            code="over_budget",
            field="amount",
        )
    return Spending.objects.create(
        project=project,
        spent_on=spent_on,
        item=item.strip()[:200],
        amount=amount,
        receipt=receipt,
        entered_by=actor,
    )


@transaction.atomic
def accept(*, actor, project: Project, accepted_by: str, record: str, on=None) -> Project:
    """Acceptance (验收) by the residents' representatives, once the work is done."""
    if not can_deliberate(actor, project.proposal.call):
        raise DomainError(
            _("The council or the call's managers record the acceptance."),
            code="forbidden",
            field="project",
        )
    _open(project)
    if project.progress < 100:
        raise DomainError(
            _("Only a finished project (100 %) is accepted."), code="not_done", field="progress"
        )
    if not (accepted_by or "").strip():
        raise DomainError(
            _("Name the representatives who accepted it."), code="required", field="accepted_by"
        )
    if not (record or "").strip():
        raise DomainError(_("Write what was checked."), code="required", field="record")
    project.accepted_on = on or timezone.localdate()
    project.accepted_by = accepted_by.strip()[:300]
    project.acceptance = record.strip()
    project.save(update_fields=["accepted_on", "accepted_by", "acceptance", "updated_at"])
    return project


def rate(*, project: Project, person, score, comment: str = "") -> Rating:
    """A resident's rating of an accepted project (1–5), one per person."""
    if not project.accepted_on:
        raise DomainError(
            _("A project is rated once it is accepted."), code="closed", field="project"
        )
    try:
        score = int(score)
    except (TypeError, ValueError):
        score = 0
    if not 1 <= score <= 5:
        raise DomainError(_("Between 1 and 5."), code="invalid", field="score")
    try:
        with transaction.atomic():
            return Rating.objects.create(
                project=project,
                person_key=person_key("rating", project.proposal.call, person),
                score=score,
                comment=(comment or "").strip()[:500],
            )
    except IntegrityError:
        raise DomainError(
            _("You have rated this project already."), code="duplicate", field="score"
        ) from None


def ratings(project: Project) -> dict:
    return project.ratings.aggregate(average=Avg("score"), count=Count("id"))
