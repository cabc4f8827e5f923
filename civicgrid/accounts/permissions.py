"""Every permission question civicgrid asks, in one place.

A role is granted on an organisation unit and covers the unit's area subtree. What a role may do
is a *capability*; ``scope_filter`` turns "where may this user do X" into a path-prefix filter that
every ``visible_to`` and ``scope.areas_visible_to`` use, and the ``can_*`` predicates answer for
one area. Pages, the API, the admin and the CLI all ask here, so a button shows exactly when the
action would succeed.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.db.models import Q

from civicgrid.areas.choices import AreaLevel
from civicgrid.areas.models import Area

from . import caches
from .choices import Role, Sensitivity

VIEW_REGISTER = "view_register"
EDIT_REGISTER = "edit_register"
IMPORT_REGISTER = "import_register"
EXPORT_REGISTER = "export_register"
RECORD_VISIT = "record_visit"
MANAGE_AREAS = "manage_areas"
MANAGE_USERS = "manage_users"
VIEW_CASES = "view_cases"  # every case in the area (handlers see only their units' cases)
MANAGE_RULES = "manage_rules"  # catalogue, routing, calendar: district-wide configuration

ROLE_CAPABILITIES: dict[str, frozenset[str]] = {
    Role.ADMIN: frozenset(
        {
            VIEW_REGISTER,
            EDIT_REGISTER,
            IMPORT_REGISTER,
            EXPORT_REGISTER,
            RECORD_VISIT,
            MANAGE_AREAS,
            MANAGE_USERS,
            MANAGE_RULES,
            VIEW_CASES,
        }
    ),
    Role.LEADER: frozenset({VIEW_REGISTER, EXPORT_REGISTER, VIEW_CASES}),
    Role.OPERATOR: frozenset({VIEW_REGISTER, VIEW_CASES}),
    Role.SHIFT_LEAD: frozenset({VIEW_REGISTER, VIEW_CASES}),
    Role.DISPATCHER: frozenset({VIEW_REGISTER, VIEW_CASES}),
    Role.SUPERVISOR: frozenset({VIEW_REGISTER, RECORD_VISIT, VIEW_CASES}),
    Role.GRID_LEADER: frozenset(
        {VIEW_REGISTER, EDIT_REGISTER, IMPORT_REGISTER, EXPORT_REGISTER, RECORD_VISIT, VIEW_CASES}
    ),
    Role.HANDLER: frozenset(),
    Role.MEDIATOR: frozenset({VIEW_REGISTER, VIEW_CASES}),
    Role.COUNCIL_MEMBER: frozenset(),
    Role.RESIDENT: frozenset(),
}


@dataclass(frozen=True)
class Grant:
    path: str
    role: str
    view_pii: bool
    tag_clearance: int
    unit_id: int = 0
    level: int = 0  # the level of the unit's area
    unit_kind: str = ""

    def covers(self, path: str) -> bool:
        return path.startswith(self.path)

    def allows(self, capability: str | None) -> bool:
        return capability is None or capability in ROLE_CAPABILITIES.get(self.role, ())


def grants(user) -> list[Grant]:
    """The user's active grants: per user object (i.e. per request), from the process's cache
    of grants (``caches.KNOWN``, dropped whenever an assignment, a unit or an area is saved)."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_cg_grants", None)
    if cached is None:
        known = caches.KNOWN.get().grants
        cached = known.get(user.pk)
        if cached is None:
            # Read through the user's own role assignments: the models' scoped managers ask
            # this module, so it reads them from the user rather than importing them.
            cached = [
                Grant(path, role, view_pii, clearance, unit_id, level, unit_kind)
                for path, role, view_pii, clearance, unit_id, level, unit_kind in user.assignments.filter(
                    active=True, unit__active=True
                ).values_list(
                    "unit__area__path",
                    "role",
                    "view_pii",
                    "tag_clearance",
                    "unit_id",
                    "unit__area__level",
                    "unit__kind",
                )
            ]
            known[user.pk] = cached
        user._cg_grants = cached
    return cached


def forget_grants(user) -> None:
    user.__dict__.pop("_cg_grants", None)
    user.__dict__.pop("_cg_covers", None)


def is_everywhere(user) -> bool:
    return bool(getattr(user, "is_superuser", False) and user.is_active)


def scope_paths(user, capability: str | None = None) -> list[str] | None:
    """Minimal list of subtree roots where the user has ``capability``; None means everywhere."""
    if is_everywhere(user):
        return None
    paths = sorted({g.path for g in grants(user) if g.allows(capability)})
    minimal: list[str] = []
    for p in paths:
        if not any(p.startswith(m) for m in minimal):
            minimal.append(p)
    return minimal


