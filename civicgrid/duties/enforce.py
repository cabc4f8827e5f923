"""The lists bind the rest of civicgrid.

- The negative list (退出事务) binds dispatch: a case of a class on the list in force for a
  community's kind is never sent to that community's committee or work station. The routing
  suggestion skips such a unit, and a dispatcher choosing one is refused with the item cited.
- The admitted assessments (考核准入) bind evaluation, which asks the list in force for a
  community's kind before it rates the community (``evaluation/admitted.py``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.accounts import permissions
from civicgrid.accounts.choices import Role, UnitKind
from civicgrid.accounts.models import OrgUnit
from civicgrid.areas.choices import AreaLevel
from civicgrid.areas.models import Area
from civicgrid.core.errors import DomainError

from .errors import DutiesError
from .models import ListItem, ListType
from .services import in_force, kind_of

COMMUNITY_UNITS = (UnitKind.COMMUNITY_COMMITTEE, UnitKind.WORK_STATION)


def _community(area: Area) -> Area | None:
    """The community an area lies in (itself, for a community)."""
    if area.level == AreaLevel.COMMUNITY:
        return area
    if area.level < AreaLevel.COMMUNITY:
        return None
    codes = area.path.strip("/").split("/")
    return Area.objects.filter(code__in=codes, level=AreaLevel.COMMUNITY).first()


def negative_item(case_class, unit, on: dt.date | None = None) -> ListItem | None:
    """The negative-list item that forbids sending a case of ``case_class`` to ``unit``."""
    if unit is None or unit.kind not in COMMUNITY_UNITS:
        return None
    community = _community(unit.area)
    kind = kind_of(community) if community else None
    version = in_force(kind, ListType.NEGATIVE, on) if kind else None
    if version is None:
        return None
    return version.items.filter(case_classes=case_class).order_by("code").first()


def refusal(case_class, item: ListItem, unit) -> str:
    return _(
        "%(cls)s is on the negative list for communities (%(code)s %(title)s): it may not be "
        "sent to %(unit)s."
    ) % {"cls": case_class.label, "code": item.code, "title": item.title, "unit": unit.name}


class NegativeListRefused(DomainError):
    """A case of a class on the negative list was sent to a community unit. The case loop
    records the attempt (``record_refused_dispatch``) once its own transaction has rolled back."""

    def __init__(self, case_class, item: ListItem, unit, *, field: str):
        super().__init__(
            refusal(case_class, item, unit), code=DutiesError.NEGATIVE_LIST, field=field
        )
        self.unit = unit


def refuse_negative(
    case_class, unit, *, field: str = "unit", at: dt.datetime | None = None
) -> None:
    """Refuse, naming ``field``, to send a case of ``case_class`` to ``unit`` if the negative
    list in force on the day of ``at`` (today) forbids it."""
    item = negative_item(case_class, unit, timezone.localdate(at) if at else None)
    if item is not None:
        raise NegativeListRefused(case_class, item, unit, field=field)


@dataclass(frozen=True)
class RefusedDispatch:
    """A dispatch the negative list refused: the case, the community it would have reached, the
    unit the dispatcher acted for, who, and the refusal citing the item."""

    case: Any
    community: Area
    unit_id: int | None
    actor: Any
    rule: str


RECORDERS: list[Callable[[RefusedDispatch], object]] = []


def keep_refused_dispatches(recorder: Callable[[RefusedDispatch], object]) -> None:
    """Have ``recorder`` keep every refused dispatch. The negative list is a rule below the
    cases, while the record of unadmitted attempts against each community is a module above
    them (``civicgrid.burden``), which hands its recorder here when the apps are ready."""
    if recorder not in RECORDERS:
        RECORDERS.append(recorder)


def record_refused_dispatch(exc: NegativeListRefused, *, case, actor, unit_id) -> None:
    """Put a refused dispatch on the record of unadmitted attempts against the community, as
    pushed by the unit the dispatcher acted for (``unit_id``). The case loop calls this once its
    own transaction has rolled back."""
    community = _community(exc.unit.area)
    if community is None or not getattr(actor, "is_authenticated", False):
        return
    refused = RefusedDispatch(
        case=case, community=community, unit_id=unit_id, actor=actor, rule=exc.message
    )
    for recorder in RECORDERS:
        recorder(refused)


def community_of(subject) -> Area | None:
    """The community a subject is (a community-level area, or a community unit's community)."""
    if isinstance(subject, Area):
        return subject if subject.level == AreaLevel.COMMUNITY else None
    if getattr(subject, "kind", None) in COMMUNITY_UNITS:
        return _community(subject.area)
    return None


def my_communities(user, *, staff: bool = False) -> list[Area]:
    """The communities whose committee or work station the user holds a role on (``staff``: a
    role other than resident)."""
    units = {g.unit_id for g in permissions.grants(user) if not staff or g.role != Role.RESIDENT}
    own = OrgUnit.objects.filter(pk__in=units, kind__in=COMMUNITY_UNITS).select_related("area")
    found = {c.pk: c for c in (community_of(u) for u in own) if c is not None}
    return sorted(found.values(), key=lambda c: c.code)
