"""The demo district's community workforce: the district's pay scale (Jing'an's five levels and
thirteen grades, with invented amounts), and in each community its work-station staff on grades
(one promoted in the spring), a full-time committee member, a grid leader for each grid chosen
among the grid's residents on the district's allowance (the first grid's by nomination, open
selection and appointment; the second's next term under selection), the first grid's buildings'
responsibility boards with the consent of those on them, a building head, a social worker bought
from an agency and one staff member who left last year (so that posts before and after differ);
training taken, and the allowance ledger for each month of the past year. Everything goes through
the services, so the demo holds only what the rules allow."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from civicgrid.accounts.models import User
from civicgrid.areas.models import Area
from civicgrid.registry.models import Building, Person
from civicgrid.workforce import boards, selections, services
from civicgrid.workforce.models import PayGrade

# grade → level: five levels, thirteen grades (000「五级十三级」)
LEVELS = {1: 1, 2: 1, 3: 1, 4: 2, 5: 2, 6: 2, 7: 3, 8: 3, 9: 3, 10: 4, 11: 4, 12: 5, 13: 5}
STAFF = ["社区工作站站长（示例）", "综合服务岗（示例）", "民政专干（示例）", "综治专干（示例）",
         "党建专干（示例）"]  # fmt: skip


def workforce(rng, today: dt.date) -> None:
    admin = User.objects.get(username="admin")
    leader = User.objects.get(username="leader")
    for grade, level in LEVELS.items():
        services.pay_grade_save(actor=admin, level=level, grade=grade,
                                monthly_pay=Decimal(4000 + 300 * (grade - 1)))  # fmt: skip
    year_ago = today - dt.timedelta(days=365)
    for community in Area.objects.filter(level=4, active=True).order_by("code"):
        _community(rng, leader, community, today, year_ago)
    month = year_ago.replace(day=1)
    while month <= today:
        for street in Area.objects.filter(level=3, active=True).order_by("code"):
            services.allowances_run(actor=leader, area=street, month=month)
        month = (month + dt.timedelta(days=32)).replace(day=1)


def _phone(rng) -> str:
    return f"1391234{rng.randint(0, 9999):04d}"


def _chosen(rng, leader, grid, residents, year_ago) -> None:
    opened = year_ago - dt.timedelta(days=30)
    s = selections.selection_open(actor=leader, grid=grid, opened_on=opened, term_years=3)
    nominees = [selections.nominate(actor=leader, selection=s, person=p, nominated_by=by,
                                    nominated_on=opened + dt.timedelta(days=3))
                for p, by in zip(residents, ("building_committee", "self"), strict=True)]  # fmt: skip
    voters = rng.randint(150, 300)
    selections.selection_hold(actor=leader, selection=s, held_on=opened + dt.timedelta(days=20),
                              voters=voters, votes={nominees[0].pk: voters * 3 // 5,
                                                    nominees[1].pk: voters // 3})  # fmt: skip
    selections.appoint(
        actor=leader,
        selection=s,
        nomination=nominees[0],
        on=year_ago,
        funding="district",
        phone=_phone(rng),
    )


def _boards(leader, community, today, year_ago) -> None:
    """The first grid's buildings put their grid leader (and whoever else the records name) on
    the entrance boards, each with the consent form on file."""
    grid = community.children.filter(level=5, active=True).order_by("code").first()
    if grid is None:
        return
    for building in Building.objects.filter(grid=grid, active=True).order_by("code")[:3]:
        for role, found in boards.suggestions(building, today).items():
            if not found.has_phone:
                continue
            boards.entry_record(actor=leader, building=building, role=role, consent_on=year_ago,
                                consent_how="签署公示同意书（示例）", from_records=True)  # fmt: skip


def _community(rng, leader, community, today, year_ago) -> None:
    start = year_ago - dt.timedelta(days=2 * 365)
    grades = list(PayGrade.objects.order_by("grade"))
    for i, post_name in enumerate(STAFF):
        w = services.worker_save(actor=leader, area=community, post="station_staff",
                                 name=f"{community.name}{post_name}", term_starts=start,
                                 term_ends=start + dt.timedelta(days=6 * 365),
                                 funding="district", phone=_phone(rng))  # fmt: skip
        grade = grades[min(len(grades) - 1, 2 + i + rng.randint(0, 2))]
        services.grade_set(actor=leader, worker=w, grade=grade, since=start, reason="定岗定级")
        if i == 0:
            up = grades[min(len(grades) - 1, grades.index(grade) + 1)]
            services.grade_set(actor=leader, worker=w, grade=up, since=year_ago + dt.timedelta(
                days=90), reason="年度考核优秀晋级")  # fmt: skip
        services.training_add(actor=leader, worker=w, title="社区工作者岗位培训", provider="区民政局",
                              taken_on=year_ago + dt.timedelta(days=30 + 7 * i), hours=16)  # fmt: skip
    gone = services.worker_save(actor=leader, area=community, post="station_staff",
                                name=f"{community.name}原统计员（示例）", term_starts=start,
                                funding="district")  # fmt: skip
    services.worker_leave(actor=leader, worker=gone, on=year_ago + dt.timedelta(days=60),
                          why="岗位合并（定岗定员）", left_as="post_merged")  # fmt: skip
    services.worker_save(actor=leader, area=community, post="full_time_member",
                         name=f"{community.name}专职委员（示例）", term_starts=start,
                         term_ends=start + dt.timedelta(days=5 * 365), funding="district")  # fmt: skip
    services.worker_save(actor=leader, area=community, post="social_worker",
                         name=f"{community.name}驻点社工（示例）", term_starts=year_ago,
                         funding="purchased")  # fmt: skip
    for k, grid in enumerate(community.children.filter(level=5, active=True).order_by("code")):
        residents = list(
            Person.objects.filter(grid=grid, household__isnull=False).order_by("id")[:2]
        )
        if not residents:
            continue
        if k == 0 and len(residents) == 2:  # chosen by the grid: nominated, voted, appointed
            _chosen(rng, leader, grid, residents, year_ago)
            continue
        services.worker_save(actor=leader, area=community, post="grid_leader", person=residents[0],
                             grids=[grid], term_starts=year_ago,
                             term_ends=year_ago + dt.timedelta(days=3 * 365),
                             funding="district", phone=_phone(rng))  # fmt: skip
        if k == 1:  # the next term's selection, under way
            s = selections.selection_open(actor=leader, grid=grid, opened_on=today, term_years=3)
            selections.nominate(actor=leader, selection=s, person=residents[-1],
                                nominated_by="residents_group", nominated_on=today)  # fmt: skip
    _boards(leader, community, today, year_ago)
    head = (
        Person.objects.filter(grid__path__startswith=community.path, household__house__isnull=False)
        .order_by("-id")
        .first()
    )
    if head is not None:
        services.worker_save(actor=leader, area=community, post="building_head", person=head,
                             buildings=[head.household.house.building], term_starts=year_ago,
                             funding="community")  # fmt: skip