def paths_q(paths: list[str], field: str = "path") -> Q:
    """Rows whose ``field`` starts with one of ``paths``."""
    q = Q()
    for p in paths:
        q |= Q(**{f"{field}__startswith": p})
    return q


def under_paths(path_field: str, paths: list[str]) -> Q:
    """Rows whose area (``…__path``) lies under one of ``paths``.

    For a foreign key to an area (``grid__path``) this is ``grid_id IN (the ids of the areas
    under the paths)``, the ids read from the process's cache of every area (``area_ids_under``):
    no join, so the database can walk the rows in id order and stop after a page; and it knows
    how many areas it is asked for (asked by a subquery, it guessed four, and at ten million
    cases it walked every open case of the city for a grid's supervisor: 1 s instead of 15 ms).
    """
    if path_field == "path":
        return paths_q(paths)
    fk = path_field.removesuffix("__path")
    return Q(**{f"{fk}__in": area_ids_under(paths)})


def area_ids_under(paths: list[str]) -> list[int]:
    """The ids of every area (active or retired) whose path starts with one of ``paths``, from
    the process's cache (``caches.KNOWN``: dropped at once by a save of an area in this process,
    within ``CIVICGRID_CACHE_RECHECK`` seconds in the others)."""
    known = caches.KNOWN.get()
    key = tuple(paths)
    found = known.under.get(key)
    if found is None:
        if known.areas is None:
            known.areas = tuple(Area.objects.order_by("id").values_list("id", "path"))
        prefixes = tuple(paths)
        found = [pk for pk, path in known.areas if path.startswith(prefixes)]
        known.under[key] = found
    return list(found)


def covers_every_grid(user, paths: list[str]) -> bool:
    """True when no active or retired grid lies outside ``paths`` (from the process's cache of
    the grids' paths, ``caches.KNOWN``)."""
    scope = caches.KNOWN.get()
    key = tuple(paths)
    found = scope.covers.get(key)
    if found is None:
        if scope.grid_paths is None:
            scope.grid_paths = tuple(Area.objects.grids().values_list("path", flat=True))
        found = all(any(g.startswith(p) for p in paths) for g in scope.grid_paths)
        scope.covers[key] = found
    return found


def scope_filter(user, path_field: str, capability: str | None = None) -> Q:
    """A Q object selecting rows whose ``path_field`` lies in the user's scope.

    Rows placed by their grid need no filter at all when the scope holds every grid (a district
    user in a one-district installation): the filter would select everything, and it would steer
    the database away from walking the rows in id order.
    """
    paths = scope_paths(user, capability)
    if paths is None:
        return Q()
    if not paths:
        return Q(pk__in=[])
    if path_field.endswith("grid__path") and covers_every_grid(user, paths):
        return Q()
    return under_paths(path_field, paths)


def _has(user, path: str, capability: str | None) -> bool:
    return is_everywhere(user) or any(g.covers(path) and g.allows(capability) for g in grants(user))


def can_see_area(user, area) -> bool:
    return _has(user, area.path, None)


def can_view_area_cases(user, area) -> bool:
    """Every case in the area (and so its figures)."""
    return _has(user, area.path, VIEW_CASES)


def can_view_unit_figures(user, unit) -> bool:
    """A unit's evaluation figures: for those who see the cases of the area it serves (a
    district's leaders see its departments, a street's its stationed teams), and for the unit's
    own handlers."""
    return can_view_area_cases(user, unit.area) or unit.pk in handler_units(user)


def can_view_register(user, area) -> bool:
    return _has(user, area.path, VIEW_REGISTER)


def can_view_any_register(user) -> bool:
    """May open the register's lists (persons, households, buildings, units) at all."""
    return scope_paths(user, VIEW_REGISTER) != []


def can_edit_register(user, area) -> bool:
    return _has(user, area.path, EDIT_REGISTER)


def can_import_register(user, area=None) -> bool:
    if area is None:
        return is_everywhere(user) or any(g.allows(IMPORT_REGISTER) for g in grants(user))
    return _has(user, area.path, IMPORT_REGISTER)


def can_export_register(user, area=None) -> bool:
    if area is None:
        return is_everywhere(user) or any(g.allows(EXPORT_REGISTER) for g in grants(user))
    return _has(user, area.path, EXPORT_REGISTER)


def can_record_visit(user, area) -> bool:
    return _has(user, area.path, RECORD_VISIT)


def can_manage_areas(user) -> bool:
    return is_everywhere(user) or any(g.allows(MANAGE_AREAS) for g in grants(user))


