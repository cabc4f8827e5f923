"""Chosen projects carried out (实施), accepted (验收) and rated.

The call's managers record who carries a project out, its milestones and progress (0–100 %) and
every payment with its receipt (the total never beyond the project's approved cost); a finished
project is accepted by the residents' representatives (the council or the managers record it,
with who accepted it); then the area's registered residents rate it, one rating each.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.accounts import permissions
from civicgrid.accounts.models import OrgUnit, User
from civicgrid.core.checks import checked
from civicgrid.core.errors import DomainError, ErrorCode
from civicgrid.core.files import check_document
from civicgrid.core.money import yuan
from civicgrid.registry.models import Person

from .errors import ParticipationError
from .models import Milestone, Project, Rating, Spending
from .voting import person_key


def _runs(actor: User, project: Project) -> None:
    if not permissions.can_lead(actor, project.proposal.call.area):
        raise DomainError(
            _("You do not run this project."), code=ErrorCode.FORBIDDEN, field="project"
        )


def _accepted(project: Project) -> bool:
    """Whether the project is accepted now (whatever the caller's copy of it says)."""
    return Project.objects.filter(pk=project.pk, accepted_on__isnull=False).exists()


def _open(project: Project) -> None:
    if _accepted(project):
        raise DomainError(_("The project is accepted."), code=ErrorCode.CLOSED, field="project")


@transaction.atomic
def project_update(*, actor: User, project: Project, progress: int | None = None,
                   implementer: str | None = None,
                   implementer_unit: OrgUnit | None = None) -> Project:  # fmt: skip
    """Progress (0–100 %) and who carries the project out; what is None stays as it was."""
    _runs(actor, project)
    project = Project.objects.select_for_update().get(pk=project.pk)
    _open(project)
    changed = []
    if progress is not None:
        project.progress = progress
        changed.append("progress")
    if implementer is not None:
        project.implementer = implementer.strip()
        changed.append("implementer")
    if implementer_unit is not None:
        project.implementer_unit = implementer_unit
    checked(project, only=changed)
    project.save()
    return project


def milestone_add(*, actor: User, project: Project, title: str, due_on: dt.date) -> Milestone:
    _runs(actor, project)
    _open(project)
    milestone = Milestone(project=project, title=title.strip(), due_on=due_on)
    checked(milestone)
    milestone.save()
    return milestone


def milestone_done(*, actor: User, milestone: Milestone,
                   done_on: dt.date | None = None) -> Milestone:  # fmt: skip
    _runs(actor, milestone.project)
    milestone.done_on = done_on or timezone.localdate()
    milestone.save(update_fields=["done_on"])
    return milestone


def project_spent(project: Project) -> Decimal:
    return project.spending.aggregate(total=Sum("amount"))["total"] or Decimal(0)


@transaction.atomic
def spending_record(*, actor: User, project: Project, spent_on: dt.date, item: str,
                    amount: Decimal | int | str, receipt: File | None) -> Spending:  # fmt: skip
    """A payment with its receipt; the total stays within the project's approved cost."""
    _runs(actor, project)
    project = Project.objects.select_for_update().select_related("proposal").get(pk=project.pk)
    payment = Spending(
        project=project,
        spent_on=spent_on,
        item=item.strip(),
        amount=yuan(amount, "amount", positive=True),
        entered_by=actor,
    )
    checked(payment, only={"spent_on", "item", "amount"})
    if receipt is None:
        raise DomainError(_("Attach the receipt."), code=ErrorCode.REQUIRED, field="receipt")
    check_document(receipt, "receipt")
    left = project.proposal.cost - project_spent(project)
    if payment.amount > left:
        raise DomainError(
            _("Only %(left)s yuan of the approved %(cost)s is left.")
            % {"left": left, "cost": project.proposal.cost},
            code=ParticipationError.OVER_BUDGET,
            field="amount",
        )
    payment.receipt = receipt
    payment.save()
    return payment


@transaction.atomic
def project_accept(*, actor: User, project: Project, accepted_by: str, record: str,
                   on: dt.date | None = None) -> Project:  # fmt: skip
    """Acceptance (验收) by the residents' representatives, once the work is done: who accepted
    it and what was checked are part of the acceptance."""
    if not permissions.can_deliberate(actor, project.proposal.call.area):
        raise DomainError(
            _("The council or the call's managers record the acceptance."),
            code=ErrorCode.FORBIDDEN,
            field="project",
        )
    project = Project.objects.select_for_update().get(pk=project.pk)
    _open(project)
    if project.progress < 100:
        raise DomainError(
            _("Only a finished project (100 %) is accepted."),
            code=ParticipationError.NOT_DONE,
            field="progress",
        )
    if not accepted_by.strip():
        raise DomainError(
            _("Name the representatives who accepted it."),
            code=ErrorCode.REQUIRED,
            field="accepted_by",
        )
    if not record.strip():
        raise DomainError(_("Write what was checked."), code=ErrorCode.REQUIRED, field="record")
    project.accepted_on = on or timezone.localdate()
    project.accepted_by = accepted_by.strip()
    project.acceptance = record.strip()
    checked(project, only={"accepted_by", "acceptance"})
    project.save(update_fields=["accepted_on", "accepted_by", "acceptance", "updated_at"])
    return project


def project_rate(*, project: Project, person: Person, score: int, comment: str = "") -> Rating:
    """A resident's rating of an accepted project (1–5), one per person."""
    if not _accepted(project):
        raise DomainError(
            _("A project is rated once it is accepted."), code=ErrorCode.CLOSED, field="project"
        )
    rating = Rating(
        project=project,
        person_key=person_key("rating", project.proposal.call, person),
        score=score,
        comment=comment.strip(),
    )
    checked(rating, only={"score", "comment"})
    try:
        with transaction.atomic():
            rating.save()
            return rating
    except IntegrityError:
        raise DomainError(
            _("You have rated this project already."), code=ErrorCode.DUPLICATE, field="score"
        ) from None


def project_ratings(project: Project) -> dict:
    return project.ratings.aggregate(average=Avg("score"), count=Count("id"))
