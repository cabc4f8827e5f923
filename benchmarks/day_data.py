"""The city of bench_day.py: the demo's city layout (10 streets, 1,080 grids) with its
catalogue, routing rules, units and staff, N persons through the register import (the demo's
generator, as bench_register.py does), a few thousand cases of full history (events,
assignments) written by the demo, then the rest of the year by SQL (bench_cases.fill), with
the lead unit's assignment for every running case so that handlers' queues hold them.

Then the people who work during the day: the sessions' users, each with a real role on a real
unit (the demo's staff: a street's dispatcher, a grid's worker, a department's handler, a
street's leader, the grid leader, the shift lead, the operator), chosen so that their pages read
scoped data, and the cases each of them will act on, chosen in the state their action needs.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field

from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.utils import timezone

from civicgrid.accounts.choices import Role, UnitKind
from civicgrid.accounts.models import OrgUnit, RoleAssignment, User
from civicgrid.areas.models import Area
from civicgrid.cases.models import Case, CaseAssignment
from civicgrid.core.bulk import analyze
from civicgrid.demo.generator import Generator
from civicgrid.demo.scale import SCALES, Scale
from civicgrid.registry.models import Household, Person

HISTORY_CASES = 3000  # cases the demo writes with their whole history (events, assignments)
PASSWORD = "bench-day-Pw-2026"  # the sessions' users log in with it through the login form


def build(persons: int, log=print) -> dict:
    """The district, its register and its demo history, when the database has no areas yet."""
    call_command("migrate", verbosity=0)
    if Area.objects.exists():
        return {"built": False, "persons": Person.objects.count()}
    base = SCALES["city"]
    gen = Generator("city", 1, log=lambda *a: None)
    gen.scale = Scale(
        **{
            **base.__dict__,
            "buildings": max(40, persons // 25),
            "households": max(160, persons * 2 // 5),
            "persons": persons,
            "cases": HISTORY_CASES,
        }
    )
    started = time.perf_counter()
    result = gen.run()
    seconds = time.perf_counter() - started
    log(
        f"  district built in {seconds:.0f} s: {result['grids']} grids, "
        f"{result['persons']:,} persons, {result['households']:,} households, "
        f"{result['cases']:,} cases with history"
    )
    return {"built": True, "seconds": round(seconds, 1), "persons": result["persons"]}


def seed_states(since_id: int) -> dict[str, int]:
    """Of the running cases the fill wrote (dispatched or handling), one in ten waits for its
    check, one in ten has been reported handled and one in ten waits for dispatch (registered,
    no unit yet): each role's queue holds work from the start, as at nine in the morning."""
    out = {}
    with connection.cursor() as cursor:
        for rest, state, sets in (
            (0, "handled", "handled_at = now() - interval '1 hour'"),
            (1, "checking", "handled_at = now() - interval '2 hours'"),
            (2, "registered", "dispatched_at = NULL, lead_unit_id = NULL"),
        ):
            cursor.execute(
                f"UPDATE cases_case SET state = %s, {sets} WHERE id >= %s "
                "AND state IN ('dispatched', 'handling') AND id %% 10 = %s",
                [state, since_id, rest],
            )
            out[state] = cursor.rowcount
    return out


def spread_deadlines(since_id: int) -> int:
    """The deadlines of the running cases the fill wrote, spread as a working city's are: the
    fill (made for the sweep's window) puts them all within two hours of now, which made every
    "due today" read some 200,000 cases. Here a fifth are overdue by up to three days and the
    rest fall due over the next twelve (about one in fifteen on any one day); the yellow card
    comes a day before the deadline, the red four hours before."""
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE cases_case SET due_at = d, yellow_at = d - interval '1 day', "
            "red_at = d - interval '4 hours' FROM (SELECT id AS pk, "
            "now() + (random() * 15 - 3) * interval '1 day' AS d FROM cases_case "
            "WHERE id >= %s AND due_at IS NOT NULL AND state <> 'closed') s WHERE id = s.pk",
            [since_id],
        )
        return cursor.rowcount


