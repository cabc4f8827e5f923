"""The demo district: an invented district near 121.4 E, 31.2 N, deterministic for a seed.

Streets are vertical strips, communities and grids tessellate them (grids numbered west→east,
north→south inside a community). Buildings, households and people are generated as rows and
written through the same import pipeline a district uses for its own spreadsheets.
"""

from __future__ import annotations

import datetime as dt
import random
import re

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from civicgrid.accounts import services as accounts
from civicgrid.accounts.choices import Role, UnitKind
from civicgrid.accounts.models import OrgUnit, User
from civicgrid.areas.models import Area
from civicgrid.areas.services import AreaInput, areas_import, roads_import
from civicgrid.cases.models import Case, CaseAssignment, CaseEvent
from civicgrid.core.bulk import analyze
from civicgrid.demo.campaigns import screening_campaigns
from civicgrid.demo.commercial import commercial_buildings
from civicgrid.demo.consequences import rewards_and_accountability
from civicgrid.demo.consultation import consultation_committees
from civicgrid.demo.counsel import legal_counsel
from civicgrid.demo.duties import REVIEW_OFFICE, duty_lists
from civicgrid.demo.estates import complaints as property_complaints
from civicgrid.demo.estates import estates, joint_meetings
from civicgrid.demo.evaluation import rounds, score_cards
from civicgrid.demo.finance import finance
from civicgrid.demo.knowledge import answered_on_the_spot, knowledge_base
from civicgrid.demo.onestop import service_guide, service_hall
from civicgrid.demo.onestop_applications import applications as service_applications
from civicgrid.demo.orgs import social_organisations
from civicgrid.demo.participation import councils_and_opinions, micro_projects
from civicgrid.demo.party import party_building
from civicgrid.demo.staff import DEMO_ACCOUNTS, staff
from civicgrid.demo.volunteers import volunteer_roster
from civicgrid.demo.votes import elections_and_option_votes
from civicgrid.demo.worker_assessments import worker_assessments
from civicgrid.demo.workforce import workforce
from civicgrid.registry import services as registry
from civicgrid.registry.choices import StaffPostKind
from civicgrid.registry.importing import register_import
from civicgrid.registry.models import Building, Household

from . import names
from .cases import CaseHistory, demo_routing
from .register import BUILDING_HEADER, HOUSEHOLD_HEADER, PERSON_HEADER, RegisterRows
from .scale import CITY_CODE, DISTRICT_CODE, ORIGIN, SCALES, STREET_SIZE
from .streets import Streets

ROAD_OF = re.compile(r"\d+号$")  # "示范路391号" → its road


def _box(x0, y0, x1, y1):
    r = lambda v: round(v, 7)  # noqa: E731
    return {
        "type": "Polygon",
        "coordinates": [
            [[r(x0), r(y0)], [r(x1), r(y0)], [r(x1), r(y1)], [r(x0), r(y1)], [r(x0), r(y0)]]
        ],
    }