def can_manage_users(user) -> bool:
    return is_everywhere(user) or any(g.allows(MANAGE_USERS) for g in grants(user))


def can_manage_rules(user) -> bool:
    """Catalogue, routing rules and the calendar are district-wide: an administrator granted
    on the district (or above) edits them."""
    return is_everywhere(user) or any(
        g.allows(MANAGE_RULES) and g.path.count("/") <= 2 for g in grants(user)
    )


def can_view_pii(user, path: str) -> bool:
    """May this user see unmasked ID numbers and phones of people at ``path``?"""
    if is_everywhere(user):
        return True
    return any(g.covers(path) and g.view_pii and g.allows(VIEW_REGISTER) for g in grants(user))


def tag_clearance(user, path: str) -> int:
    """Highest tag sensitivity whose names this user may see at ``path`` (-1: none)."""
    if is_everywhere(user):
        return Sensitivity.RESTRICTED
    levels = [g.tag_clearance for g in grants(user) if g.covers(path) and g.allows(VIEW_REGISTER)]
    return max(levels, default=-1)


def can_view_tagged_person(user, path: str, sensitivity: int) -> bool:
    return tag_clearance(user, path) >= sensitivity


def can_manage_tokens(user, token_owner) -> bool:
    """The owner, or an administrator whose scope covers one of the owner's grants."""
    if user.pk == token_owner.pk or is_everywhere(user):
        return True
    if not can_manage_users(user):
        return False
    admin_paths = [g.path for g in grants(user) if g.allows(MANAGE_USERS)]
    return any(g.path.startswith(p) for g in grants(token_owner) for p in admin_paths)


def roles(user) -> list[str]:
    return sorted({g.role for g in grants(user)} | ({Role.ADMIN} if is_everywhere(user) else set()))


def leads_somewhere(user) -> bool:
    """Whether ``can_lead`` can hold for any area (asked before reading areas one by one)."""
    return is_everywhere(user) or any(g.role in (Role.ADMIN, Role.LEADER) for g in grants(user))


def can_lead(user, area) -> bool:
    """Leads the area: an administrator or a leader whose grant covers it (runs its calls,
    tenders, councils and subsidies)."""
    return is_everywhere(user) or any(
        g.covers(area.path) and g.role in (Role.ADMIN, Role.LEADER) for g in grants(user)
    )


def units_of_kind(kind: str) -> tuple[tuple[int, str], ...]:
    """The active units of ``kind`` as (id, their area's path), kept with the grants (the menu
    asks on every page whether a user works at or leads one, e.g. a service centre)."""
    known = caches.KNOWN.get()
    if kind not in known.of_kind:
        units = apps.get_model("accounts", "OrgUnit")  # the models import this module
        known.of_kind[kind] = tuple(
            units.objects.filter(kind=kind, active=True).values_list("pk", "area__path")
        )
    return known.of_kind[kind]


def works_at_or_leads(user, kind: str) -> list[int]:
    """The units of ``kind`` the user works for or whose area they lead (nothing read for one
    who neither works for such a unit nor leads anywhere)."""
    if not leads_somewhere(user) and not any(g.unit_kind == kind for g in grants(user)):
        return []
    mine = {g.unit_id for g in grants(user)}
    leads = [g for g in grants(user) if g.role in (Role.ADMIN, Role.LEADER)]
    return [
        pk for pk, path in units_of_kind(kind)
        if pk in mine or is_everywhere(user) or any(g.covers(path) for g in leads)
    ]  # fmt: skip


def is_staff_member(user) -> bool:
    """Works for a unit in some role other than resident (or is a superuser)."""
    return bool(set(roles(user)) - {Role.RESIDENT})


def handler_units(user) -> set[int]:
    """Units for which the user handles cases (a handler sees and acts on their cases only)."""
    return {g.unit_id for g in grants(user) if g.role == Role.HANDLER}


def case_roles(
    user, *, grid_path: str, unit_ids, reporter_id: int | None, kind: str | None = None
) -> set[str]:
    """The roles the user holds *for one case*: area roles whose grant covers the case's grid,
    the handler role when a unit the case is assigned to is theirs, and the resident role for
    the person who reported it.

    Mediators work disputes (``kind`` "dispute"; None: not known, as for the dispute's own
    record): on a dispute their mediation centre holds they are also its handlers (they sign for
    it, handle it and report it handled), and on any other case their role gives them nothing.
    """
    held = set()
    units = set(unit_ids)
    for g in grants(user):
        if g.role == Role.HANDLER:
            if g.unit_id in units:
                held.add(g.role)
        elif g.role == Role.MEDIATOR:
            if kind not in (None, "dispute"):
                continue
            if g.unit_id in units:
                held |= {Role.MEDIATOR, Role.HANDLER}
            elif g.covers(grid_path):
                held.add(g.role)
        elif g.role != Role.RESIDENT and g.covers(grid_path):
            held.add(g.role)
    if reporter_id is not None and reporter_id == getattr(user, "pk", None):
        held.add(Role.RESIDENT)
    return held


