"""Intake (信息收集): one service takes a report from every channel into the loop.

The location is resolved to a grid (a point, a building of the register, or an address that
names one building as a caller says it, through the standard address index); a location outside every grid is refused. A retried submission
with the same idempotency key returns the case made the first time.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from shapely.geometry import shape

from civicgrid.accounts import permissions
from civicgrid.accounts.choices import Role
from civicgrid.areas import locator
from civicgrid.areas.choices import AreaLevel
from civicgrid.areas.models import Area
from civicgrid.catalogue.answers import clean_answers
from civicgrid.catalogue.choices import Priority
from civicgrid.catalogue.models import CaseClass
from civicgrid.catalogue.selectors import active_class
from civicgrid.core import pii
from civicgrid.core.checks import MARKUP
from civicgrid.core.errors import DomainError, ErrorCode
from civicgrid.core.geo import gcj02_to_wgs84
from civicgrid.core.phone import PhoneError, normalise
from civicgrid.core.text import column_length
from civicgrid.registry import addresses
from civicgrid.registry.models import Building

from ..choices import Channel, State, Tier
from ..errors import CasesError
from ..models import Case, CaseAssignment, CaseEvent
from ..notify import case_reported
from . import guards, intake_write
from . import photos as photo_service
from .transition import case_transition

PUBLIC_CHANNELS = {Channel.WEB, Channel.MOBILE, Channel.OPEN311}
PATROL_ROLES = {Role.SUPERVISOR, Role.GRID_LEADER}
HTML = MARKUP
CJK = re.compile(r"[\u3400-\u9fff]")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
ADDRESS_MAX = column_length(Case, "address")
DEPTH_LEVEL = {2: "district", 3: "street", 4: "community", 5: "community"}
DEPTH_TIER = {2: Tier.DISTRICT, 3: Tier.STREET, 4: Tier.COMMUNITY, 5: Tier.GRID}


@dataclass
class Place:
    grid: Area
    lon: float | None
    lat: float | None
    building: Building | None
    address: str


@dataclass
class Report:
    """What any channel hands in. ``case_class`` is a class code."""

    case_class: str
    description: str = ""
    channel: str = Channel.HOTLINE
    lon: float | None = None
    lat: float | None = None
    gcj02: bool = False
    building: str = ""
    address: str = ""
    answers: dict = field(default_factory=dict)
    reporter_name: str = ""
    reporter_phone: str = ""
    reporter_email: str = ""
    anonymous: bool = False
    idempotency_key: str = ""
    priority: str = ""
    photos: list = field(default_factory=list)
    photos_field: str = "photos"  # what the interface calls them, named when one is refused
    # where the report came from, kept on the first event for staff (e.g. an Open311 client
    # application, device and account ids, a media URL)
    source: dict = field(default_factory=dict)


def _class(code: str) -> CaseClass:
    found = active_class(code)
    if found is None:
        raise DomainError(
            _("There is no active class with code “%(code)s”.") % {"code": code},
            code=CasesError.UNKNOWN_CLASS,
            field="case_class",
        )
    return found


def _number(value, name: str, low: float, high: float) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise DomainError(_("Not a number."), code=ErrorCode.INVALID, field=name) from None
    if not low <= number <= high:
        raise DomainError(
            _("Must be between %(low)s and %(high)s.") % {"low": low, "high": high},
            code=ErrorCode.INVALID,
            field=name,
        )
    return number


def resolve_location(report: Report) -> Place:
    """(grid, lon, lat in WGS84, building, address) for a report, or a field-naming error."""
    building = None
    standard = ""
    if report.building:
        building = Building.objects.filter(code=report.building.strip(), active=True).first()
        if building is None:
            raise DomainError(
                _("No building in the register has code “%(code)s”.") % {"code": report.building},
                code=CasesError.UNKNOWN_BUILDING,
                field="building",
            )
    elif report.address and report.lon is None:
        building, standard = _building_at(report.address.strip())
    address = standard or report.address.strip() or (building.address if building else "")
    if report.lon is not None or report.lat is not None:
        lon = _number(report.lon, "lon", -180, 180)
        lat = _number(report.lat, "lat", -90, 90)
        if report.gcj02:
            lon, lat = gcj02_to_wgs84(lon, lat)
        grid_id = locator.locate_many([(lon, lat)])[0]
        if grid_id is None:
            raise DomainError(
                _("This location is outside the district: no grid covers it."),
                code=CasesError.OUTSIDE_DISTRICT,
                field="location",
            )
        return Place(locator.grid(grid_id), lon, lat, building, address)
    if building is not None:
        return Place(building.grid, building.lon, building.lat, building, address)
    raise DomainError(
        _("Give a location: a point on the map, a building code or an address."),
        code=CasesError.NO_LOCATION,
        field="location",
    )


def _building_at(typed: str) -> tuple[Building, str]:
    """The building an address names as a caller says it ("示范路391号", "391号示范路", a street
    added, pinyin initials, a typo), through the standard address index; and the address to
    keep: the standard one, with the caller's words after it when they say more. Refused on the
    field ``address`` with the best candidates when it could be several places."""
    found = addresses.resolve(typed)
    if found.candidate is not None:
        building = Building.objects.get(pk=found.candidate.building_id)
        standard = found.candidate.text
        said = typed.replace(" ", "") not in standard.replace(" ", "") and CJK.search(typed)
        # the caller's own words are kept after the standard address when they say more
        address = f"{standard}（{typed}）" if said else standard
        return building, address if len(address) <= ADDRESS_MAX else standard[:ADDRESS_MAX]
    exact = list(Building.objects.filter(address=typed, active=True)[:2])
    if len(exact) == 1:  # an index not built yet (civicgrid addresses --rebuild) still finds it
        return exact[0], typed
    if found.candidates:
        raise DomainError(
            _(
                "“%(typed)s” could be more than one place: %(places)s. Say which one (add the "
                "building's name, or the unit and room), or enter the building's code."
            )
            % {
                "typed": typed,
                "places": "；".join(
                    f"{c.label}（{_('building code')} {c.building}）" for c in found.candidates[:5]
                ),
            },
            code=CasesError.UNKNOWN_ADDRESS,
            field="address",
        )
    raise DomainError(
        _(
            "No address in the register matches “%(typed)s”. Check the road and the house "
            "number as the caller says them, or enter the building's code."
        )
        % {"typed": typed},
        code=CasesError.UNKNOWN_ADDRESS,
        field="address",
    )


def place_in(community: Area) -> dict:
    """Where a report about an area as a whole lies (a community's complaint, a council's task):
    a point inside one of its grids, else one of its buildings; ``Report`` fields."""
    grids = Area.objects.filter(
        path__startswith=community.path, level=AreaLevel.GRID, active=True
    ).exclude(boundary=None)
    for grid in grids.order_by("code")[:1]:
        point = shape(grid.boundary).representative_point()
        return {"lon": point.x, "lat": point.y}
    building = Building.objects.filter(grid__path__startswith=community.path, active=True).first()
    if building is not None:
        return {"building": building.code}
    raise DomainError(
        _("civicgrid knows no place in %(community)s: draw its grids first.")
        % {"community": community.name},
        code=ErrorCode.INVALID,
        field="community",
    )


def _intake_depth(actor, grid: Area, channel: str) -> int:
    """How deep in the tree the intake sits: the actor's deepest grant covering the grid."""
    if channel in PUBLIC_CHANNELS or actor is None or not actor.is_authenticated:
        return {"district": 2, "street": 3, "community": 4}[settings.CIVICGRID_PUBLIC_INTAKE_LEVEL]
    depths = [
        g.path.count("/")
        for g in permissions.grants(actor)
        if g.covers(grid.path) and g.allows(permissions.VIEW_CASES)
    ]
    if not depths:
        if permissions.is_everywhere(actor):
            return 2
        raise DomainError(
            _("This location is outside your area."),
            code=CasesError.OUTSIDE_SCOPE,
            field="location",
        )
    return max(min(max(depths), 5), 2)


