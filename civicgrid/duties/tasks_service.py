"""Recurring tasks pushed to communities go through civicgrid (issue 7 §3).

A department's task for communities must rest on an admitted item: a statutory duty, or an
assisting task of that department, on the list in force for each community's kind on the day
the task first falls due. An item on the negative list is refused outright. Each community is
judged on its own: the task reaches those it may, and every refusal is recorded with the rule
cited (the record of unadmitted attempts each community's burden counts).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from civicgrid.accounts import permissions
from civicgrid.areas.choices import AreaLevel
from civicgrid.core.errors import DomainError

from .admission import DEPARTMENTS
from .models import CommunityTask, ListType, Refusal
from .services import in_force, kind_of


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
def push(
    *, actor, department, communities: list, kind: str, title: str, item_code: str, every: str,
    first_due: dt.date, hours=0,
) -> Pushed:  # fmt: skip
    """Push a task to ``communities`` for ``department`` (the actor must work there)."""
    if department.kind not in DEPARTMENTS:
        raise DomainError(_("Only a department applies."), code="invalid", field="department")
    if not any(g.unit_id == department.pk for g in permissions.grants(actor)):
        raise DomainError(
            _("You apply for your own department only."), code="forbidden", field="department"
        )
    if kind not in CommunityTask.Kind.values:
        raise DomainError(_("Unknown kind of work."), code="invalid", field="kind")
    if every not in CommunityTask.Every.values:
        raise DomainError(_("Say how often."), code="invalid", field="every")
    if not title.strip():
        raise DomainError(_("Required."), code="required", field="title")
    if not item_code.strip():
        raise DomainError(_("Name the admitted item."), code="required", field="item_code")
    if not communities or any(c.level != AreaLevel.COMMUNITY for c in communities):
        raise DomainError(_("Choose communities."), code="invalid", field="communities")
    out = Pushed()
    for community in communities:
        why = _rule(department, community, item_code.strip(), first_due)
        if why:
            out.refused.append(
                Refusal.objects.create(
                    department=department,
                    community=community,
                    what=title.strip()[:200],
                    rule=why[:400],
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
                hours=hours or 0,
                community=community,
                created_by=actor,
            )
        )
    return out


def seen_by(user):
    """(tasks, refused attempts) the user sees: the review office all, a department its own, a
    community's people their community's."""
    from django.db.models import Q

    from .admission import reviews
    from .enforce import my_communities

    tasks = CommunityTask.objects.select_related("department", "community")
    refusals = Refusal.objects.select_related("department", "community", "case")
    if reviews(user):
        return tasks, refusals
    units = {g.unit_id for g in permissions.grants(user)}
    mine = Q(department_id__in=units) | Q(community__in=my_communities(user))
    return tasks.filter(mine), refusals.filter(mine)
