"""The lists bind the rest of civicgrid.

- The negative list (退出事务) binds dispatch: a case of a class on the list in force for a
  community's kind is never sent to that community's committee or work station. The routing
  suggestion skips such a unit, and a dispatcher choosing one is refused with the item cited.
- The admitted assessments (考核准入) bind evaluation: an assessment scheme or a score card rates
  a community (its committee or work station, or the community as an area) only if it is on the
  list in force for the community's kind.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.accounts.choices import UnitKind
from civicgrid.areas.choices import AreaLevel
from civicgrid.areas.models import Area
from civicgrid.core.errors import DomainError

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


def refuse_negative(
    case_class, unit, *, field: str = "unit", at: dt.datetime | None = None
) -> None:
    """Refuse, naming ``field``, to send a case of ``case_class`` to ``unit`` if the negative
    list in force on the day of ``at`` (today) forbids it."""
    item = negative_item(case_class, unit, timezone.localdate(at) if at else None)
    if item is not None:
        raise DomainError(refusal(case_class, item, unit), code="negative_list", field=field)


def community_of(subject) -> Area | None:
    """The community a subject is (a community-level area, or a community unit's community)."""
    if isinstance(subject, Area):
        return subject if subject.level == AreaLevel.COMMUNITY else None
    if getattr(subject, "kind", None) in COMMUNITY_UNITS:
        return _community(subject.area)
    return None


def admitted(community: Area, *, scheme=None, card=None, on: dt.date | None = None) -> bool:
    kind = kind_of(community)
    version = in_force(kind, ListType.ASSESSMENT, on) if kind else None
    if version is None:
        return False
    items = version.items.all()
    return (
        items.filter(scheme=scheme).exists() if scheme else items.filter(score_card=card).exists()
    )


def refuse_unadmitted(scheme, subjects: list) -> None:
    """Refuse a round of ``scheme`` that would assess a community it is not admitted for."""
    for n, subject in enumerate(subjects):
        community = community_of(subject)
        if community is not None and not admitted(community, scheme=scheme):
            raise DomainError(
                _(
                    "“%(scheme)s” is not on the admitted assessments of %(community)s's kind: "
                    "communities are assessed only by admitted assessments."
                )
                % {"scheme": scheme.name, "community": community.name},
                code="not_admitted",
                field=f"subjects.{n}",
            )
