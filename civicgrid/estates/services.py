"""Property oversight's rules (DOMAIN.md §16).

- A community's leaders (and those above) keep its estates: the buildings (of the register, in
  the community), the owners' committee (a council of owners of the community), and how an
  estate without a company is run.
- Giving an estate to a property company starts a service term and ends the one before it the
  day before. A company on the blacklist is not given an estate unless the one giving it says
  they know (the page shows the entry first); the term keeps that it was.
- The blacklist is kept by the leaders over the company's place: an entry has its reason, the
  day and the day of its review, often an assessment's result (an ``evaluation`` assessment of
  the company: read through the model's relation, since evaluation reads estates' figures); it
  is lifted with a reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.accounts import permissions
from civicgrid.accounts.choices import UnitKind
from civicgrid.accounts.models import OrgUnit, User
from civicgrid.areas.models import Area
from civicgrid.core.checks import checked, past_day
from civicgrid.core.errors import ErrorCode, refused
from civicgrid.participation.council_models import Council
from civicgrid.registry.models import Building

from .choices import SelfManagement
from .models import Blacklisting, Estate, ServiceTerm


def keeps(user: User, area: Area) -> bool:
    return permissions.can_lead(user, area)


def _keeper(actor: User, area: Area | None, field: str = "area") -> Area:
    if area is None or area.level != 4:
        raise refused(_("Choose a community."), field, ErrorCode.REQUIRED)
    if not keeps(actor, area):
        raise refused(_("You do not keep this community's estates."), field, ErrorCode.FORBIDDEN)
    return area


@transaction.atomic
def estate_save(
    *, actor: User, area: Area | None, code: str, name: str, buildings: Iterable[Building] = (),
    owners_committee: Council | None = None, self_management: str = SelfManagement.NONE,
    arrangement: str = "", estate: Estate | None = None,
) -> Estate:  # fmt: skip
    area = _keeper(actor, area)
    if estate is not None:
        _keeper(actor, estate.area, "estate")
    buildings = list(buildings)
    outside = [b for b in buildings if not b.grid.path.startswith(area.path)]
    if outside:
        raise refused(_("%(b)s is not in this community.") % {"b": outside[0]}, "buildings")
    if owners_committee is not None and (
        owners_committee.kind != Council.Kind.OWNERS or owners_committee.area_id != area.pk
    ):
        raise refused(_("Choose an owners' committee of this community."), "owners_committee")
    if self_management not in SelfManagement.values:
        raise refused(_("Say how the estate is run without a company."), "self_management")
    entry = estate or Estate()
    entry.area, entry.code, entry.name = area, code.strip(), name.strip()
    entry.owners_committee, entry.self_management = owners_committee, self_management
    entry.arrangement = arrangement.strip()
    checked(entry, unique=True)  # a code taken by another estate is refused naming it
    entry.save()
    entry.buildings.set(buildings)
    return entry


def listed(company: OrgUnit, on: dt.date | None = None) -> Blacklisting | None:
    """The company's blacklist entry in force on ``on`` (today), if any."""
    on = on or timezone.localdate()
    return (
        Blacklisting.objects.filter(company=company, listed_on__lte=on)
        .exclude(lifted_on__lte=on)
        .order_by("-listed_on")
        .first()
    )


def current(estate: Estate, on: dt.date | None = None) -> ServiceTerm | None:
    on = on or timezone.localdate()
    return (
        estate.terms.filter(starts_on__lte=on)
        .exclude(ends_on__lt=on)
        .select_related("company")
        .order_by("-starts_on")
        .first()
    )