def can_view_case(user, *, grid_path: str, unit_ids, reporter_id: int | None) -> bool:
    return (
        _has(user, grid_path, VIEW_CASES)
        or bool(handler_units(user) & set(unit_ids))
        or (reporter_id is not None and reporter_id == getattr(user, "pk", None))
    )


def can_view_reporter(user, grid_path: str) -> bool:
    """Reporters' contact details are private to staff with personal-data rights there."""
    return is_everywhere(user) or any(
        g.covers(grid_path) and g.view_pii and g.allows(VIEW_CASES) for g in grants(user)
    )


def can_see_tender_scores(user, *, area, panel_ids: set[int], awarded: bool) -> bool:
    """A tender's scores and standings (``panel_ids``: its panel's members): everyone sees them
    once it is awarded; before, only the buyer's leaders (who lead the tender's area) and the
    panel — never the bidders."""
    return awarded or can_lead(user, area) or getattr(user, "pk", None) in panel_ids


def can_view_power_audit(user) -> bool:
    """The audit trail of powers is for the district's administrators (granted on the district
    or above: those who keep the district-wide rules), who answer for who may do what (PIPL)."""
    return can_manage_rules(user)


def can_review_admission(user) -> bool:
    """The review office of community admission (准入): the district's administrators, who keep
    the duty lists, decide applications, find on complaints and see every community's burden."""
    return can_manage_rules(user)


def works_for(user, unit_id: int | None) -> bool:
    """Does the user hold a role on the unit, and so act for it (a department's people apply,
    push tasks and withdraw for their own department only)?"""
    return unit_id is not None and any(g.unit_id == unit_id for g in grants(user))


def _council_member_in(user, area) -> bool:
    """A council member acts in their community and below it; a member of a street's
    consultation committee (a council member's role on a unit of the street or above) in that
    very place only, not in each community under it."""
    return any(
        g.role == Role.COUNCIL_MEMBER
        and (g.path == area.path or (g.covers(area.path) and g.level >= AreaLevel.COMMUNITY))
        for g in grants(user)
    )


def can_convene(user, area) -> bool:
    """Residents' participation in the area: its leaders and its council members convene
    meetings, collect and route opinions and record claims."""
    return can_lead(user, area) or _council_member_in(user, area)


def can_deliberate(user, area) -> bool:
    """The council deliberates (and accepts the projects of) a micro-project call made for the
    area: council members whose community the area lies in, or the area's leaders where it has
    no council."""
    return _council_member_in(user, area) or can_lead(user, area)


def can_read_routing_rules(user) -> bool:
    """The responsibility rules, thresholds and escalation rules are read by whoever may see
    cases somewhere (the dispatchers choose by them), and by superusers."""
    return bool(scope_paths(user, VIEW_CASES)) or is_everywhere(user)


def can_use_account_admin(user) -> bool:
    """The admin's pages of accounts, grants and units: active staff who manage users."""
    return user.is_active and user.is_staff and can_manage_users(user)


ASSESSMENT_OVERSEERS = {Role.LEADER, Role.ADMIN}


def can_oversee_assessment(user, *, subject_path: str) -> bool:
    """An assessment is overseen (the overseers' items scored, its appeals decided) by the
    leaders and administrators whose scope covers the assessed subject's place
    (``subject_path``; empty: nobody's), and by superusers."""
    return is_everywhere(user) or any(
        g.role in ASSESSMENT_OVERSEERS and g.covers(subject_path)
        for g in grants(user)
        if subject_path
    )


def is_assessed_side(
    user, *, person_id: int | None, unit_id: int | None, area_path: str | None
) -> bool:
    """The side an assessment assesses (it scores its own items and may appeal): the person
    assessed, whoever acts for the unit assessed, or whoever's grant covers the area assessed."""
    if person_id:
        return user.pk == person_id
    if unit_id:
        return works_for(user, unit_id)
    return area_path is not None and any(g.covers(area_path) for g in grants(user))


def is_staff_on_case(user, *, grid_path: str, unit_ids) -> bool:
    """Does ``user`` see a case (in ``grid_path``, assigned to ``unit_ids``) as staff, that is
    everything, rather than as its reporter?"""
    return is_everywhere(user) or bool(
        case_roles(user, grid_path=grid_path, unit_ids=unit_ids, reporter_id=None)
    )
