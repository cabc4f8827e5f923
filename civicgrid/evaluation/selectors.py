"""What a user may evaluate: areas in their case scope, units whose figures they may see, and the
cases behind a figure among those they see."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from civicgrid.accounts import permissions
from civicgrid.accounts.choices import Role, UnitKind
from civicgrid.accounts.models import OrgUnit, RoleAssignment, User
from civicgrid.accounts.scope import top_case_area
from civicgrid.areas.models import Area
from civicgrid.cases import selectors as case_selectors
from civicgrid.cases.models import Case
from civicgrid.core.errors import DomainError, ErrorCode
from civicgrid.core.tallies import Behind
from civicgrid.workforce import figures as workforce_figures

from .compute import cases_behind
from .definitions import AREA, BY_CODE, PERSON
from .people import cases_behind_person
from .periods import Period


def area_for(user, code: str | None) -> Area:
    """The area asked for (the user's widest by default); 404 outside the user's case scope."""
    area = Area.objects.filter(code=code).first() if code else top_case_area(user)
    if area is None or not permissions.can_view_area_cases(user, area):
        raise Http404
    return area


def worker_records_for(user, worker: str | None, period: Period) -> tuple[str, list[Behind]]:
    """A community worker's daily records in the period (their name, the records); 404 when
    the user does not see the worker."""
    found = workforce_figures.worker_behind(user, worker, period.first, period.last)
    if found is None:
        raise Http404
    return found[0].name, found[1]


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


def person_for(user, username: str | None) -> object:
    """A member of staff whose figures the user may see: someone granted a staff role within
    the user's widest case area."""
    if not username:
        raise DomainError(_("Name the person."), code=ErrorCode.REQUIRED, field="person")
    top = top_case_area(user)
    found = [s for s in staff_for(top) if s.code == username] if top else []
    if not found:
        raise Http404
    return found[0].user


def cases_behind_for(
    user,
    code: str,
    period: Period,
    *,
    area_code: str | None,
    unit_code: str | None,
    person: str | None = None,
) -> QuerySet[Case]:
    """The cases behind a figure, as the user's case list shows them (those they may see)."""
    indicator = BY_CODE.get(code)
    if indicator is None:
        raise Http404
    if indicator.subject == PERSON:
        behind = cases_behind_person(code, period, person_for(user, person))
    elif indicator.subject == AREA:
        behind = cases_behind(code, period, area=area_for(user, area_code))
    elif not unit_code:
        raise DomainError(_("Name the unit."), code=ErrorCode.REQUIRED, field="unit")
    else:
        behind = cases_behind(code, period, unit=units_for(user, unit_code)[0])
    return case_selectors.case_list(user=user).filter(pk__in=behind.values("pk"))


# the roles whose people the indicators measure, one by one (definitions.PEOPLE)
MEASURED_ROLES = (Role.SUPERVISOR, Role.OPERATOR, Role.SHIFT_LEAD, Role.DISPATCHER)


@dataclass
class Staff:
    """A person as a row of a report: their username as code, their name, the role measured."""

    user: User
    role: str

    @property
    def pk(self) -> int:
        return self.user.pk

    @property
    def code(self) -> str:
        return self.user.username

    @property
    def name(self) -> str:
        return str(self.user)


def staff_for(area: Area, role: str | None = None) -> list[Staff]:
    """The active people granted a measured role on a unit within ``area`` (one row per person,
    at the first of their roles in the order of ``MEASURED_ROLES``)."""
    roles = [role] if role in MEASURED_ROLES else list(MEASURED_ROLES)
    grants = (
        RoleAssignment.objects.filter(
            active=True,
            role__in=roles,
            user__is_active=True,
            unit__area__path__startswith=area.path,
        )
        .select_related("user")
        .order_by("user__username")
    )
    seen: dict[int, Staff] = {}
    for grant in grants:
        person = seen.get(grant.user_id)
        if person is None or roles.index(grant.role) < roles.index(person.role):
            seen[grant.user_id] = Staff(grant.user, grant.role)
    return sorted(seen.values(), key=lambda s: (roles.index(s.role), s.code))