def _validate(report: Report, case_class: CaseClass, actor) -> dict:
    if report.channel not in Channel.values:
        raise DomainError(_("Unknown channel."), code=ErrorCode.INVALID, field="channel")
    if report.channel in PUBLIC_CHANNELS and not case_class.public:
        raise DomainError(
            _("This class is not open to public reports: choose another one."),
            code=CasesError.NOT_PUBLIC,
            field="case_class",
        )
    if report.channel == Channel.PATROL and not (
        permissions.is_everywhere(actor)
        or {g.role for g in permissions.grants(actor)} & PATROL_ROLES
    ):
        raise DomainError(
            _("Only grid workers report from patrol."),
            code=ErrorCode.NOT_PERMITTED,
            field="channel",
        )
    description = (report.description or "").strip()
    if len(description) > 4000:
        raise DomainError(
            _("The description is longer than 4,000 characters."),
            code=ErrorCode.TOO_LONG,
            field="description",
        )
    if HTML.search(description):
        raise DomainError(
            _("The description must be plain text, without HTML."),
            code=ErrorCode.INVALID,
            field="description",
        )
    if report.priority and report.priority not in Priority.values:
        raise DomainError(_("Unknown priority."), code=ErrorCode.INVALID, field="priority")
    phone = ""
    if report.reporter_phone:
        try:
            phone = normalise(report.reporter_phone)
        except PhoneError as exc:
            raise DomainError(str(exc), code=ErrorCode.INVALID, field="reporter_phone") from None
    email = (report.reporter_email or "").strip()
    if email and not EMAIL.match(email):
        raise DomainError(
            _("Not an email address."), code=ErrorCode.INVALID, field="reporter_email"
        )
    if len((report.address or "").strip()) > ADDRESS_MAX:
        raise DomainError(
            _("The address is longer than %(n)s characters.") % {"n": ADDRESS_MAX},
            code=ErrorCode.TOO_LONG,
            field="address",
        )
    name = (report.reporter_name or "").strip()
    if len(name) > 50:
        raise DomainError(
            _("The name is too long."), code=ErrorCode.TOO_LONG, field="reporter_name"
        )
    account = _reporter_account(actor, report.channel)
    anonymous = report.anonymous or not (account or name or phone or email)
    if anonymous and not case_class.anonymous_allowed:
        raise DomainError(
            _("This class does not take anonymous reports: give a name and a phone number."),
            code=CasesError.ANONYMOUS_NOT_ALLOWED,
            field="reporter_phone",
        )
    if len(report.idempotency_key or "") > 80:
        raise DomainError(
            _("The key is too long."), code=ErrorCode.TOO_LONG, field="idempotency_key"
        )
    return {
        "description": description,
        "phone": "" if anonymous else phone,
        "email": "" if anonymous else email,
        "name": "" if anonymous else name,
        "anonymous": anonymous,
    }


