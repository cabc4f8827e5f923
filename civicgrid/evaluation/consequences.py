"""Rewards and accountability on results (``models/consequences.py``): who decides, what a
decision must rest on, and who sees it.

- A consequence is decided by those who oversee the subject's assessments: the leaders and
  administrators whose scope covers the unit's or the area's place.
- It rests on a figure of the library for the subject's kind (a unit's or an area's) in a period
  — its value is computed as it stands on the day and kept — or on a final assessment of the
  subject; at least one of them.
- Money is given with a reward and withheld when someone is held to account; the other kinds
  carry none.
- It is seen by its overseers and by the side it concerns (whoever acts for the unit, whoever
  works in the area).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from civicgrid.accounts import permissions
from civicgrid.accounts.models import OrgUnit, User
from civicgrid.areas.models import Area
from civicgrid.core.checks import checked, past_day
from civicgrid.core.errors import ErrorCode, refused

from .compute import area_indicators, unit_indicators
from .definitions import AREA, BY_CODE, UNIT
from .models import Assessment, Consequence
from .periods import parse

Kind = Consequence.Kind
WITH_MONEY = (Kind.REWARD, Kind.ACCOUNTABILITY)


def _path(c: Consequence) -> str:
    return c.unit.area.path if c.unit is not None else c.area.path if c.area else ""


def oversees(user: User, c: Consequence) -> bool:
    return permissions.can_oversee_assessment(user, subject_path=_path(c))


def visible(user: User, c: Consequence) -> bool:
    return oversees(user, c) or permissions.is_assessed_side(
        user, person_id=None, unit_id=c.unit_id,
        area_path=c.area.path if c.area is not None else None,
    )  # fmt: skip


def seen(user: User) -> QuerySet[Consequence]:
    """The consequences the user sees, newest first (checked row by row: few are decided)."""
    rows = Consequence.objects.select_related("unit__area", "area", "decided_by",
                                              "assessment__round")  # fmt: skip
    return rows.filter(pk__in=[c.pk for c in rows if visible(user, c)])


def subjects(user: User) -> tuple[QuerySet[OrgUnit], QuerySet[Area]]:
    """The units and areas whose results the user may act on (the form's choices)."""
    if permissions.is_everywhere(user):
        return OrgUnit.objects.filter(active=True), Area.objects.filter(level__gte=3, active=True)
    paths = [g.path for g in permissions.grants(user)
             if permissions.can_oversee_assessment(user, subject_path=g.path)]  # fmt: skip
    if not paths:
        return OrgUnit.objects.none(), Area.objects.none()
    return (
        OrgUnit.objects.filter(permissions.paths_q(paths, "area__path"), active=True),
        Area.objects.filter(permissions.paths_q(paths), level__gte=3, active=True),
    )


def _figure(subject: OrgUnit | Area, code: str, period: str) -> Decimal:
    indicator = BY_CODE.get(code)
    kind = UNIT if isinstance(subject, OrgUnit) else AREA
    if indicator is None or indicator.subject != kind:
        raise refused(_("Choose a figure of the library for this kind of subject."), "indicator")
    span = parse(period, field="period")
    values = (unit_indicators([subject], span) if isinstance(subject, OrgUnit)
              else area_indicators([subject], span))  # fmt: skip
    value = values.get(subject.pk, {}).get(code)
    if value is None:
        raise refused(_("This figure has no value for the period: nothing to rest on."),
                      "indicator")  # fmt: skip
    return Decimal(str(value)).quantize(Decimal("0.01"))


@transaction.atomic
def decide(
    *, actor: User, kind: str, reason: str, decided_on: dt.date | None,
    unit: OrgUnit | None = None, area: Area | None = None, indicator: str = "",
    period: str = "", assessment: Assessment | None = None, amount: Decimal = Decimal(0),
) -> Consequence:  # fmt: skip
    if (unit is None) == (area is None):
        raise refused(_("Choose the unit or the area (one of them)."), "unit", ErrorCode.REQUIRED)
    made = Consequence(unit=unit, area=area, kind=kind, reason=reason.strip(), amount=amount,
                       decided_by=actor, decided_on=past_day(decided_on, "decided_on"),
                       indicator=indicator.strip(), period=period.strip(),
                       assessment=assessment)  # fmt: skip
    if not oversees(actor, made):
        raise refused(_("You do not oversee this subject's results."), "unit",
                      ErrorCode.FORBIDDEN)  # fmt: skip
    if not made.indicator and assessment is None:
        raise refused(_("Say what it rests on: a figure in a period, or an assessment."),
                      "indicator", ErrorCode.REQUIRED)  # fmt: skip
    subject = unit if unit is not None else area
    assert subject is not None
    if made.indicator:
        if not made.period:
            raise refused(_("Give the period."), "period", ErrorCode.REQUIRED)
        made.value = _figure(subject, made.indicator, made.period)
    if assessment is not None:
        own = (assessment.unit_id == unit.pk if unit is not None
               else assessment.area_id == subject.pk)  # fmt: skip
        if not own:
            raise refused(_("This assessment is of another subject."), "assessment")
        if not assessment.round.closed:
            raise refused(_("This assessment's results are not final yet."), "assessment")
    if amount and kind not in WITH_MONEY:
        raise refused(_("Only a reward gives money, and only being held to account withholds it."),
                      "amount")  # fmt: skip
    checked(made)
    made.save()
    return made
