"""The demo district's people: the printed logins, one per role (``DEMO_ACCOUNTS``), and beyond
them someone to act for every unit that acts in the loop. The district centre a dispatcher;
every street centre a dispatcher, every street office a leader (who also rates the
departments); every mediation centre a mediator and a handler; every department, stationed
team, service centre, residents' committee, property company and the duty review office a
handler; every community work station a dispatcher; every grid a grid worker. Their usernames say where they
sit (``s2-grid-dispatcher``, ``dept-zj-handler``, ``g310199001001001-supervisor``), their names
are invented, and they share the demo password (``civicgrid demo_accounts --all`` lists
them)."""

from __future__ import annotations

import random

from django.conf import settings
from django.contrib.auth.hashers import make_password

from civicgrid.accounts import services as accounts
from civicgrid.accounts.choices import Role, UnitKind
from civicgrid.accounts.models import OrgUnit, RoleAssignment, User
from civicgrid.areas.choices import AreaLevel

from . import names

# the printed logins, one per role: username, role, where (district | street | community | grid |
# department), may see personal data, tag clearance
DEMO_ACCOUNTS = [
    ("admin", Role.ADMIN, "district", True, 3),
    ("leader", Role.LEADER, "district", False, 1),
    ("operator", Role.OPERATOR, "district", False, 0),
    ("shift_lead", Role.SHIFT_LEAD, "district", False, 0),
    ("dispatcher", Role.DISPATCHER, "street", False, 0),
    ("supervisor", Role.SUPERVISOR, "grid", False, 1),
    ("grid_leader", Role.GRID_LEADER, "grid", True, 2),
    ("handler", Role.HANDLER, "department", False, 0),
    ("mediator", Role.MEDIATOR, "street", False, 1),
    ("council_member", Role.COUNCIL_MEMBER, "community", False, 0),
    ("resident", Role.RESIDENT, "community", False, 0),
]

# (unit kind, role): who sits in each unit of the kind
SEATS = [
    (UnitKind.GRID_CENTRE, Role.DISPATCHER),
    (UnitKind.STREET_OFFICE, Role.LEADER),
    (UnitKind.MEDIATION_CENTRE, Role.MEDIATOR),
    (UnitKind.MEDIATION_CENTRE, Role.HANDLER),
    (UnitKind.SERVICE_CENTRE, Role.HANDLER),
    (UnitKind.DEPARTMENT, Role.HANDLER),
    (UnitKind.STATIONED_TEAM, Role.HANDLER),
    (UnitKind.COMMUNITY_COMMITTEE, Role.HANDLER),
    (UnitKind.PROPERTY_COMPANY, Role.HANDLER),
]
CLEARANCE = {Role.MEDIATOR: 1}


def username(unit: OrgUnit, role: str) -> str:
    return f"{unit.code.lower()}-{role.replace('_', '-')}"


def staff(seed: int = 1) -> int:
    """Give every acting unit its people (units that already have them are left alone);
    returns the number of people added."""
    rng = random.Random(seed)
    held = set(RoleAssignment.objects.filter(active=True).values_list("unit_id", "role"))
    units = list(OrgUnit.objects.filter(active=True).select_related("area").order_by("code"))
    seats = [(u, role) for kind, role in SEATS for u in units if u.kind == kind]
    stations = [u for u in units if u.kind == UnitKind.WORK_STATION]
    seats += [(u, Role.DISPATCHER) for u in stations if u.area.level == AreaLevel.COMMUNITY]
    seats += [(u, Role.SUPERVISOR) for u in stations if u.area.level == AreaLevel.GRID]
    added = []
    for unit, role in seats:
        if (unit.pk, role) in held:
            continue
        name = rng.choice(names.SURNAMES) + rng.choice(names.GIVEN) + rng.choice(names.GIVEN)
        user = User.objects.filter(username=username(unit, role)).first()
        if user is None:
            user = accounts.user_create(
                username=username(unit, role), password=None, display_name=name
            )
            added.append(user.pk)
        accounts.role_assign(user=user, unit=unit, role=role, tag_clearance=CLEARANCE.get(role, 0))
    # one hash for all (hashing each password would cost a second per ten people)
    User.objects.filter(pk__in=added).update(
        password=make_password(settings.CIVICGRID_DEMO_PASSWORD)
    )
    return len(added)


def staff_list() -> list[tuple[str, str, str, str]]:
    """(username, name, role, unit) of every demo person who is not a printed login."""
    printed = {u for u, *_ in DEMO_ACCOUNTS}
    grants = (
        RoleAssignment.objects.filter(active=True)
        .exclude(user__username__in=printed)
        .select_related("user", "unit")
        .order_by("unit__code", "role", "user__username")
    )
    return [
        (g.user.username, g.user.display_name, str(Role(g.role).label), g.unit.name) for g in grants
    ]


class People:
    """Who acts for each unit and grid in the demo's history (a printed login as fallback)."""

    def __init__(self, fallback: dict):
        self.fallback = fallback
        by: dict[tuple, User] = {}
        grants = RoleAssignment.objects.filter(active=True).select_related("user", "unit__area")
        for g in grants.order_by("-user__username"):  # the printed logins win (shorter names)
            by[(g.role, g.unit_id)] = g.user
            if g.role == Role.SUPERVISOR:
                by[(g.role, "grid", g.unit.area_id)] = g.user
            if g.role == Role.DISPATCHER and g.unit.kind == UnitKind.WORK_STATION:
                by[(g.role, "community", g.unit.area_id)] = g.user
        self.by = by
        self.street_centre = dict(
            OrgUnit.objects.filter(
                kind=UnitKind.MEDIATION_CENTRE, area__level=AreaLevel.STREET
            ).values_list("area__code", "id")
        )
        centre = OrgUnit.objects.filter(code="D-GRID").first()
        self.district_dispatcher = by.get((Role.DISPATCHER, centre.pk if centre else None))

    def handler(self, unit_id):
        return self.by.get((Role.HANDLER, unit_id)) or self.fallback["handler"]

    def supervisor(self, grid_id):
        return self.by.get((Role.SUPERVISOR, "grid", grid_id)) or self.fallback["supervisor"]

    def dispatcher(self, level: str, community_id=None):
        if level == "community":
            found = self.by.get((Role.DISPATCHER, "community", community_id))
        else:
            found = self.district_dispatcher
        return found or self.fallback["dispatcher"]

    def mediator(self, unit_id, grid_path: str):
        """The mediator of the unit, or of the mediation centre of the grid's street."""
        street = grid_path.strip("/").split("/")[2] if grid_path.count("/") > 3 else ""
        found = self.by.get((Role.MEDIATOR, unit_id)) or self.by.get(
            (Role.MEDIATOR, self.street_centre.get(street))
        )
        return found or self.fallback.get("mediator")