def case_report(*, actor, report: Report, now: dt.datetime | None = None) -> Case:
    """Take a report into the loop: a new case in state ``reported`` with its first event.

    With an idempotency key already used on the channel, returns that case (``replayed``). The
    key is not looked up first: the unique index refuses the second case, and only then is the
    first one read (a retry is rare; every report would pay for the look-up). A retry that
    would now be refused (its class since retired, say) still gets the case made the first time.
    """
    now = now or timezone.now()
    key = (report.idempotency_key or "").strip()
    try:
        case_class = _class(report.case_class)
        clean = _validate(report, case_class, actor)
        answers = clean_answers(case_class, report.answers)
        place = resolve_location(report)
        depth = _intake_depth(actor, place.grid, report.channel)
        photos = photo_service.clean_photos(report.photos, field=report.photos_field)
    except DomainError:
        existing = _replayed(report.channel, key)
        if existing is None:
            raise
        return existing
    try:
        with transaction.atomic():
            case = _create(actor, report, case_class, clean, answers, place, depth, now, key)
            attached = photo_service.attach(case, photos, kind="report", event=case.first_event)
            # no one is notified of a report: the reporter gets the number at once, and the
            # case waits in the operators' and shift leads' queues; other systems hear of it
            transaction.on_commit(lambda: _announce(case.pk))
    except IntegrityError:
        existing = _replayed(report.channel, key)
        if existing is None:
            raise
        return existing
    case.replayed = False
    # what the guards would read of the case just written, known without asking the database:
    # no request, no suspension, no rating, the photos just attached
    case.facts = guards.Facts(
        suspended=False,
        pending=frozenset(),
        rating="",
        tier=case.tier_current,
        has_photos=bool(attached),
        self_handle_allowed=case_class.self_handle_allowed,
        answerable=case_class.answerable,
    )
    return case


