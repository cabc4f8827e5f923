"""What a user may evaluate: areas in their case scope, units whose figures they may see, and the
cases behind a figure among those they see."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from civicgrid.accounts import permissions
from civicgrid.accounts.choices import UnitKind
from civicgrid.accounts.models import OrgUnit
from civicgrid.areas.models import Area
from civicgrid.areas.selectors import top_case_area
from civicgrid.cases import selectors as case_selectors
from civicgrid.cases.models import Case
from civicgrid.core.errors import DomainError

from .compute import cases_behind
from .definitions import AREA, BY_CODE
from .periods import Period


def area_for(user, code: str | None) -> Area:
    """The area asked for (the user's widest by default); 404 outside the user's case scope."""
    area = Area.objects.filter(code=code).first() if code else top_case_area(user)
    if area is None or not permissions.can_view_area_cases(user, area):
        raise Http404
    return area


def units_for(user, code: str | None = None) -> list[OrgUnit]:
    """One unit by code, or every active department the user may see the figures of."""
    qs = OrgUnit.objects.filter(active=True).select_related("area").order_by("code")
    if code:
        unit = qs.filter(code=code).first()
        if unit is None or not permissions.can_view_unit_figures(user, unit):
            raise Http404
        return [unit]
    return [
        u for u in qs.filter(kind=UnitKind.DEPARTMENT) if permissions.can_view_unit_figures(user, u)
    ]


def cases_behind_for(
    user, code: str, period: Period, *, area_code: str | None, unit_code: str | None
) -> QuerySet[Case]:
    """The cases behind a figure, as the user's case list shows them (those they may see)."""
    indicator = BY_CODE.get(code)
    if indicator is None:
        raise Http404
    if indicator.subject == AREA:
        behind = cases_behind(code, period, area=area_for(user, area_code))
    elif not unit_code:
        raise DomainError(_("Name the unit."), code="required", field="unit")
    else:
        behind = cases_behind(code, period, unit=units_for(user, unit_code)[0])
    return case_selectors.case_list(user=user).filter(pk__in=behind.values("pk"))
