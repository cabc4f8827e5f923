"""Complaints about a property company's service (DOMAIN.md §16: 「社居委指导、监督…物业服务企业」).

A resident complains as about anything else — on the portal, by the hotline, to a grid worker —
choosing the class 物业服务投诉 (``AP007``) and naming the building. The case goes round the loop
like every case, with two things of its own:

- **Routing.** When the building lies in an estate a company manages on the day, dispatch is
  offered that company as the lead unit (it signs, handles and reports back like a department)
  and the community's residents' committee as the cooperating unit, which follows the case from
  its own queue; the on-site check stays the community's supervisors'. A building in no estate,
  or in one without a company, is left to the rules (the community, 属地兜底).
- **The record.** An estate's page lists the complaints made in its buildings, whoever handled
  them; the company's own figures (handled, on time, rework, residents' satisfaction) are the
  unit figures every lead unit has, and the estates' figures count complaints and closures.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from civicgrid.accounts.choices import UnitKind
from civicgrid.accounts.models import OrgUnit, User
from civicgrid.cases.models import Case
from civicgrid.catalogue.seed import PROPERTY_COMPLAINT
from civicgrid.routing.services import Suggestion

from . import selectors
from .models import Estate, ServiceTerm


def _term_at(building_id: int) -> ServiceTerm | None:
    return (
        selectors.serving()
        .filter(estate__buildings=building_id, company__active=True)
        .select_related("company", "estate__area")
        .order_by("-starts_on", "-pk")
        .first()
    )


def company_for(case: Any) -> Suggestion | None:
    """The suggestion for a property complaint in a managed estate (``routing.named``)."""
    if case.building_id is None or case.case_class.code != PROPERTY_COMPLAINT:
        return None
    term = _term_at(case.building_id)
    if term is None:
        return None
    estate = term.estate
    committee = OrgUnit.objects.filter(
        kind=UnitKind.COMMUNITY_COMMITTEE, area_id=estate.area_id, active=True
    ).order_by("pk")
    return Suggestion(
        lead_unit=term.company,
        cooperating=list(committee[:1]),
        reason=_(
            "%(estate)s is managed by %(company)s: a complaint about its service goes to it, "
            "the residents' committee following."
        )
        % {"estate": estate.name, "company": term.company.name},
    )


def of_estate(estate: Estate, user: User) -> QuerySet[Case]:
    """The property complaints made in the estate's buildings that the user sees, newest first."""
    return (
        Case.objects.visible_to(user)
        .filter(case_class__code=PROPERTY_COMPLAINT, building__in=estate.buildings.all())
        .select_related("lead_unit", "building")
        .order_by("-reported_at", "-pk")
    )