@transaction.atomic
def term_give(
    *, actor: User, estate: Estate, company: OrgUnit | None, starts_on: dt.date | None,
    contact: str = "", phone: str = "", despite_blacklist: bool = False,
) -> ServiceTerm:  # fmt: skip
    """Give the estate to a property company from a day; the current term ends the day before."""
    estate = Estate.objects.select_for_update().select_related("area").get(pk=estate.pk)
    _keeper(actor, estate.area, "estate")
    if company is None or company.kind != UnitKind.PROPERTY_COMPANY or not company.active:
        raise refused(_("Choose a property company."), "company", ErrorCode.REQUIRED)
    if starts_on is None:
        raise refused(_("Give the day."), "starts_on", ErrorCode.REQUIRED)
    entry = listed(company, starts_on)
    if entry is not None and not despite_blacklist:
        raise refused(
            _("%(company)s is on the blacklist since %(day)s: %(reason)s")
            % {"company": company.name, "day": entry.listed_on, "reason": entry.reason},
            "company", ErrorCode.CONFLICT,
        )  # fmt: skip
    before = estate.terms.order_by("-starts_on", "-pk").first()  # terms follow one another
    if before is not None and before.starts_on >= starts_on:
        raise refused(_("A later term has begun already."), "starts_on")
    if before is not None and (before.ends_on is None or before.ends_on >= starts_on):
        before.ends_on = starts_on - dt.timedelta(days=1)
        before.ended_why = before.ended_why or _("replaced by %(c)s") % {"c": company.name}
        before.save(update_fields=["ends_on", "ended_why", "updated_at"])
    term = ServiceTerm(estate=estate, company=company, starts_on=starts_on,
                       contact=contact.strip(), blacklisted_then=entry is not None,
                       given_by=actor)  # fmt: skip
    term.set_phone("phone", phone)
    checked(term)
    term.save()
    return term


@transaction.atomic
def term_end(*, actor: User, term: ServiceTerm, ends_on: dt.date | None, why: str) -> ServiceTerm:
    term = ServiceTerm.objects.select_for_update().select_related("estate__area").get(pk=term.pk)
    _keeper(actor, term.estate.area, "term")
    if term.ends_on is not None and term.ends_on < timezone.localdate():
        raise refused(_("This term has ended."), "term", ErrorCode.CLOSED)
    if ends_on is None or ends_on < term.starts_on:
        raise refused(_("A term ends on or after the day it began."), "ends_on")
    if not why.strip():
        raise refused(_("Say why the term ends."), "why", ErrorCode.REQUIRED)
    term.ends_on, term.ended_why = ends_on, why.strip()[:200]
    term.save(update_fields=["ends_on", "ended_why", "updated_at"])
    return term


def may_list(user: User, company: OrgUnit) -> bool:
    return permissions.can_lead(user, company.area)


@transaction.atomic
def blacklist_add(
    *, actor: User, company: OrgUnit | None, reason: str, listed_on: dt.date | None,
    review_on: dt.date | None, assessment=None,
) -> Blacklisting:  # fmt: skip
    if company is None or company.kind != UnitKind.PROPERTY_COMPANY:
        raise refused(_("Choose a property company."), "company", ErrorCode.REQUIRED)
    if not may_list(actor, company):
        raise refused(_("The blacklist is kept by the leaders over the company's place."),
                      "company", ErrorCode.FORBIDDEN)  # fmt: skip
    listed_on = past_day(listed_on, "listed_on")
    if review_on is None or review_on <= listed_on:
        raise refused(_("The review falls after the day of listing."), "review_on")
    if not reason.strip():
        raise refused(_("Give the reason."), "reason", ErrorCode.REQUIRED)
    if listed(company, listed_on) is not None:
        raise refused(_("This company is on the blacklist already."), "company", ErrorCode.CONFLICT)
    if assessment is not None and assessment.unit_id != company.pk:
        raise refused(_("This assessment is of another organisation."), "assessment")
    entry = Blacklisting(company=company, reason=reason.strip(), listed_on=listed_on,
                         review_on=review_on, assessment=assessment, listed_by=actor)  # fmt: skip
    checked(entry)
    entry.save()
    return entry


@transaction.atomic
def blacklist_lift(
    *, actor: User, entry: Blacklisting, on: dt.date | None, why: str
) -> Blacklisting:
    entry = Blacklisting.objects.select_for_update(of=("self",)).select_related(
        "company__area"
    ).get(pk=entry.pk)  # fmt: skip
    if not may_list(actor, entry.company):
        raise refused(_("The blacklist is kept by the leaders over the company's place."),
                      "entry", ErrorCode.FORBIDDEN)  # fmt: skip
    if entry.lifted_on is not None:
        raise refused(_("This entry is lifted already."), "entry", ErrorCode.CLOSED)
    on = past_day(on, "on")
    if on < entry.listed_on:
        raise refused(_("This is before the company was listed."), "on")
    if not why.strip():
        raise refused(_("Say why it is lifted."), "why", ErrorCode.REQUIRED)
    entry.lifted_on, entry.lifted_why = on, why.strip()[:300]
    entry.save(update_fields=["lifted_on", "lifted_why", "updated_at"])
    return entry
