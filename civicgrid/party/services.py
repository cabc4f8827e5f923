"""The register of party organisations and stationed units, and the seats they hold.

An area's leaders and administrators (``can_lead``) keep the register of the area: they set up
party organisations (each with its unit, so its people can be given roles on it), register the
units stationed there and give them seats on a committee. Agreements and the three lists are in
``party/cobuilding.py``.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.accounts import permissions
from civicgrid.accounts import services as accounts
from civicgrid.accounts.choices import UnitKind
from civicgrid.accounts.models import OrgUnit, User
from civicgrid.areas.models import Area
from civicgrid.core import checks
from civicgrid.core.checks import checked, refusal
from civicgrid.core.errors import DomainError, ErrorCode
from civicgrid.registry.models import Building

from .choices import Level, Setting
from .models import PartyOrganisation, Seat, StationedUnit


def may_keep(user: User, area: Area) -> bool:
    """Keeps the party-building register of ``area``: leads it."""
    return permissions.can_lead(user, area)


def _keeper(actor: User, area: Area | None, field: str) -> Area:
    if area is None or not may_keep(actor, area):
        raise DomainError(
            _("You do not keep the party-building register here."),
            code=ErrorCode.FORBIDDEN,
            field=field,
        )
    return area


def street_or_community(area: Area, field: str = "area") -> Area:
    """Party building is kept for the district, its streets and communities, not for a grid."""
    if area.level > 4:
        raise DomainError(
            _("Choose a street or a community (or the district), not a grid."),
            code=ErrorCode.INVALID,
            field=field,
        )
    return area


def not_after_today(day: dt.date | None, field: str) -> None:
    """What is recorded as done or decided did not happen in the future."""
    if day is not None and day > timezone.localdate():
        raise DomainError(_("This day has not come yet."), code=ErrorCode.INVALID, field=field)


def _under(inner: str, outer: str) -> bool:
    return inner.startswith(outer)


def _placed(entry: PartyOrganisation, area: Area, parent: PartyOrganisation | None) -> None:
    """A party organisation sits under its parent's area, and a building it is built in lies in
    its own area."""
    if parent is not None:
        if parent.pk == entry.pk:
            raise DomainError(
                _("An organisation cannot be placed under itself."),
                code=ErrorCode.INVALID,
                field="parent",
            )
        if not _under(area.path, parent.unit.area.path):
            raise DomainError(
                _("The parent organisation serves another area: choose one above this area."),
                code=ErrorCode.INVALID,
                field="parent",
            )
        if parent.level in (Level.GROUP, Level.LIAISON):
            raise DomainError(
                _("A party group or a liaison has no organisations under it."),
                code=ErrorCode.INVALID,
                field="parent",
            )
    if entry.setting == Setting.BUILDING and entry.building is None:
        raise DomainError(
            _("Say which building it is built in."), code=ErrorCode.REQUIRED, field="building"
        )
    if entry.building is not None and not _under(entry.building.grid.path, area.path):
        raise DomainError(
            _("This building is not in the organisation's area."),
            code=ErrorCode.INVALID,
            field="building",
        )


def building_by_code(code: str) -> Building | None:
    """The active building with this register code (a form's or a client's typed code)."""
    code = (code or "").strip()
    if not code:
        return None
    found = Building.objects.select_related("grid").filter(code=code, active=True).first()
    if found is None:
        raise DomainError(
            _("No building in the register has code “%(code)s”.") % {"code": code},
            code=ErrorCode.NOT_FOUND,
            field="building",
        )
    return found


@transaction.atomic
def organisation_create(
    *,
    actor: User,
    name: str,
    code: str,
    area: Area | None,
    level: str,
    parent: PartyOrganisation | None = None,
    setting: str = Setting.AREA,
    host: str = "",
    building: Building | None = None,
    secretary: str = "",
    phone: str = "",
    members: int = 0,
    founded_on: dt.date | None = None,
) -> PartyOrganisation:
    """Set up a party organisation: its unit on the area tree (under its parent's unit) and its
    register entry."""
    area = street_or_community(_keeper(actor, area, "area"))
    entry = PartyOrganisation(
        level=level, setting=setting, host=host.strip(), building=building,
        secretary=secretary.strip(), members=members, founded_on=founded_on,
    )  # fmt: skip
    checked(entry, exclude=["unit"])
    _placed(entry, area, parent)
    if OrgUnit.objects.filter(code=code.strip()).exists():
        raise DomainError(
            _("A unit already has this code."), code=ErrorCode.DUPLICATE, field="code"
        )
    try:
        entry.unit = accounts.orgunit_create(
            kind=UnitKind.PARTY_ORGANISATION, name=name.strip(), code=code.strip(), area=area,
            parent=parent.unit if parent else None,
        )  # fmt: skip
    except ValidationError as exc:
        raise refusal(exc) from None
    entry.set_phone("secretary_phone", phone)
    entry.save()
    return entry


@transaction.atomic
def organisation_update(
    *,
    actor: User,
    organisation: PartyOrganisation,
    name: str,
    level: str,
    parent: PartyOrganisation | None,
    setting: str,
    host: str,
    building: Building | None,
    secretary: str,
    members: int,
    founded_on: dt.date | None,
    phone: str = "",
) -> PartyOrganisation:
    """Change the register entry and the unit's name and parent (an empty ``phone`` keeps the
    phone on record)."""
    entry = (
        PartyOrganisation.objects.select_for_update()
        .select_related("unit__area")
        .get(pk=organisation.pk)
    )
    area = _keeper(actor, entry.unit.area, "area")
    entry.level, entry.setting, entry.host = level, setting, host.strip()
    entry.building, entry.secretary = building, secretary.strip()
    entry.members, entry.founded_on = members, founded_on
    checked(entry, exclude=["unit"])
    _placed(entry, area, parent)
    _level_holds(entry)
    if parent is not None and _descends(parent, entry):
        raise DomainError(
            _("An organisation cannot be placed under one of its own."),
            code=ErrorCode.INVALID,
            field="parent",
        )
    unit = entry.unit
    unit.name, unit.parent = name.strip(), parent.unit if parent else None
    try:
        accounts.orgunit_save(unit=unit)
    except ValidationError as exc:
        raise refusal(exc) from None
    entry.set_phone("secretary_phone", phone)
    entry.save()
    return entry


def _level_holds(entry: PartyOrganisation) -> None:
    """A new level must fit what the organisation has: organisations under it (not a group or a
    liaison), seats held on it (a committee)."""
    if (
        entry.level in (Level.GROUP, Level.LIAISON)
        and PartyOrganisation.objects.filter(unit__parent=entry.unit).exists()
    ):
        raise DomainError(
            _("Organisations are under it: a party group or a liaison has none."),
            code=ErrorCode.INVALID,
            field="level",
        )
    if not entry.is_committee and entry.seats.filter(until__isnull=True).exists():
        raise DomainError(
            _("Stationed units hold seats on it: end them before it stops being a committee."),
            code=ErrorCode.INVALID,
            field="level",
        )


def _descends(candidate: PartyOrganisation, ancestor: PartyOrganisation) -> bool:
    unit: OrgUnit | None = candidate.unit
    seen = set()
    while unit is not None and unit.pk not in seen:
        if unit.pk == ancestor.unit_id:
            return True
        seen.add(unit.pk)
        unit = unit.parent
    return False


@transaction.atomic
def stationed_unit_save(
    *,
    actor: User,
    area: Area | None,
    name: str,
    kind: str,
    unit: StationedUnit | None = None,
    address: str = "",
    credit_code: str = "",
    party_body: str = "",
    members: int = 0,
    contact_name: str = "",
    phone: str = "",
    active: bool = True,
) -> StationedUnit:
    """Register a stationed unit, or change one (``unit``); an empty ``phone`` keeps the one on
    record."""
    if unit is not None:
        unit = StationedUnit.objects.select_for_update().get(pk=unit.pk)
        _keeper(actor, unit.area, "area")
    entry = unit or StationedUnit()
    entry.area = street_or_community(_keeper(actor, area, "area"))
    if unit is not None:
        _ties_hold(entry, active)
    entry.name, entry.kind, entry.address = name.strip(), kind, address.strip()
    entry.credit_code, entry.party_body = checks.credit_code(credit_code), party_body.strip()
    entry.members, entry.contact_name, entry.active = members, contact_name.strip(), active
    checked(entry)
    if StationedUnit.objects.filter(area=entry.area, name=entry.name).exclude(pk=entry.pk).exists():
        raise DomainError(
            _("A unit of this name is already stationed here."),
            code=ErrorCode.DUPLICATE,
            field="name",
        )
    entry.set_phone("contact_phone", phone)
    entry.save()
    return entry


def _ties_hold(unit: StationedUnit, active: bool) -> None:
    """A unit that moves or stops keeps no seat or agreement where it no longer is."""
    seats = unit.seats.filter(until__isnull=True).select_related("committee__unit__area")
    bound = unit.agreements.filter(status="signed", ends_on__gte=timezone.localdate())
    bound = bound.select_related("party_organisation__unit__area")
    if not active and (seats.exists() or bound.exists()):
        raise DomainError(
            _("It holds a seat or an agreement in force: end them before it stops."),
            code=ErrorCode.INVALID,
            field="active",
        )
    here = unit.area.path
    if any(not here.startswith(s.committee.unit.area.path) for s in seats) or any(
        not (here.startswith(a.party_organisation.unit.area.path)
             or a.party_organisation.unit.area.path.startswith(here))
        for a in bound
    ):  # fmt: skip
        raise DomainError(
            _("It holds a seat or an agreement where it was stationed: end them before it moves."),
            code=ErrorCode.INVALID,
            field="area",
        )


@transaction.atomic
def seat_give(
    *,
    actor: User,
    committee: PartyOrganisation,
    stationed_unit: StationedUnit,
    holder: str,
    since: dt.date,
    post: str = Seat._meta.get_field("post").default,
) -> Seat:
    """A stationed unit takes a seat on a committee of its area (大党工委兼职委员)."""
    area = _keeper(actor, committee.unit.area, "committee")
    if not committee.is_committee:
        raise DomainError(
            _("Only a party working committee or a party committee has seats."),
            code=ErrorCode.INVALID,
            field="committee",
        )
    if not _under(stationed_unit.area.path, area.path) or not stationed_unit.active:
        raise DomainError(
            _("This unit is not stationed in the committee's area."),
            code=ErrorCode.INVALID,
            field="stationed_unit",
        )
    not_after_today(since, "since")
    seat = Seat(committee=committee, stationed_unit=stationed_unit, post=post,
                holder=holder.strip(), since=since)  # fmt: skip
    checked(seat)
    try:
        with transaction.atomic():
            seat.save()
    except IntegrityError:
        raise DomainError(
            _("This unit already holds a seat on this committee."),
            code=ErrorCode.DUPLICATE,
            field="stationed_unit",
        ) from None
    return seat


@transaction.atomic
def seat_end(*, actor: User, seat: Seat, until: dt.date) -> Seat:
    seat = Seat.objects.select_for_update().select_related("committee__unit__area").get(pk=seat.pk)
    _keeper(actor, seat.committee.unit.area, "seat")
    if seat.until is not None:
        raise DomainError(_("This seat has already ended."), code=ErrorCode.INVALID, field="seat")
    if until < seat.since:
        raise DomainError(_("A seat ends after it begins."), code=ErrorCode.INVALID, field="until")
    seat.until = until
    seat.save(update_fields=["until", "updated_at"])
    return seat
