"""Screening campaigns' rules (DOMAIN.md §18).

- The leaders of a district, street or community launch a campaign over it: a theme, a period, a
  checklist of at least one item, the unit leading it and the class its findings become cases
  of; they change the checklist until the campaign begins, and conclude it (once it has begun)
  with what it achieved.
- A visit is recorded by a grid worker or leader of the grid (one whose grant lets them record
  visits there, or who leads it), in a grid of the scope, on a day of the period that has come;
  a building named must lie in that grid. Its findings, each against an item of the checklist,
  are added by the same people while the campaign is not concluded.
- A finding becomes a case in the loop once (“make it a case”): at the visit's building, or in
  its grid, of the class given (the campaign's by default, else 举报 AP004), its text saying the campaign, the
  place and what was found; it is rectified when its case is closed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.accounts import permissions
from civicgrid.accounts.models import OrgUnit, User
from civicgrid.areas.choices import AreaLevel
from civicgrid.areas.models import Area
from civicgrid.cases.models import Case
from civicgrid.cases.selectors import reported
from civicgrid.catalogue.selectors import active_class
from civicgrid.core.checks import checked, past_day, plain_text
from civicgrid.core.errors import ErrorCode, refused
from civicgrid.participation.liaison import liaison_report
from civicgrid.registry.models import Building

from .models import Campaign, CheckItem, Finding, Visit

SCOPES = (AreaLevel.DISTRICT, AreaLevel.STREET, AreaLevel.COMMUNITY)
DEFAULT_CLASS = "AP004"  # 举报: a report of wrongdoing, when neither finding nor campaign says


def keeps(user: User, campaign: Campaign) -> bool:
    return permissions.can_lead(user, campaign.area)


def records(user: User, grid: Area) -> bool:
    """Records visits in the grid: its grid workers and leaders."""
    return permissions.can_record_visit(user, grid) or permissions.can_lead(user, grid)


def _kept(actor: User, campaign: Campaign, field: str = "campaign") -> None:
    if not keeps(actor, campaign):
        raise refused(_("You do not lead this campaign's area."), field, ErrorCode.FORBIDDEN)


def _checklist(items: Sequence[str]) -> list[str]:
    lines = [plain_text(t, "items") for t in items if t.strip()]
    if not lines:
        raise refused(_("Give at least one item to check."), "items", ErrorCode.REQUIRED)
    too_long = [n for n, t in enumerate(lines, 1) if len(t) > 200]
    if too_long:
        raise refused(_("Item %(n)s is longer than 200 characters.") % {"n": too_long[0]},
                      "items")  # fmt: skip
    return lines


@transaction.atomic
def campaign_launch(
    *, actor: User, area: Area | None, name: str, theme: str, starts_on: dt.date | None,
    ends_on: dt.date | None, items: Sequence[str], lead_unit: OrgUnit | None = None,
    case_class: str = "",
) -> Campaign:  # fmt: skip
    if area is None or area.level not in SCOPES:
        raise refused(_("Choose a district, street or community."), "area", ErrorCode.REQUIRED)
    if not permissions.can_lead(actor, area):
        raise refused(_("You do not lead this area."), "area", ErrorCode.FORBIDDEN)
    if starts_on is None:
        raise refused(_("Give the day."), "starts_on", ErrorCode.REQUIRED)
    if ends_on is None or ends_on < starts_on:
        raise refused(_("A campaign ends on or after the day it begins."), "ends_on")
    if lead_unit is not None and (not lead_unit.active or (not area.path.startswith(
        lead_unit.area.path
    ) and not lead_unit.area.path.startswith(area.path))):  # fmt: skip
        raise refused(_("Choose a unit of the campaign's place."), "lead_unit")
    lines = _checklist(items)
    case_class = case_class.strip().upper()
    if case_class and active_class(case_class) is None:
        raise refused(_("There is no active class with code “%(code)s”.") % {"code": case_class},
                      "case_class")  # fmt: skip
    campaign = Campaign(area=area, name=plain_text(name, "name"), theme=theme, starts_on=starts_on,
                        ends_on=ends_on, lead_unit=lead_unit,
                        case_class=case_class, created_by=actor)  # fmt: skip
    checked(campaign, exclude=["area", "lead_unit", "created_by"])
    campaign.save()
    CheckItem.objects.bulk_create(
        CheckItem(campaign=campaign, text=t, position=n) for n, t in enumerate(lines)
    )
    return campaign


@transaction.atomic
def checklist_set(*, actor: User, campaign: Campaign, items: Sequence[str]) -> Campaign:
    """The checklist anew, until the campaign begins."""
    campaign = Campaign.objects.select_for_update().select_related("area").get(pk=campaign.pk)
    _kept(actor, campaign)
    if campaign.starts_on <= timezone.localdate():
        raise refused(_("The campaign has begun: its checklist stays."), "items", ErrorCode.CLOSED)
    lines = _checklist(items)
    campaign.items.all().delete()
    CheckItem.objects.bulk_create(
        CheckItem(campaign=campaign, text=t, position=n) for n, t in enumerate(lines)
    )
    return campaign


@transaction.atomic
def campaign_conclude(
    *, actor: User, campaign: Campaign, on: dt.date | None, conclusion: str
) -> Campaign:
    campaign = Campaign.objects.select_for_update().select_related("area").get(pk=campaign.pk)
    _kept(actor, campaign)
    if campaign.concluded_on is not None:
        raise refused(_("This campaign is concluded already."), "campaign", ErrorCode.CLOSED)
    on = past_day(on, "on")
    if on < campaign.starts_on:
        raise refused(_("The campaign had not begun that day."), "on")
    if not conclusion.strip():
        raise refused(_("Say what the campaign achieved."), "conclusion", ErrorCode.REQUIRED)
    campaign.concluded_on, campaign.conclusion = on, conclusion.strip()[:4000]
    campaign.save(update_fields=["concluded_on", "conclusion", "updated_at"])
    return campaign


def _open(campaign: Campaign, field: str = "campaign") -> None:
    if campaign.concluded_on is not None:
        raise refused(_("This campaign is concluded."), field, ErrorCode.CLOSED)


@transaction.atomic
def visit_record(
    *, actor: User, campaign: Campaign, grid: Area | None, place: str = "",
    building: Building | None = None, visited_on: dt.date | None = None, note: str = "",
) -> Visit:  # fmt: skip
    # as it stands now (locked): a campaign concluded meanwhile takes no visit
    campaign = Campaign.objects.select_for_update().select_related("area").get(pk=campaign.pk)
    _open(campaign)
    if grid is None or grid.level != AreaLevel.GRID or not grid.active or not grid.path.startswith(
        campaign.area.path
    ):  # fmt: skip
        raise refused(_("Choose a grid of the campaign's scope."), "grid", ErrorCode.REQUIRED)
    if not records(actor, grid):
        raise refused(_("You do not record visits in this grid."), "grid", ErrorCode.FORBIDDEN)
    visited_on = past_day(visited_on, "visited_on")
    if not campaign.starts_on <= visited_on <= campaign.ends_on:
        raise refused(_("This day is outside the campaign's period."), "visited_on")
    if building is not None and (building.grid_id != grid.pk or not building.active):
        raise refused(_("This building is not in the grid."), "building")
    place = plain_text(place, "place") or (building.name if building is not None else "")
    if not place:
        raise refused(_("Name the place, or choose its building."), "place", ErrorCode.REQUIRED)
    visit = Visit(campaign=campaign, grid=grid, building=building, place=place,
                  visited_on=visited_on, visited_by=actor, note=note.strip())  # fmt: skip
    checked(visit, exclude=["campaign", "grid", "building", "visited_by"])
    visit.save()
    return visit


@transaction.atomic
def finding_add(*, actor: User, visit: Visit, item: CheckItem | None, description: str) -> Finding:
    visit = Visit.objects.select_related("campaign", "grid").get(pk=visit.pk)
    _open(Campaign.objects.select_for_update().get(pk=visit.campaign_id), "visit")
    if not records(actor, visit.grid):
        raise refused(_("You do not record visits in this grid."), "visit", ErrorCode.FORBIDDEN)
    if item is None or item.campaign_id != visit.campaign_id:
        raise refused(_("Choose an item of the campaign's checklist."), "item",
                      ErrorCode.REQUIRED)  # fmt: skip
    finding = Finding(visit=visit, item=item, description=plain_text(description, "description"))
    checked(finding, exclude=["visit", "item", "case"])
    finding.save()
    return finding


@transaction.atomic
def finding_report(
    *, actor: User, finding: Finding, case_class: str = "", now: dt.datetime | None = None
) -> Case:
    """The finding as a case (once), at the visit's building or in its grid."""
    finding = (
        Finding.objects.select_for_update(of=("self",))
        .select_related("visit__campaign__area", "visit__grid", "visit__building", "item", "case")
        .get(pk=finding.pk)
    )
    visit, campaign = finding.visit, finding.visit.campaign
    if not (records(actor, visit.grid) or keeps(actor, campaign)):
        raise refused(_("You do not record visits in this grid."), "finding", ErrorCode.FORBIDDEN)
    if reported(finding.case):
        raise refused(_("This finding is a case already."), "finding", ErrorCode.DUPLICATE)
    code = case_class.strip().upper() or campaign.case_class or DEFAULT_CLASS
    text = _("%(campaign)s, %(day)s, %(place)s — %(item)s: %(text)s") % {
        "campaign": campaign.name, "day": visit.visited_on, "place": visit.place,
        "item": finding.item.text, "text": finding.description,
    }  # fmt: skip
    place = {"building": visit.building.code} if visit.building is not None else None
    finding.case = liaison_report(actor=actor, area=visit.grid, case_class=code, text=text,
                                  place=place, source={"finding": finding.pk},
                                  now=now)  # fmt: skip
    finding.save(update_fields=["case", "updated_at"])
    return finding.case
