"""The workforce's rules: places, grid leaders living in their grids, allowances and grades,
leaving, the month's run (once per worker), and the pay scale kept by who keeps the rules."""

import datetime as dt
from decimal import Decimal

import pytest

from civicgrid.workforce import figures, selectors, services
from civicgrid.workforce.models import AllowanceEntry, GradeChange

from .fixtures import DAY, refused

pytestmark = pytest.mark.django_db


def grid_leader(wf, **kw):
    return services.worker_save(actor=wf.leader, area=wf.tree.community, post="grid_leader",
                                person=wf.resident, grids=[wf.tree.grid1], term_starts=DAY,
                                funding="district", **kw)  # fmt: skip


def staff(wf, name="吴社工", **kw):
    return services.worker_save(actor=wf.leader, area=wf.tree.community, post="station_staff",
                                name=name, term_starts=DAY, funding="district", **kw)  # fmt: skip


def test_a_grid_leader_lives_in_one_of_their_grids_and_gets_the_default_allowance(wf):
    refused("person", services.worker_save, actor=wf.leader, area=wf.tree.community,
            post="grid_leader", name="x", grids=[wf.tree.grid1], term_starts=DAY,
            funding="district")  # fmt: skip
    refused("grids", services.worker_save, actor=wf.leader, area=wf.tree.community,
            post="grid_leader", person=wf.resident, grids=[wf.tree.grid2], term_starts=DAY,
            funding="district")  # fmt: skip
    w = grid_leader(wf, phone="13812345678")
    assert (w.name, w.allowance, w.phone_masked) == ("周网格", Decimal(400), "138****5678")


def test_places_lie_in_the_area_and_only_its_leaders_keep_it(wf):
    refused("grids", services.worker_save, actor=wf.leader, area=wf.tree.community,
            post="station_staff", name="x", grids=[wf.tree.other_grid], term_starts=DAY,
            funding="district")  # fmt: skip
    refused("buildings", services.worker_save, actor=wf.leader, area=wf.tree.community,
            post="station_staff", name="x", buildings=[wf.other_building], term_starts=DAY,
            funding="district")  # fmt: skip
    refused("area", services.worker_save, actor=wf.outsider, area=wf.tree.community,
            post="station_staff", name="x", term_starts=DAY, funding="district")  # fmt: skip
    refused("area", services.worker_save, actor=wf.leader, area=wf.tree.grid1,
            post="station_staff", name="x", term_starts=DAY, funding="district")  # fmt: skip
    refused("name", staff, wf, name=" ")
    refused("phone", staff, wf, phone="12")


def test_a_building_head_lives_in_one_of_their_buildings(wf):
    made = services.worker_save(actor=wf.leader, area=wf.tree.community, post="building_head",
                                person=wf.resident, buildings=[wf.b1], term_starts=DAY,
                                funding="community")  # fmt: skip
    assert list(made.buildings.all()) == [wf.b1]
    refused("buildings", services.worker_save, actor=wf.leader, area=wf.tree.community,
            post="building_head", person=wf.resident, buildings=[], term_starts=DAY,
            funding="community")  # fmt: skip


def test_grades_keep_their_history_and_allowance_posts_take_none(wf):
    w = staff(wf)
    services.grade_set(actor=wf.leader, worker=w, grade=wf.g1, since=DAY)
    refused("since", services.grade_set, actor=wf.leader, worker=w, grade=wf.g2,
            since=DAY - dt.timedelta(days=1))  # fmt: skip
    services.grade_set(actor=wf.leader, worker=w, grade=wf.g2, since=DAY + dt.timedelta(days=90),
                       reason="年度晋级")  # fmt: skip
    w.refresh_from_db()
    assert w.grade == wf.g2 and GradeChange.objects.filter(worker=w).count() == 2
    refused("grade", services.grade_set, actor=wf.leader, worker=grid_leader(wf),
            grade=wf.g1, since=DAY)  # fmt: skip


def test_a_month_is_run_once_per_worker_and_pays_who_served(wf):
    leader_ = grid_leader(wf)
    staff(wf)  # no allowance: salaried
    gone = services.worker_save(actor=wf.leader, area=wf.tree.community,
                                post="part_time_member", name="郑委员", term_starts=DAY,
                                funding="community")  # fmt: skip
    services.worker_leave(actor=wf.leader, worker=gone, on=DAY + dt.timedelta(days=10),
                          why="辞职")  # fmt: skip
    april = services.allowances_run(actor=wf.leader, area=wf.tree.community,
                                    month=dt.date(2026, 4, 15))  # fmt: skip
    assert [e.worker_id for e in april] == [leader_.pk]
    assert services.allowances_run(actor=wf.leader, area=wf.tree.community,
                                   month=dt.date(2026, 4, 1)) == []  # fmt: skip
    march = services.allowances_run(actor=wf.street_leader, area=wf.tree.street,
                                    month=dt.date(2026, 3, 1))  # fmt: skip
    assert len(march) == 2  # who left on 12 March served in March
    refused("month", services.allowances_run, actor=wf.leader, area=wf.tree.community,
            month=dt.date(2099, 1, 1))  # fmt: skip
    totals = selectors.ledger_totals(wf.leader, 2026)
    assert [(t.month.month, t.people, t.amount) for t in totals] == [
        (3, 2, Decimal(800)),
        (4, 1, Decimal(400)),
    ]
    assert AllowanceEntry.objects.count() == 3
    assert selectors.ledger_totals(wf.outsider, 2026) == []


def test_leaving_is_recorded_once_with_its_reason(wf):
    w = staff(wf)
    refused("why", services.worker_leave, actor=wf.leader, worker=w, on=DAY, why=" ")
    refused("on", services.worker_leave, actor=wf.leader, worker=w,
            on=DAY - dt.timedelta(days=1), why="x")  # fmt: skip
    services.worker_leave(actor=wf.leader, worker=w, on=DAY, why="合同期满")
    refused("worker", services.worker_leave, actor=wf.leader, worker=w, on=DAY, why="x")
    refused("worker", staff, wf, worker=w)


def test_the_pay_scale_is_kept_by_who_keeps_the_rules(wf):
    refused("grade", services.pay_grade_save, actor=wf.leader, level=2, grade=3,
            monthly_pay="4800")  # fmt: skip
    step = services.pay_grade_save(actor=wf.admin, level=2, grade=3, monthly_pay="4800")
    assert step.monthly_pay == Decimal(4800)
    refused("monthly_pay", services.pay_grade_save, actor=wf.admin, level=2, grade=4,
            monthly_pay="-1")  # fmt: skip


def test_reports_count_posts_on_two_days_and_households_per_worker(wf):
    grid_leader(wf)
    s = staff(wf)
    services.worker_leave(actor=wf.leader, worker=s, on=DAY + dt.timedelta(days=5), why="x")
    rows = selectors.posts_by_area(wf.leader, DAY, DAY + dt.timedelta(days=30))
    assert [(r.area, r.total_before, r.total_after) for r in rows] == [(wf.tree.community, 2, 1)]
    cover = {c.area: c for c in figures.coverage(wf.leader, DAY + dt.timedelta(days=30))}
    c = cover[wf.tree.community]
    assert (c.grids, c.households, c.grid_leaders, c.households_per_grid_leader) == (2, 1, 1, 1.0)
