"""Reads of the register. Every selector starts from ``visible_to(user)``. A filter value that
names nothing the user can see (an unknown code, an id where a code is asked for) is a
``DomainError`` naming the filter, never a silently empty list."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.accounts import permissions
from civicgrid.accounts.choices import Role
from civicgrid.accounts.models import RoleAssignment
from civicgrid.accounts.permissions import VIEW_REGISTER
from civicgrid.areas.choices import AreaLevel
from civicgrid.areas.models import Area
from civicgrid.core import pii
from civicgrid.core.errors import DomainError, ErrorCode, TooManyAttempts
from civicgrid.core.phone import PhoneError, normalise
from civicgrid.core.ratelimit import Limit
from civicgrid.core.text import shortened

from .addresses.search import suggest
from .choices import Relation, ResidenceKind, ResidenceType, StaffPostKind, TagGroup
from .errors import RegistryError
from .models import (
    Building,
    House,
    Household,
    Person,
    PersonTag,
    Residence,
    StaffPost,
    Tag,
    Unit,
    Visit,
)

# Lists show a grid's code and name, never its boundary: don't load the polygons with every row.
GRID_GEOMETRY = ("grid__boundary", "grid__bbox")


@dataclass
class RegisterFilters:
    q: str = ""  # name prefix, or an exact ID number / phone
    area: str = ""  # an area code: everything in its subtree
    tag: str = ""  # a tag code
    residence_type: str = ""
    building: str = ""  # a building code
    household: str = ""  # a household number
    address: str = ""  # part of a building address

    @classmethod
    def from_mapping(cls, data) -> RegisterFilters:
        return cls(**{k: (data.get(k) or "").strip() for k in cls.__dataclass_fields__})


def _unknown(field: str, value: str) -> DomainError:
    """A filter value that names nothing the caller can see: say so rather than answer an empty
    list that looks like "nobody" (``building=1`` is an id where a code is asked for)."""
    labels = {
        "area": _("Area code"),
        "tag": _("Group"),
        "residence_type": _("Residence type"),
        "building": _("Building"),
        "household": _("Household"),
    }
    return DomainError(
        _("%(filter)s: nothing you can see has the code “%(value)s”.")
        % {"filter": labels[field], "value": shortened(value, 40)},
        code=RegistryError.UNKNOWN_FILTER_VALUE,
        field=field,
    )


def _in_area(code: str, path_field: str = "grid__path") -> Q:
    """Rows in the subtree of the area with ``code``. Area codes are public (the portal's map)."""
    path = Area.objects.filter(code=code).values_list("path", flat=True).first()
    if path is None:
        raise _unknown("area", code)
    return permissions.under_paths(path_field, [path])


def _building(user, code: str) -> Building:
    """The building with ``code`` in the user's scope (one out of scope is not named either)."""
    found = Building.objects.visible_to(user).filter(code=code).only("id").first()
    if found is None:
        raise _unknown("building", code)
    return found


def _looks_like_id(q: str) -> bool:
    return len(q) in (15, 18) and q[:14].isdigit()


def number_searched(q: str) -> tuple[str, str] | None:
    """``("id_number", number)`` or ``("phone", number)`` when ``q`` is a whole ID number or
    phone number (as the register stores it: core.phone's rules); else None. Such a search
    tells whose the number is: it is limited per hour and audited like a look-up."""
    compact = q.replace(" ", "").upper()
    if _looks_like_id(compact):
        return "id_number", compact
    try:
        return "phone", normalise(q.translate(_FULL_WIDTH_BRACKETS))
    except PhoneError:
        return None


_FULL_WIDTH_BRACKETS = str.maketrans("", "", "（）")


def _by_number(qs: QuerySet, user, key: str, number: str) -> QuerySet:
    _count_number_lookup(user)
    return qs.filter(**{f"{key}_index": pii.blind_index(number)})


def _count_number_lookup(user) -> None:
    """An exact ID number or phone search answers yes or no about a guessed number: with the
    masked number and the birth year some 33 ID numbers remain, with a masked mobile 10,000.
    Each account gets ``CIVICGRID_REGISTER_LOOKUPS_PER_HOUR`` of them."""
    limit = Limit("register.lookup", settings.CIVICGRID_REGISTER_LOOKUPS_PER_HOUR, 3600)
    if not limit.hit(str(user.pk)):
        raise TooManyAttempts(
            _("Too many searches by ID number or phone in an hour. Please try again later."),
            field="q",
        )


def person_list(*, user, filters: RegisterFilters | None = None) -> QuerySet[Person]:
    f = filters or RegisterFilters()
    qs = Person.objects.visible_to(user).select_related("grid", "household").defer(*GRID_GEOMETRY)
    if f.q:
        number = number_searched(f.q)
        qs = _by_number(qs, user, *number) if number else qs.filter(name__startswith=f.q)
    if f.area:
        qs = qs.filter(_in_area(f.area))
    if f.tag:
        tag = Tag.objects.filter(code=f.tag).first()
        if tag is None:
            raise _unknown("tag", f.tag)
        # Names behind a tag are shown only where the user's clearance reaches its sensitivity.
        qs = qs.filter(
            Exists(PersonTag.objects.filter(person=OuterRef("pk"), tag=tag)),
            _cleared_scope(user, tag.sensitivity),
        )
    if f.residence_type:
        if f.residence_type not in ResidenceType.values:
            raise _unknown("residence_type", f.residence_type)
        qs = qs.filter(residence_type=f.residence_type)
    if f.household:
        household = Household.objects.visible_to(user).filter(number=f.household).first()
        if household is None:
            raise _unknown("household", f.household)
        qs = qs.filter(household=household)
    if f.building or f.address:
        homes = Residence.objects.filter(person=OuterRef("pk"))
        if f.building:
            homes = homes.filter(house__building=_building(user, f.building))
        if f.address:
            homes = homes.filter(house__building__address__contains=f.address)
        qs = qs.filter(Exists(homes))
    return qs.order_by("id")


def person_by_id_number(user, number: str, field: str = "id_number") -> Person | None:
    """The person of the register the user sees with this ID number (the look-up is counted
    like every search by number); None when no number was typed."""
    number = number.strip().upper()
    if not number:
        return None
    found = person_list(user=user, filters=RegisterFilters(q=number)).first()
    if found is None:
        raise DomainError(
            _("Nobody in the register you keep has this ID number."),
            code=ErrorCode.NOT_FOUND,
            field=field,
        )
    return found


def _cleared_scope(user, sensitivity: int) -> Q:
    if permissions.is_everywhere(user):
        return Q()
    paths = [
        g.path
        for g in permissions.grants(user)
        if g.allows(VIEW_REGISTER) and g.tag_clearance >= sensitivity
    ]
    if not paths:
        return Q(pk__in=[])
    if permissions.covers_every_grid(user, paths):
        return Q()
    return permissions.under_paths("grid__path", paths)


def tag_counts(*, user, area_code: str = "") -> list[dict]:
    """Persons per tag in the user's scope: counts, which every register role may see."""
    qs = Person.objects.visible_to(user).filter(active=True)
    if area_code:
        qs = qs.filter(_in_area(area_code))
    counts = dict(
        qs.filter(person_tags__isnull=False)
        .values_list("person_tags__tag")
        .annotate(n=Count("id"))
        .values_list("person_tags__tag", "n")
    )
    return [{"tag": tag, "count": counts.get(tag.pk, 0)} for tag in Tag.objects.all()]


def visible_tags(user, person: Person) -> list[Tag]:
    clearance = permissions.tag_clearance(user, person.grid.path)
    return [t for t in person.tags.all() if t.sensitivity <= clearance]


def building_list(*, user, filters: RegisterFilters | None = None) -> QuerySet[Building]:
    f = filters or RegisterFilters()
    qs = (
        Building.objects.visible_to(user)
        .select_related("grid", "property_company")
        .defer(*GRID_GEOMETRY)
    )
    if f.q:
        qs = qs.filter(Q(name__startswith=f.q) | Q(code=f.q))
    if f.area:
        qs = qs.filter(_in_area(f.area))
    if f.address:
        qs = qs.filter(address__contains=f.address)
    return qs.order_by("id")


def household_list(*, user, filters: RegisterFilters | None = None) -> QuerySet[Household]:
    f = filters or RegisterFilters()
    qs = (
        Household.objects.visible_to(user)
        .select_related("grid", "house__building")
        .defer(*GRID_GEOMETRY)
    )
    if f.q:
        qs = qs.filter(number__startswith=f.q)
    if f.area:
        qs = qs.filter(_in_area(f.area))
    if f.building:
        qs = qs.filter(house__building=_building(user, f.building))
    if f.address:
        qs = qs.filter(house__building__address__contains=f.address)
    return qs.order_by("id")


def visits_due(*, user, today: dt.date | None = None) -> QuerySet[Household]:
    """Households in the user's scope not visited for ``CIVICGRID_VISIT_DAYS`` days (or never):
    those with a member in a service group (elderly living alone, disabled …) first, then the
    longest unvisited."""
    today = today or timezone.localdate()
    cutoff = today - dt.timedelta(days=settings.CIVICGRID_VISIT_DAYS)
    cared = PersonTag.objects.filter(
        person__household=OuterRef("pk"), tag__group=TagGroup.SERVICE, person__active=True
    )
    return (
        household_list(user=user)
        .annotate(last_visit=Max("visits__visited_on"), cared=Exists(cared))
        .filter(Q(last_visit__isnull=True) | Q(last_visit__lt=cutoff))
        .order_by("-cared", F("last_visit").asc(nulls_first=True), "id")
    )


def house_list(*, user, building: Building | None = None) -> QuerySet[House]:
    qs = House.objects.visible_to(user).select_related("building")
    if building is not None:
        qs = qs.filter(building=building)
    return qs.order_by("building_id", "entrance", "room")


def unit_list(*, user, filters: RegisterFilters | None = None) -> QuerySet[Unit]:
    f = filters or RegisterFilters()
    qs = Unit.objects.visible_to(user).select_related("grid").defer(*GRID_GEOMETRY)
    if f.q:
        qs = qs.filter(name__startswith=f.q)
    if f.area:
        qs = qs.filter(_in_area(f.area))
    return qs.order_by("id")


def staff_post_list(*, user, area=None, building=None) -> QuerySet[StaffPost]:
    """Who holds the posts of an area (grid leader, community police) or of a building."""
    qs = (
        StaffPost.objects.visible_to(user)
        .select_related("area", "building", "user")
        .defer("area__boundary", "area__bbox")
    )
    if area is not None:
        qs = qs.filter(area=area, building__isnull=True)
    if building is not None:
        qs = qs.filter(building=building)
    return qs.order_by("kind", "id")


def visit_list(*, user, household: Household | None = None) -> QuerySet[Visit]:
    qs = Visit.objects.visible_to(user).select_related("household", "worker")
    if household is not None:
        qs = qs.filter(household=household)
    return qs


def householders(*, user, households) -> dict[int, Person]:
    """The householder (relation "head") of each household, among the persons the user sees:
    household id → person (the first registered when a household records two)."""
    ids = [h.pk for h in households]
    found: dict[int, Person] = {}
    if not ids:
        return found
    heads = (
        Person.objects.visible_to(user)
        .filter(household_id__in=ids, relation=Relation.HEAD, active=True)
        .only("id", "name", "household_id", "id_number_masked", "phone_masked")
        .order_by("id")
    )
    for p in heads:
        found.setdefault(p.household_id, p)
    return found


def with_householders(*, user, households: list[Household]) -> list[Household]:
    """``households`` each with ``householder`` set (None when none is recorded)."""
    heads = householders(user=user, households=households)
    for h in households:
        h.householder = heads.get(h.pk)  # type: ignore[attr-defined]
    return households


def card_header(*, user, household: Household) -> dict:
    """What heads the printed 一户一卡: the street and community, the grid's leader (网格长) with
    their work phone from the staff posts, and the grid workers (网格员) holding the grid."""
    grid = household.grid
    above = {a.level: a for a in grid.ancestors()}
    posts = list(staff_post_list(user=user, area=grid).filter(kind=StaffPostKind.GRID_LEADER))
    workers = (
        RoleAssignment.objects.filter(
            role=Role.SUPERVISOR, active=True, unit__area=grid, user__is_active=True
        )
        .select_related("user")
        .order_by("user__username")
    )
    return {
        "street": above.get(AreaLevel.STREET),
        "community": above.get(AreaLevel.COMMUNITY),
        # a grid leader's work phone is the contact printed for the household (网格员公示): it
        # is a post's number, not a resident's, so it is printed whole
        "grid_leaders": [(p, p.reveal("phone") if p.phone_enc else "") for p in posts],
        "grid_workers": sorted({str(a.user) for a in workers}),
        "printed_on": timezone.localdate(),
    }


def household_card(*, user, household: Household) -> dict:
    """Everything on 一户一卡: the header, members (masked), house, needs, visits."""
    members = list(person_list(user=user).filter(household=household).prefetch_related("tags"))
    members.sort(key=lambda m: (m.relation != Relation.HEAD, m.pk))  # the householder first
    return {
        "household": household,
        "members": [(m, visible_tags(user, m)) for m in members],
        "visits": list(visit_list(user=user, household=household)[:20]),
        **card_header(user=user, household=household),
    }


# -- the grid leader's look-up: one box, a name, an ID number, a phone or an address ----------

LOOKUP_LIMIT = 20
_ROOM = re.compile(r"^(?:(?P<entrance>[0-9A-Za-z]+)[-－])?(?P<room>[0-9A-Za-z]+)(?:室)?$")


@dataclass
class Lookup:
    """What a look-up found: how the text was read (``key``: id_number, phone, name or
    address), the households (each with ``householder``), the persons who matched by name or
    number per household, and whether there were more than shown."""

    q: str
    key: str = ""
    households: list[Household] = field(default_factory=list)
    matched: dict[int, list[Person]] = field(default_factory=dict)
    persons: list[Person] = field(default_factory=list)  # the number's owners (audited)
    more: bool = False


def _address_q(text: str) -> Q:
    """Every word of ``text`` names the building (address or name), the room ("2-301",
    "301室") or the household number."""
    cond = Q()
    for word in text.split():
        either = (
            Q(house__building__address__contains=word)
            | Q(house__building__name__contains=word)
            | Q(number=word)
        )
        room = _ROOM.match(word)
        if room:
            at = Q(house__room=room["room"])
            if room["entrance"]:
                at &= Q(house__entrance=room["entrance"])
            either |= at
        cond &= either
    return cond


def _indexed(user, text: str) -> Q:
    """Households at the places the standard address index suggests for ``text`` (a house's
    entry names its households, a building's entry all of the building's)."""
    found = suggest(text, limit=LOOKUP_LIMIT, user=user)
    houses = {c.house_id for c in found if c.house_id}
    buildings = {c.building_id for c in found if not c.house_id}
    if not houses and not buildings:
        return Q(pk__in=[])
    return Q(house_id__in=houses) | Q(house__building_id__in=buildings)


def lookup(*, user, q: str) -> Lookup:
    """Find households by an exact ID number or mobile number (through their blind indexes,
    never by decrypting), by a person's name (its beginning) or by an address. Only what the
    user may see of the register is searched; a number look-up counts against the hourly limit
    (``CIVICGRID_REGISTER_LOOKUPS_PER_HOUR``)."""
    text = " ".join(q.split())[:100]
    found = Lookup(q=text)
    if not text:
        return found
    people = Person.objects.visible_to(user).filter(household__isnull=False)
    number = number_searched(text)
    if number:
        found.key = number[0]
        found.persons = list(_by_number(people, user, *number))
    matched_people = found.persons
    households = (
        Household.objects.visible_to(user)
        .select_related("grid", "house__building")
        .defer(*GRID_GEOMETRY)
    )
    if found.key:
        qs = households.filter(pk__in=[p.household_id for p in matched_people])
    else:
        named = []
        if not any(ch.isdigit() for ch in text):
            named = list(people.filter(name__startswith=text).order_by("id")[: LOOKUP_LIMIT + 1])
        if named:
            found.key = "name"
            matched_people = named
            qs = households.filter(pk__in=[p.household_id for p in named])
        else:
            found.key = "address"
            qs = households.filter(_address_q(text))
    rows = list(qs.order_by("id")[: LOOKUP_LIMIT + 1])
    if not rows and found.key == "address":  # as said, with typos or initials: the address index
        rows = list(households.filter(_indexed(user, text)).order_by("id")[: LOOKUP_LIMIT + 1])
    found.more = len(rows) > LOOKUP_LIMIT
    found.households = with_householders(user=user, households=rows[:LOOKUP_LIMIT])
    for p in matched_people:
        found.matched.setdefault(p.household_id, []).append(p)  # type: ignore[arg-type]
    for h in found.households:
        h.matched_people = found.matched.get(h.pk, [])  # type: ignore[attr-defined]
    return found


def building_register(*, user, building: Building) -> dict:
    """Everything on 一栋一册: houses with their households and residents (masked)."""
    houses = list(house_list(user=user, building=building).prefetch_related("households"))
    people = {
        p.pk: p
        for p in Person.objects.visible_to(user)
        .filter(residences__house__building=building)
        .select_related("household", "grid")
        .prefetch_related("tags")
        .distinct()
    }
    by_house: dict[int, list] = {}
    residences = Residence.objects.filter(house__building=building).values_list(
        "house_id", "person_id", "kind"
    )
    for house_id, person_id, kind in residences:
        person = people.get(person_id)
        if person is not None:
            by_house.setdefault(house_id, []).append(
                (person, ResidenceKind(kind).label, visible_tags(user, person))
            )
    above = {a.level: a for a in building.grid.ancestors()}
    return {
        "street": above.get(AreaLevel.STREET),
        "community": above.get(AreaLevel.COMMUNITY),
        "building": building,
        "houses": [(h, by_house.get(h.pk, [])) for h in houses],
        "resident_count": len(people),
        "staff": list(staff_post_list(user=user, building=building)),
    }