class Generator(RegisterRows):
    def __init__(self, scale: str = "small", seed: int = 1, progress: bool = False, log=print):
        self.scale = SCALES[scale]
        self.rng = random.Random(seed)
        self.seed = seed
        self.progress = progress
        self.log = log
        self.grids: list[tuple[str, tuple[float, float, float, float]]] = []
        self.used_ids: set[str] = set()

    # -- territory -----------------------------------------------------------------------------
    def areas(self) -> list[AreaInput]:
        s = self.scale
        x0, y0 = ORIGIN
        sw, sh = STREET_SIZE
        items = [
            AreaInput(CITY_CODE, "示范市"),
            AreaInput(DISTRICT_CODE, "示范区", boundary=_box(x0, y0, x0 + sw * s.streets, y0 + sh)),
        ]
        community_words = self.rng.sample(
            names.COMMUNITY_WORDS * 5, s.streets * s.community_rows * s.community_cols
        )
        for i in range(s.streets):
            street_code = f"{DISTRICT_CODE}{i + 1:03d}"
            bx = x0 + sw * i
            items.append(
                AreaInput(
                    street_code,
                    f"{names.STREETS[i % len(names.STREETS)]}街道",
                    boundary=_box(bx, y0, bx + sw, y0 + sh),
                )
            )
            cw, ch = sw / s.community_cols, sh / s.community_rows
            n = 0
            for row in range(s.community_rows):
                for col in range(s.community_cols):
                    n += 1
                    code = f"{street_code}{n:03d}"
                    cx0, cy1 = bx + cw * col, y0 + sh - ch * row
                    word = community_words.pop()
                    suffix = self.rng.choice(names.COMMUNITY_SUFFIX)
                    items.append(
                        AreaInput(
                            code, f"{word}{suffix}社区", boundary=_box(cx0, cy1 - ch, cx0 + cw, cy1)
                        )
                    )
                    gw, gh = cw / s.grid_cols, ch / s.grid_rows
                    k = 0
                    for grow in range(s.grid_rows):  # north → south
                        for gcol in range(s.grid_cols):  # west → east
                            k += 1
                            gx0, gy1 = cx0 + gw * gcol, cy1 - gh * grow
                            gcode = f"{code}{k:03d}"
                            bounds = (gx0, gy1 - gh, gx0 + gw, gy1)
                            self.grids.append((gcode, bounds))
                            items.append(
                                AreaInput(gcode, f"{word}第{k}网格", boundary=_box(*bounds))
                            )
        return items

    # -- organisations and staff ---------------------------------------------------------------
    def organisations(self, area_by_code):
        district = area_by_code[DISTRICT_CODE]
        units = {}

        def unit(kind, name, code, area, parent=None):
            units[code] = accounts.orgunit_create(
                kind=kind, name=name, code=code, area=area, parent=parent
            )
            return units[code]

        centre = unit(UnitKind.GRID_CENTRE, "示范区网格化综合管理中心", "D-GRID", district)
        unit(UnitKind.MEDIATION_CENTRE, "示范区矛盾纠纷调处化解中心", "D-MED", district)
        unit(UnitKind.DEPARTMENT, *REVIEW_OFFICE, district)  # the duty lists' review office
        for name, code in names.DEPARTMENTS:
            unit(UnitKind.DEPARTMENT, f"示范区{name}", f"DEPT-{code}", district)
        for i, street in enumerate(a for a in area_by_code.values() if a.level == 3):
            office = unit(
                UnitKind.STREET_OFFICE, f"{street.name}办事处", f"S{i + 1}-OFFICE", street
            )
            unit(UnitKind.GRID_CENTRE, f"{street.name}城运中心", f"S{i + 1}-GRID", street, centre)
            unit(
                UnitKind.MEDIATION_CENTRE, f"{street.name}调解中心", f"S{i + 1}-MED", street, office
            )
            unit(
                UnitKind.SERVICE_CENTRE,
                f"{street.name}社区事务受理服务中心",
                f"S{i + 1}-SVC",
                street,
                office,
            )
            for name, code in names.STATIONED:
                unit(UnitKind.STATIONED_TEAM, f"{street.name}{name}", f"S{i + 1}-{code}", street)
            for k, word in enumerate(names.PROPERTY_WORDS[:2]):
                unit(
                    UnitKind.PROPERTY_COMPANY,
                    f"{street.name[:2]}{word}",
                    f"S{i + 1}-PM{k + 1}",
                    street,
                )
            unit(
                UnitKind.SOCIAL_ORGANISATION,
                f"{street.name[:2]}{names.SOCIAL_ORGS[i % 4]}",
                f"S{i + 1}-SO",
                street,
            )
            unit(UnitKind.RESIDENT_UNIT, f"{street.name[:2]}第{i + 1}中学", f"S{i + 1}-RU", street)
        for community in (a for a in area_by_code.values() if a.level == 4):
            committee = unit(
                UnitKind.COMMUNITY_COMMITTEE,
                f"{community.name}居委会",
                f"C{community.code}",
                community,
            )
            unit(
                UnitKind.WORK_STATION,
                f"{community.name}工作站",
                f"W{community.code}",
                community,
                committee,
            )
        for grid in (a for a in area_by_code.values() if a.level == 5):
            unit(UnitKind.WORK_STATION, f"{grid.name}工作站", f"G{grid.code}", grid)
        return units

    def accounts(self, units, area_by_code) -> list[tuple[str, str, str]]:
        first_street = min(c for c, a in area_by_code.items() if a.level == 3)
        first_community, first_grid = first_street + "001", first_street + "001001"
        where = {
            "district": units["D-GRID"],
            "street": units["S1-GRID"],
            "community": units[f"C{first_community}"],
            "grid": units[f"G{first_grid}"],
            "department": units["DEPT-cg"],
        }
        where_for_role = {Role.MEDIATOR: units["S1-MED"]}
        password = settings.CIVICGRID_DEMO_PASSWORD
        out = []
        for username, role, place, view_pii, clearance in DEMO_ACCOUNTS:
            user = User.objects.filter(username=username).first()
            if user is None:
                user = accounts.user_create(
                    username=username,
                    password=password,
                    display_name=f"演示{Role(role).label}",
                    is_staff=(role == Role.ADMIN),
                    is_superuser=(role == Role.ADMIN),
                )
            unit = where_for_role.get(role, where[place])
            accounts.role_assign(
                user=user, unit=unit, role=role, view_pii=view_pii, tag_clearance=clearance
            )
            out.append((username, str(Role(role).label), unit.name))
        return out

    # -- the whole district --------------------------------------------------------------------
    def run(self, today: dt.date | None = None, now: dt.datetime | None = None) -> dict:
        today = today or dt.date.today()
        with transaction.atomic():
            areas_import(self.areas())
            roads_import(Streets(self.scale).road_inputs())
            area_by_code = {
                a.code: a for a in Area.objects.filter(path__startswith=f"{CITY_CODE}/")
            }
            units = self.organisations(area_by_code)
            logins = self.accounts(units, area_by_code)
            people = staff(seed=self.seed)
        self.log(
            f"areas: {len(area_by_code)} ({len(self.grids)} grids), units: {len(units)}, "
            f"people: {len(logins) + people}"
        )
        building_rows = self.buildings()
        self._import("buildings", BUILDING_HEADER, building_rows)
        self._footprints()
        household_rows = self.households(building_rows)
        self._import("households", HOUSEHOLD_HEADER, household_rows)
        person_rows = self.persons(household_rows, today)
        self._import("persons", PERSON_HEADER, person_rows)
        self._extras(area_by_code, units, building_rows, today)
        cases = self.cases(self.scale.cases, now=now)
        score_cards()
        duty_lists(today)
        rounds(self.rng, today)
        micro_projects(self.rng, today)
        councils_and_opinions(self.rng, today)
        social_organisations(today)
        party_building(self.rng, today)
        workforce(self.rng, today)
        worker_assessments(self.rng, today)
        finance(self.rng, today)
        estates(self.rng, today)
        property_complaints(self.rng, now or timezone.now())
        joint_meetings(today)
        legal_counsel(self.rng, today)
        commercial_buildings(self.rng, today)
        screening_campaigns(self.rng, today)
        consultation_committees(self.rng, today)
        elections_and_option_votes(self.rng, today)
        service_guide()
        service_hall(self.rng, now or timezone.now())
        service_applications(self.rng, now or timezone.now())
        rewards_and_accountability(today)
        volunteer_roster(self.rng, today)
        knowledge_base(today)
        answered_on_the_spot(today)
        return {
            "cases": cases,
            "grids": len(self.grids),
            "buildings": len(building_rows),
            "households": len(household_rows),
            "persons": len(person_rows),
            "logins": logins,
        }

    def cases(self, n: int, now: dt.datetime | None = None) -> int:
        """Routing rules for the demo units and ``n`` cases of history (see demo/cases.py)."""
        demo_routing()
        written = CaseHistory(self.rng, now=now).write(n) if n else 0
        if written:
            # the planner's statistics of the empty tables would make SQLite read every event
            # for each case in the evaluation's counts (54 s for the small demo instead of 0.7)
            analyze(Case, CaseEvent, CaseAssignment)
        self.log(f"cases: {written} created")
        return written

    def _import(self, kind, header, rows):
        report = register_import(
            kind=kind, path=f"demo-{kind}", table=(header, rows), progress=self.progress
        )
        if not report.ok:  # a generator bug, never a user's input: fail loudly
            raise RuntimeError(f"demo {kind} rows did not validate: {report.errors[:5]}")
        self.log(f"{kind}: {report.created} created")

    @transaction.atomic
    def _footprints(self) -> None:
        """The buildings' outlines, placed along their roads (``buildings``)."""
        found = Building.objects.filter(code__in=list(self.footprints)).only("pk", "code")
        rows = [Building(pk=b.pk, footprint=self.footprints[b.code]) for b in found]
        Building.objects.bulk_update(rows, ["footprint"], batch_size=2000)

    @transaction.atomic
    def _extras(self, area_by_code, units, building_rows, today):
        grids = [a for a in area_by_code.values() if a.level == 5]
        buildings = dict(Building.objects.filter(grid__in=grids).values_list("code", "pk"))
        grid_leader = User.objects.get(username="grid_leader")
        for grid in grids:
            user = grid_leader if grid.code == grids[0].code else None
            registry.staff_post_assign(
                kind=StaffPostKind.GRID_LEADER,
                area=grid,
                name=self.person_name(),
                phone=self.phone(),
                user=user,
            )
        for community in (a for a in area_by_code.values() if a.level == 4):
            registry.staff_post_assign(
                kind=StaffPostKind.COMMUNITY_POLICE,
                area=community,
                name=self.person_name(),
                phone=self.phone(),
            )
        grid_pk = {g.code: g for g in grids}
        for b in building_rows[:: max(1, len(building_rows) // 200)]:
            registry.staff_post_assign(
                kind=StaffPostKind.BUILDING_LEADER,
                area=grid_pk[b[3]],
                name=self.person_name(),
                phone=self.phone(),
                building=Building(pk=buildings[b[0]]),
            )
        unit_rows = []
        kinds = [
            "shop",
            "shop",
            "enterprise",
            "enterprise",
            "shop",
            "school",
            "public_place",
            "shop",
            "public_place",
            "shop",
            "hazardous",
            "shop",
        ]
        for i, b in enumerate(building_rows[::10]):
            w = i % len(names.UNIT_WORDS)
            unit_rows.append(
                {
                    "name": ROAD_OF.sub("", b[1]) + names.UNIT_WORDS[w],
                    "kind": kinds[w],
                    "address": b[2],
                    "grid": grid_pk[b[3]],
                    "building_id": buildings[b[0]],
                    "contact_name": self.person_name(),
                    "contact_phone": self.phone(),
                }
            )
        registry.units_create(rows=unit_rows)
        first_grid = grids[0]
        for household in Household.objects.filter(grid=first_grid).order_by("id")[:30]:
            registry.visit_record(
                actor=grid_leader,
                household=household,
                visited_on=today - dt.timedelta(days=self.rng.randrange(90)),
                notes="入户走访，了解家庭情况。",
                needs_found=self.rng.choice(["", "", "需要助餐服务", "楼道灯损坏"]),
                today=today,
            )


def demo_accounts() -> list[tuple[str, str, str]]:
    """(username, role, unit) of the demo logins that exist."""
    out = []
    for username, role, *_ in DEMO_ACCOUNTS:
        user = User.objects.filter(username=username).first()
        if user is None:
            continue
        assignment = user.assignments.select_related("unit").filter(role=role).first()
        out.append((username, str(Role(role).label), assignment.unit.name if assignment else ""))
    return out


def is_empty() -> bool:
    return not Area.objects.exists() and not OrgUnit.objects.exists()
