"""Daily records (the sign of their points, the days they may be of, striking one out) and the
workforce's figures in evaluation's library, with known answers and the records behind them (in
scope, or a 404)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from civicgrid.evaluation.compute import area_indicators
from civicgrid.evaluation.periods import parse
from civicgrid.registry.models import Household
from civicgrid.workforce import daily, figures, services

from .fixtures import DAY, refused

pytestmark = pytest.mark.django_db


def _staff(wf, name="吴社工", **more):
    return services.worker_save(actor=wf.leader, area=wf.tree.community, post="station_staff",
                                name=name, term_starts=DAY, funding="district",
                                **more)  # fmt: skip


def _grid_leader(wf):
    return services.worker_save(actor=wf.leader, area=wf.tree.community, post="grid_leader",
                                person=wf.resident, grids=[wf.tree.grid1], term_starts=DAY,
                                funding="district")  # fmt: skip


def test_a_records_points_follow_its_kind(wf):
    w = _staff(wf)
    day = DAY + dt.timedelta(days=3)
    add = daily.record_add
    refused("points", add, actor=wf.leader, worker=w, day=day, kind="duty", note="值班", points=2)
    refused("points", add, actor=wf.leader, worker=w, day=day, kind="commended", note="表扬",
            points=0)  # fmt: skip
    refused("points", add, actor=wf.leader, worker=w, day=day, kind="complaint", note="投诉",
            points=3)  # fmt: skip
    refused("points", add, actor=wf.leader, worker=w, day=day, kind="absent", note="缺岗",
            points=-21)  # fmt: skip
    refused("points", add, actor=wf.leader, worker=w, day=day, kind="lapse", note="x", points="x")
    refused("day", add, actor=wf.leader, worker=w, day=DAY - dt.timedelta(days=1), kind="duty",
            note="任期前")  # fmt: skip
    refused("day", add, actor=wf.leader, worker=w, day=dt.date.today() + dt.timedelta(days=1),
            kind="duty", note="明天")  # fmt: skip
    refused("note", add, actor=wf.leader, worker=w, day=day, kind="duty", note="  ")
    refused("kind", add, actor=wf.leader, worker=w, day=day, kind="nap", note="x")
    refused("worker", add, actor=wf.outsider, worker=w, day=day, kind="duty", note="x")
    assert not w.daily_records.exists()  # nothing refused was written


def test_the_daily_score_reads_the_records_that_stand(wf):
    w, other = _staff(wf), _staff(wf, name="郑社工")
    day = DAY + dt.timedelta(days=1)
    for kind, points in (("duty", 0), ("visit", 0), ("commended", 5), ("complaint", -8),
                         ("absent", -10)):  # fmt: skip
        daily.record_add(actor=wf.leader, worker=w, day=day, kind=kind, note=kind, points=points)
    wrong = daily.record_add(actor=wf.leader, worker=w, day=day, kind="lapse", note="记错了",
                             points=-20)  # fmt: skip
    daily.record_strike(actor=wf.leader, entry=wrong, why="记错了人")
    refused("entry", daily.record_strike, actor=wf.leader, entry=wrong, why="again")
    period = parse("2026")
    values = figures.worker_counts([w, other], period.first, period.last)
    assert values[w.pk]["wk_daily_records"] == 5  # the struck one does not count
    assert values[w.pk]["wk_points_off"] == 18.0
    assert values[w.pk]["wk_points_added"] == 5.0
    assert values[w.pk]["wk_daily_score"] == 87.0  # 100 − 18 + 5
    assert values[other.pk]["wk_daily_score"] == 100.0  # nothing recorded: nothing taken off
    for n in range(7):  # a score never goes below nothing
        daily.record_add(actor=wf.leader, worker=other, day=day, kind="absent", note=str(n),
                         points=-20)  # fmt: skip
    assert (
        figures.worker_counts([other], period.first, period.last)[other.pk]["wk_daily_score"] == 0.0
    )


def test_the_workforce_figures_have_known_answers(wf):
    tree = wf.tree
    staff, leader = _staff(wf), _grid_leader(wf)
    gone = _staff(wf, name="离职者")
    services.worker_leave(actor=wf.leader, worker=gone, on=DAY + dt.timedelta(days=30),
                          why="辞职", left_as="resigned")  # fmt: skip
    services.training_add(actor=wf.leader, worker=staff, title="网格化培训",
                          taken_on=DAY + dt.timedelta(days=5), hours=Decimal(4))  # fmt: skip
    for month in (dt.date(2026, 3, 1), dt.date(2026, 4, 1)):
        services.allowances_run(actor=wf.leader, area=tree.community, month=month)
    daily.record_add(actor=wf.leader, worker=leader, day=DAY, kind="visit", note="走访 12 户")
    Household.objects.create(number="H-2", grid=tree.grid2)
    Household.objects.create(number="H-3", grid=tree.other_grid)  # another street's
    v = area_indicators([tree.community, tree.street], parse("2026"))[tree.community.pk]
    assert v["wf_workers"] == 2  # the leaver is gone by the year's last day
    assert v["wf_grid_leaders"] == 1
    assert v["wf_grids"] == 2 and v["wf_grids_led"] == 1 and v["wf_grid_cover_rate"] == 50.0
    assert v["wf_households"] == 2
    assert v["wf_households_per_worker"] == 1.0
    assert v["wf_households_per_leader"] == 2.0
    assert v["wf_trained"] == 1 and v["wf_training_rate"] == 50.0
    assert v["wf_left"] == 1
    assert v["wf_allowance_paid"] == 800.0  # the grid leader's 400 a month, twice
    assert v["wf_daily_records"] == 1
    march = area_indicators([tree.community], parse("2026-03"))[tree.community.pk]
    assert march["wf_workers"] == 3 and march["wf_left"] == 0  # before the leaver left
    assert march["wf_allowance_paid"] == 400.0


def test_the_records_behind_a_workforce_figure_are_in_scope(wf, client):
    staff = _staff(wf)
    daily.record_add(actor=wf.leader, worker=staff, day=DAY, kind="commended", note="表扬信",
                     points=3)  # fmt: skip
    url = reverse("evaluation:cases")
    query = {"indicator": "wf_workers", "period": "2026", "area": wf.tree.community.code}
    client.force_login(wf.leader)
    page = client.get(url, query)
    assert page.status_code == 200
    assert "吴社工" in page.content.decode()
    assert reverse("workforce:worker", args=[staff.pk]) in page.content.decode()
    mine = client.get(url, {"indicator": "wk_points_added", "period": "2026", "worker": staff.pk})
    assert mine.status_code == 200 and "表扬信" not in mine.content.decode()  # kinds, not notes
    assert "+3.0" in mine.content.decode()
    client.force_login(wf.outsider)  # leads another street
    assert client.get(url, query).status_code == 404
    assert client.get(url, {"indicator": "wk_daily_score", "period": "2026",
                            "worker": staff.pk}).status_code == 404  # fmt: skip
    assert client.get(url, {"indicator": "wk_daily_score", "period": "2026",
                            "worker": "x"}).status_code == 404  # fmt: skip


def test_the_api_keeps_the_daily_records_for_the_workers_leaders(wf, client):
    from civicgrid.accounts.tests.factories import bearer

    staff = _staff(wf)
    url = f"/api/v1/workforce/workers/{staff.pk}/daily-records"
    body = {"day": str(DAY), "kind": "complaint", "points": 3, "note": "投诉属实"}
    res = client.post(url, body, content_type="application/json", **bearer(wf.leader))
    assert res.status_code == 400 and res.json()["field"] == "points"
    body["points"] = -4
    res = client.post(url, body, content_type="application/json", **bearer(wf.leader))
    assert res.status_code == 201, res.content
    made = res.json()["id"]
    assert [r["id"] for r in client.get(url, **bearer(wf.leader)).json()] == [made]
    assert client.get(url, **bearer(wf.outsider)).status_code == 404
    strike = f"/api/v1/workforce/daily-records/{made}/strike"
    res = client.post(strike, {"why": "x"}, content_type="application/json",
                      **bearer(wf.outsider))  # fmt: skip
    assert res.status_code == 404
    res = client.post(strike, {"why": "记错了"}, content_type="application/json",
                      **bearer(wf.leader))  # fmt: skip
    assert res.status_code == 200 and res.json()["struck"] is True
