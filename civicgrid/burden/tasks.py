"""Recurring tasks pushed to communities go through civicgrid.

A department's task for communities must rest on an admitted item: a statutory duty, or an
assisting task of that department, on the list in force for each community's kind on the day
the task first falls due. An item on the negative list is refused outright. Each community is
judged on its own: the task reaches those it may, and every refusal is recorded with the rule
cited (the record of unadmitted attempts each community's burden counts).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from civicgrid.accounts import permissions
from civicgrid.accounts.models import OrgUnit
from civicgrid.areas.choices import AreaLevel
from civicgrid.areas.models import Area
from civicgrid.core.errors import DomainError, ErrorCode
from civicgrid.core.text import shortened
from civicgrid.duties.enforce import my_communities
from civicgrid.duties.models import ListType
from civicgrid.duties.services import in_force, kind_of

from .admission import DEPARTMENTS
from .models import CommunityTask, Refusal
from .refusals import RULE_MAX


@dataclass
class Pushed:
    tasks: list = field(default_factory=list)  # CommunityTask per community reached
    refused: list = field(default_factory=list)  # Refusal per community refused


def _rule(department, community, item_code: str, on: dt.date) -> str | None:
    """Why the task may not reach ``community`` (None: it may)."""
    kind = kind_of(community)
    if kind is None:
        return _("%(community)s has no kind of community and so no lists.") % {
            "community": community.name
        }
    negative = in_force(kind, ListType.NEGATIVE, on)
    if negative and negative.items.filter(code=item_code).exists():
        item = negative.items.get(code=item_code)
        return _("%(code)s %(title)s is on the negative list of %(kind)s: it may not be pushed "
                 "to communities.") % {"code": item.code, "title": item.title, "kind": kind.name}  # fmt: skip
    statutory = in_force(kind, ListType.STATUTORY, on)
    if statutory and statutory.items.filter(code=item_code).exists():
        return None
    assisting = in_force(kind, ListType.ASSISTING, on)
    if assisting and assisting.items.filter(code=item_code, department=department).exists():
        return None
    return _(
        "%(code)s is not an admitted item of %(department)s for %(kind)s on %(day)s: apply for "
        "admission first."
    ) % {"code": item_code, "department": department.name, "kind": kind.name, "day": on}


@transaction.atomic
def task_push(
    *, actor, department: OrgUnit, communities: list[Area], kind: str, title: str,
    item_code: str, every: str, first_due: dt.date, hours: Decimal = Decimal(0),
) -> Pushed:  # fmt: skip
    """Push a task to ``communities`` for ``department`` (the actor must work there). The kind,
    how often, lengths and the hours' range are the form's and the API schema's to check."""
    if department.kind not in DEPARTMENTS:
        raise DomainError(
            _("Only a department applies."), code=ErrorCode.INVALID, field="department"
        )
    if not permissions.works_for(actor, department.pk):
        raise DomainError(
            _("You apply for your own department only."),
            code=ErrorCode.FORBIDDEN,
            field="department",
        )
    if not title.strip():
        raise DomainError(_("Required."), code=ErrorCode.REQUIRED, field="title")
    if not item_code.strip():
        raise DomainError(_("Name the admitted item."), code=ErrorCode.REQUIRED, field="item_code")
    if not communities or any(c.level != AreaLevel.COMMUNITY for c in communities):
        raise DomainError(_("Choose communities."), code=ErrorCode.INVALID, field="communities")
    out = Pushed()
    for community in communities:
        why = _rule(department, community, item_code.strip(), first_due)
        if why:
            out.refused.append(
                Refusal.objects.create(
                    department=department,
                    community=community,
                    what=title.strip(),
                    rule=shortened(why, RULE_MAX),
                    by=actor,
                )
            )
            continue
        out.tasks.append(
            CommunityTask.objects.create(
                department=department,
                kind=kind,
                title=title.strip(),
                item_code=item_code.strip(),
                every=every,
                first_due=first_due,
                hours=hours,
                community=community,
                created_by=actor,
            )
        )
    return out


def _concerning(user) -> Q | None:
    """What concerns the user: None for the review office (everything), else their
    department's and their communities'."""
    if permissions.can_review_admission(user):
        return None
    units = {g.unit_id for g in permissions.grants(user)}
    return Q(department_id__in=units) | Q(community__in=my_communities(user))


def task_list(*, user) -> QuerySet[CommunityTask]:
    """The tasks the user sees: the review office all, a department its own, a community's
    people their community's."""
    tasks = CommunityTask.objects.select_related("department", "community")
    mine = _concerning(user)
    return tasks if mine is None else tasks.filter(mine)


def refusal_list(*, user) -> QuerySet[Refusal]:
    """The refused attempts the user sees, as ``task_list`` decides."""
    refusals = Refusal.objects.select_related("department", "community", "case")
    mine = _concerning(user)
    return refusals if mine is None else refusals.filter(mine)