def _replayed(channel: str, key: str) -> Case | None:
    """The case an idempotency key made on ``channel``, marked ``replayed``; None without one."""
    if not key:
        return None
    existing = Case.objects.filter(channel=channel, idempotency_key=key).first()
    if existing is not None:
        existing.replayed = True
    return existing


def _announce(case_id: int) -> None:
    case_reported(case_id)


def _reporter_account(actor, channel: str):
    """The account that reported: the resident on a public channel, the grid worker on patrol.
    On the hotline or at a window the operator records someone else's report."""
    if actor is None or not actor.is_authenticated:
        return None
    return actor if channel in PUBLIC_CHANNELS or channel == Channel.PATROL else None


def _create(actor, report, case_class, clean, answers, place: Place, depth, now, key):
    account = _reporter_account(actor, report.channel)
    tier = DEPTH_TIER[depth]
    if report.channel == Channel.PATROL:
        tier = Tier.GRID
    case = Case(
        kind=case_class.kind,
        case_class=case_class,
        channel=report.channel,
        state=State.REPORTED,
        priority=report.priority or case_class.priority,
        description=clean["description"],
        answers=answers,
        lon=place.lon,
        lat=place.lat,
        address=place.address,
        building=place.building,
        grid=place.grid,
        reporter_user=account,
        anonymous=clean["anonymous"],
        reporter_name=clean["name"],
        idempotency_key=key,
        dispatch_level=DEPTH_LEVEL[depth],
        tier_opened=tier,
        tier_current=tier,
        reported_at=now,
    )
    if clean["phone"]:
        case.set_pii("reporter_phone", clean["phone"], pii.mask_phone)
    if clean["email"]:
        case.set_pii("reporter_email", clean["email"], pii.mask_email)
    case.first_event = CaseEvent(
        seq=1,
        action="report",
        from_state="",
        to_state=State.REPORTED,
        actor=actor if actor is not None and actor.is_authenticated else None,
        at=now,
        public=True,
        data={**report.source, "channel": report.channel},
    )
    intake_write.write(case, case.first_event)
    # a new case has no assignments: spare the query when the caller asks for its actions (an
    # empty result already read, as prefetch_related leaves it: iterating it compiles nothing)
    none = CaseAssignment.objects.none()
    none._result_cache = []
    case._prefetched_objects_cache = {"assignments": none}
    return case


def case_self_handle(
    *, actor, report: Report, after_photos=(), note: str = "", now: dt.datetime | None = None
) -> Case:
    """A grid worker fixes a small problem on the spot: recorded and closed at once (小事不出格)."""
    return _reported_then(
        "self_handle", actor=actor, report=report, now=now, note=note, photos=after_photos
    )


def case_answer(
    *, actor, report: Report, article: str = "", note: str = "", now: dt.datetime | None = None
) -> Case:
    """An operator answers a consultation while the caller is on the line (from the knowledge
    base's ``article``, or as the note says): recorded and closed at once."""
    return _reported_then(
        "answer", actor=actor, report=report, now=now, note=note, data={"article": article or None}
    )


def _reported_then(action: str, *, actor, report: Report, now, **step) -> Case:
    """Record the report and take ``action`` on it in one transaction: either both or neither."""
    now = now or timezone.now()
    with transaction.atomic():
        case = case_report(actor=actor, report=report, now=now)
        if case.replayed:
            return case
        return case_transition(case_id=case.pk, action=action, actor=actor, now=now, **step)