def assign_running(since_id: int) -> int:
    """The lead unit's active assignment for every running case written by the fill (the fill
    writes cases only; a dispatched case always has one)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO cases_caseassignment (case_id, unit_id, role, active, signed_at, "
            "created_at, updated_at) SELECT id, lead_unit_id, 'lead', true, "
            "CASE WHEN state = 'handling' THEN dispatched_at END, dispatched_at, dispatched_at "
            "FROM cases_case WHERE id >= %s AND state IN ('dispatched', 'handling') "
            "AND lead_unit_id IS NOT NULL",
            [since_id],
        )
        n = cursor.rowcount
    analyze(CaseAssignment)
    return n


def fill_cases(total: int, fill, log=print) -> dict:
    """Up to ``total`` cases: a year of a large city, 3 % running, written by SQL."""
    have = Case.objects.count()
    if have >= total:
        return {"filled": 0, "seconds": 0.0, "cases": have}
    start = (Case.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    n = total - have
    started = time.perf_counter()
    fill(n, open_share=0.03, now=timezone.now(), days=365)
    seeded = seed_states(start)
    spread = spread_deadlines(start)
    assigned = assign_running(start)
    analyze(Case)
    seconds = time.perf_counter() - started
    per_million = seconds / (n / 1_000_000)
    log(
        f"  {n:,} cases filled by SQL in {seconds:.0f} s ({per_million:.0f} s per million; "
        f"{assigned:,} running cases assigned to their lead unit)"
    )
    return {
        "filled": n,
        "seconds": round(seconds, 1),
        "seconds_per_million": round(per_million, 1),
        "running_states_seeded": seeded,
        "deadlines_spread": spread,
        "cases": total,
    }


# -- the people of the day ---------------------------------------------------------------------
# (role, share of the sessions): who is at work
MIX = [
    (Role.HANDLER, 30),
    (Role.SUPERVISOR, 20),
    (Role.DISPATCHER, 15),
    (Role.GRID_LEADER, 10),
    (Role.SHIFT_LEAD, 10),
    (Role.OPERATOR, 7),
    (Role.LEADER, 8),
]


@dataclass
class Person_:
    username: str
    role: str
    unit_id: int
    grid_path: str = ""  # a grid worker's or grid leader's grid
    cases: dict[str, list[int]] = field(default_factory=dict)  # action → case ids to act on


def _set_password(users: list[User]) -> None:
    from django.contrib.auth.hashers import make_password

    hashed = make_password(PASSWORD)
    User.objects.filter(pk__in=[u.pk for u in users]).update(password=hashed, is_active=True)


def sessions_people(n: int) -> list[Person_]:
    """``n`` users in the MIX's shares, each holding their role on a real unit: department
    handlers of the busiest departments, grid workers of grids with cases to check, street
    dispatchers, grid leaders (the register's users, who see personal data in their grid),
    shift leads and operators of the district centre, street leaders."""
    grants = (
        RoleAssignment.objects.filter(active=True, user__is_active=True)
        .select_related("user", "unit", "unit__area")
        .order_by("user__username")
    )
    by_role: dict[str, list[RoleAssignment]] = {}
    for g in grants:
        by_role.setdefault(g.role, []).append(g)
    # handlers: of departments (where the fill puts the cases), busiest first
    busy = dict(
        CaseAssignment.objects.filter(active=True)
        .values_list("unit_id")
        .annotate(n=Count("id"))
        .values_list("unit_id", "n")
    )
    by_role[Role.HANDLER] = sorted(
        (g for g in by_role.get(Role.HANDLER, []) if g.unit.kind == UnitKind.DEPARTMENT),
        key=lambda g: -busy.get(g.unit_id, 0),
    )
    people: list[Person_] = []
    total = sum(share for _r, share in MIX)
    for role, share in MIX:
        want = max(1, round(n * share / total))
        have = by_role.get(role, [])
        extra = _more(role, want - len(have), have)
        chosen = (have + extra)[:want]
        for g in chosen:
            people.append(
                Person_(
                    g.user.username, role, g.unit_id, g.unit.area.path if g.unit.area_id else ""
                )
            )
    people = people[:n]
    _set_password(list(User.objects.filter(username__in=[p.username for p in people])))
    return people


def _more(role: str, missing: int, have: list[RoleAssignment]) -> list[RoleAssignment]:
    """More users holding ``role`` on the units the existing ones sit in (a unit has several
    people at work: a second shift lead at the district centre, a grid leader per grid)."""
    if missing <= 0 or not have:
        return []
    from civicgrid.accounts import services as accounts

    out = []
    units = [g.unit for g in have]
    if role == Role.GRID_LEADER:  # one grid leader per grid, in grids of their own
        grid_units = list(
            OrgUnit.objects.filter(kind=UnitKind.WORK_STATION, area__level=5)
            .select_related("area")
            .order_by("code")[: missing + 1]
        )
        units = grid_units or units
    template = have[0]
    for i in range(missing):
        unit = units[i % len(units)]
        username = f"day-{role.replace('_', '-')}-{i:03d}"
        user = User.objects.filter(username=username).first() or accounts.user_create(
            username=username, password=None, display_name=f"日常{i:03d}"
        )
        if not RoleAssignment.objects.filter(user=user, unit=unit, role=role).exists():
            accounts.role_assign(
                user=user,
                unit=unit,
                role=role,
                view_pii=template.view_pii,
                tag_clearance=template.tag_clearance,
            )
        out.append(
            RoleAssignment.objects.select_related("user", "unit", "unit__area").get(
                user=user, unit=unit, role=role
            )
        )
    return out


def households_of(people: list[Person_], per: int = 40) -> dict[str, list[int]]:
    """Household ids in each grid leader's grid (the household cards they open)."""
    out = {}
    for p in people:
        if p.role == Role.GRID_LEADER and p.grid_path:
            out[p.username] = list(
                Household.objects.filter(grid__path__startswith=p.grid_path)
                .order_by("id")
                .values_list("id", flat=True)[:per]
            )
    return out


def today_window() -> tuple[dt.datetime, dt.datetime]:
    now = timezone.now()
    return now - dt.timedelta(days=1), now
