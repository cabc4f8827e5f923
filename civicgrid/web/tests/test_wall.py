"""The command-centre wall's data and pages: the colour scale and the thresholds, the new
reports, the overdue and red-card list, today's reports by channel, the grid workers on duty,
the drill-down to a grid, scope (a street's leader sees only the street), and the figures'
rewrite never keeping the page waiting."""

import datetime as dt
import itertools

import pytest
from django.urls import reverse

from civicgrid.accounts.choices import Role
from civicgrid.accounts.tests.factories import user_with_role
from civicgrid.cases import wall
from civicgrid.cases.choices import Channel
from civicgrid.cases.models import Case
from civicgrid.cases.services import case_report
from civicgrid.cases.services.intake import Report
from civicgrid.cases.tests.fixtures import MONDAY, walk
from civicgrid.cases.tests.test_views import seeded
from civicgrid.figures.models import AreaNow, Refresh
from civicgrid.figures.services import count_now, refresh
from civicgrid.registry.models import Building, Visit
from civicgrid.web import command as command_view
from civicgrid.web.models import WallThresholds

pytestmark = pytest.mark.django_db


def grid_ids(*areas):
    return [a.pk for a in areas]


# --- the colour scale and the thresholds ---------------------------------------------------


def test_the_scale_tells_close_values_apart():
    bins = wall.scale([340, 333, 327])
    steps = {v: wall.step_of(v, bins) for v in (340, 333, 327)}
    assert len(set(steps.values())) == 3  # three streets, three colours (all red before)
    assert steps[327] == 0 and steps[340] == 4
    assert bins[0]["low"] == 327 and bins[-1]["high"] == 340  # the real range, not 0 to max
    # every value falls in exactly one bin, the bins touching without overlap
    for b, after in itertools.pairwise(bins):
        assert after["low"] == b["high"] + 1
    assert wall.scale([]) == [] and wall.step_of(5, []) == 0
    same = wall.scale([7, 7])
    assert same == [{"step": 4, "low": 7, "high": 7}] and wall.step_of(7, same) == 4


def test_the_absolute_thresholds_count_per_grid():
    limits = wall.Thresholds(open_amber=10, open_red=20, red_amber=1, red_red=3)
    assert wall.status(open_=10, red=0, grids=1, limits=limits) == "ok"
    assert wall.status(open_=11, red=0, grids=1, limits=limits) == "amber"
    assert wall.status(open_=21, red=0, grids=1, limits=limits) == "red"
    assert wall.status(open_=40, red=0, grids=4, limits=limits) == "ok"  # 10 a grid
    assert wall.status(open_=0, red=2, grids=1, limits=limits) == "amber"
    assert wall.status(open_=0, red=4, grids=1, limits=limits) == "red"
    assert wall.status(open_=5, red=0, grids=0, limits=limits) == "ok"  # no grid: as one


def test_the_thresholds_are_changed_by_a_district_leader_only(client, loop):
    url = reverse("command_thresholds")
    client.force_login(loop.leader)  # a leader of the district's grid centre
    assert client.get(url).status_code == 200
    bad = client.post(url, {"open_amber": 20, "open_red": 10, "red_amber": 1, "red_red": 3})
    assert bad.status_code == 400
    page = bad.content.decode()
    assert "open_red" in page and "is-invalid" in page
    assert not WallThresholds.objects.exists()  # nothing changed
    assert (
        client.post(
            url, {"open_amber": "x", "open_red": 10, "red_amber": 1, "red_red": 3}
        ).status_code
        == 400
    )
    for hostile in ("-1", "99999999999", "1e3", "<script>"):
        refused = client.post(
            url, {"open_amber": hostile, "open_red": 10, "red_amber": 1, "red_red": 3}
        )
        assert refused.status_code == 400, hostile
        assert 'id="id_open_amber-error"' in refused.content.decode(), hostile
    assert not WallThresholds.objects.exists()
    ok = client.post(url, {"open_amber": 5, "open_red": 9, "red_amber": 0, "red_red": 2})
    assert ok.status_code == 302
    t = WallThresholds.current()
    assert (t.open_amber, t.open_red, t.red_amber, t.red_red) == (5, 9, 0, 2)
    assert WallThresholds.objects.count() == 1
    # in force on the wall: one open case in a one-grid street is now above amber (5? no: 0)
    street_leader = user_with_role("street_lead", loop.tree.street, Role.LEADER)
    client.force_login(street_leader)
    assert client.get(url).status_code == 404  # a street's leader does not set the district's
    client.force_login(loop.supervisor)
    assert (
        client.post(url, {"open_amber": 1, "open_red": 2, "red_amber": 0, "red_red": 1}).status_code
        == 404
    )
    assert WallThresholds.current().open_amber == 5


def test_the_areas_are_coloured_on_the_scale_and_against_the_thresholds(client, loop):
    for _ in range(3):
        seeded(loop)  # three open cases in the first street, none in the other
    count_now(now=MONDAY)
    WallThresholds(open_amber=1, open_red=2, red_amber=5, red_red=9).save()
    client.force_login(loop.leader)
    page = client.get(reverse("command"))
    rows = {c["code"]: c for c in page.context["f"]["children"]}
    street, other = rows[loop.tree.street.code], rows[loop.tree.other_street.code]
    assert (street["open"], other["open"]) == (3, 0)
    assert street["open_step"] > other["open_step"]
    assert street["grids"] == 2 and street["status"] == "amber"  # 1.5 open a grid: over 1
    assert other["status"] == "ok"
    body = page.content.decode()
    assert "wall-legend" in body and "wall-step-0" in body and "wall-step-4" in body
    assert 'class="wall-status is-amber"' in body


# --- the lists -------------------------------------------------------------------------------


def test_new_reports_latest_first_without_the_reporter(client, loop):
    first, second = seeded(loop), seeded(loop)
    tree = loop.tree
    got = wall.new_reports(grid_ids=grid_ids(tree.grid1, tree.grid2, tree.other_grid))
    assert [r["id"] for r in got] == [second.pk, first.pk]
    assert got[0]["class_name"] and got[0]["channel_label"] == str(Channel.HOTLINE.label)
    assert wall.new_reports(grid_ids=grid_ids(tree.other_grid)) == []
    assert [r["id"] for r in wall.new_reports(grid_ids=grid_ids(tree.grid1), after=first.pk)] == [
        second.pk
    ]
    client.force_login(loop.leader)
    html = client.get(reverse("command_feed")).content.decode()
    assert second.number in html and "13812345678" not in html and "138****5678" not in html
    assert "王" not in html  # the reporter's name is not on the wall
    assert html.index(second.number) < html.index(first.number)


def test_the_overdue_list_has_countdowns_and_the_unit_responsible(client, loop):
    running = walk(seeded(loop), loop, until="dispatch")
    walk(seeded(loop), loop)  # closed: never overdue
    tree = loop.tree
    grids = grid_ids(tree.grid1, tree.grid2)
    assert wall.overdue(grid_ids=grids, now=MONDAY)["count"] == 0
    later = MONDAY + dt.timedelta(days=40)
    got = wall.overdue(grid_ids=grids, now=later)
    assert got["count"] == 1 and got["red"] == 1
    item = got["items"][0]
    assert item["id"] == running.pk and item["red"] and item["unit"] == loop.department.name
    assert wall.overdue(grid_ids=grid_ids(tree.other_grid), now=later)["count"] == 0
    # on a red card (its red point at 90 % of the limit) but not yet past its deadline: listed,
    # after the one past it
    red_only = walk(seeded(loop), loop, until="dispatch")
    Case.objects.filter(pk=red_only.pk).update(
        red_at=later - dt.timedelta(hours=1), due_at=later + dt.timedelta(hours=2)
    )
    got = wall.overdue(grid_ids=grids, now=later)
    assert (got["count"], got["red"]) == (2, 2)
    assert [c["id"] for c in got["items"]] == [running.pk, red_only.pk]
    assert wall.overdue(grid_ids=grids, now=later, limit=1)["items"][0]["id"] == running.pk
    Case.objects.filter(pk=red_only.pk).update(red_at=None, due_at=None)
    client.force_login(loop.leader)
    html = client.get(reverse("command_overdue")).content.decode()
    # now (2026-12 or later) is past the dispatched case's deadline too
    assert running.number in html and 'class="cg-deadline is-over"' in html
    assert (
        f'data-due="{item["due"].astimezone(dt.timezone(dt.timedelta(hours=8))).isoformat()}"'
        in html
    )
    assert loop.department.name in html


def test_todays_reports_by_channel(loop):
    tree = loop.tree
    seeded(loop)
    case_report(
        actor=loop.supervisor,
        report=Report(
            case_class="06010",
            answers={"volume": "small"},
            channel=Channel.PATROL,
            lon=121.41,
            lat=31.12,
        ),
        now=MONDAY,
    )
    rows = wall.today_by_channel(grid_ids=grid_ids(tree.grid1, tree.grid2), now=MONDAY)
    counts = {r["channel"]: r["count"] for r in rows}
    assert counts[Channel.HOTLINE] == 1 and counts[Channel.PATROL] == 1
    assert counts[Channel.WINDOW] == 0  # a main channel is shown with none
    assert Channel.IOT not in counts  # the others only when they have reports
    tomorrow = wall.today_by_channel(
        grid_ids=grid_ids(tree.grid1), now=MONDAY + dt.timedelta(days=1)
    )
    assert sum(r["count"] for r in tomorrow) == 0


def test_grid_workers_on_duty_with_their_last_place(client, loop, world, monkeypatch):
    tree = loop.tree
    case_report(
        actor=loop.supervisor,
        report=Report(
            case_class="06010",
            answers={"volume": "small"},
            channel=Channel.PATROL,
            lon=121.411,
            lat=31.121,
        ),
        now=MONDAY,
    )
    got = wall.on_duty(area=tree.street, now=MONDAY + dt.timedelta(hours=1))
    names = {w["name"]: w for w in got["workers"]}
    assert got["total"] == 1 and got["on_duty"] == 1  # the other street's worker is not here
    seen = names[loop.supervisor.username]["seen"]
    assert (seen["lon"], seen["lat"], seen["what"]) == (121.411, 31.121, "report")
    assert seen["at"] == MONDAY
    assert set(names[loop.supervisor.username]) == {"id", "name", "grid", "seen"}  # no more
    # the next day: not seen, until a household visit places them at its building
    next_day = MONDAY + dt.timedelta(days=1)
    assert wall.on_duty(area=tree.street, now=next_day)["on_duty"] == 0
    Building.objects.filter(pk=world["b1"].pk).update(lon=121.42, lat=31.13)
    Visit.objects.create(household=world["h1"], worker=loop.supervisor, visited_on=next_day.date())
    seen = wall.on_duty(area=tree.street, now=next_day)["workers"][0]["seen"]
    assert seen["what"] == "visit" and seen["day_only"]
    assert (seen["lon"], seen["lat"]) == (121.42, 31.13)
    other = wall.on_duty(area=tree.other_street, now=next_day)
    assert [w["name"] for w in other["workers"]] == [loop.outsider.username]
    assert other["on_duty"] == 0
    client.force_login(loop.leader)
    html = client.get(reverse("command_duty")).content.decode()
    assert loop.supervisor.username in html and "data-lat" not in html  # not seen today
    monkeypatch.setattr(wall, "AWAY_SHOWN", 0)  # those not seen: counted, a few listed
    assert wall.on_duty(area=tree.other_street, now=next_day) == {
        "total": 1,
        "on_duty": 0,
        "workers": [],
    }


# --- scope, drill-down, the first load -------------------------------------------------------


PARTS = (
    "command",
    "command_live",
    "command_feed",
    "command_overdue",
    "command_duty",
    "command_cells",
)


def test_a_streets_leader_sees_only_the_street(client, loop):
    seeded(loop)
    tree = loop.tree
    leader = user_with_role("street_lead", tree.street, Role.LEADER)
    client.force_login(leader)
    for name in PARTS:
        assert client.get(reverse(name)).status_code == 200, name
        assert client.get(reverse(name), {"area": tree.grid1.code}).status_code == 200, name
        assert client.get(reverse(name), {"area": tree.other_street.code}).status_code == 404, name
        assert client.get(reverse(name), {"area": tree.district.code}).status_code == 404, name
        assert client.get(reverse(name), {"area": "nowhere"}).status_code == 404, name
    page = client.get(reverse("command"))
    assert page.context["f"]["area"] == tree.street
    assert tree.other_street.name not in page.content.decode()
    client.force_login(loop.resident)
    for name in PARTS:
        assert client.get(reverse(name)).status_code == 404, name


def test_the_drill_down_stays_on_the_wall_down_to_a_grid(client, loop):
    seeded(loop)
    tree = loop.tree
    client.force_login(loop.leader)
    community = client.get(reverse("command"), {"area": tree.community.code, "wall": "1"})
    html = community.content.decode()
    assert f'href="?area={tree.grid1.code}&amp;wall=1"' in html  # a grid: still the wall
    assert "/cases/?state=open&amp;area=" + tree.grid1.code not in html
    grid = client.get(reverse("command"), {"area": tree.grid1.code, "wall": "1"})
    assert grid.status_code == 200
    trail = [a.code for a in grid.context["trail"]]
    assert trail == [tree.district.code, tree.street.code, tree.community.code, tree.grid1.code]
    assert "is-fullscreen" in grid.content.decode()


def test_stale_figures_are_rewritten_in_the_background(client, loop, monkeypatch):
    seeded(loop)
    refresh(now=MONDAY)  # figures from long ago
    asked = []
    count_now(now=MONDAY)
    monkeypatch.setattr(command_view, "_in_background", lambda **kw: asked.append(kw))
    client.force_login(loop.leader)
    assert client.get(reverse("command")).status_code == 200
    assert asked == [{"rewrite": True}]
    assert Refresh.objects.count() == 1  # not rewritten while the page waited
    assert AreaNow.objects.get(area=loop.tree.district).at == MONDAY  # nor counted


def test_without_a_scheduler_the_figures_are_made_by_a_process_of_their_own(loop, monkeypatch):
    started = []
    monkeypatch.setattr(command_view.subprocess, "Popen", lambda args, **kw: started.append(args))
    monkeypatch.setattr(command_view, "_asked_at", None)
    monkeypatch.setattr(command_view, "_scheduler_running", lambda: True)
    command_view._in_background(rewrite=True)
    assert started == []  # the scheduler beside the server will
    monkeypatch.setattr(command_view, "_asked_at", None)
    monkeypatch.setattr(command_view, "_scheduler_running", lambda: False)
    command_view._in_background(rewrite=True)
    command_view._in_background(rewrite=True)  # asked a moment ago: not twice
    assert len(started) == 1 and "figures" in started[0][-1]
    assert command_view._scheduler_running() is False  # no scheduler holds its lock in tests


def test_with_a_broker_each_process_asks_once_and_an_answered_ask_does_nothing(
    loop, monkeypatch, settings
):
    """Every leader's page finding the figures stale asked for a rewrite: at city scale a
    rewrite takes tens of seconds, and eight of them ran back to back. A process asks once in
    a while, and a task asked for stale figures does nothing once they are fresh."""
    from civicgrid.figures import tasks

    settings.CELERY_TASK_ALWAYS_EAGER = False
    sent = []
    monkeypatch.setattr(tasks.refresh, "delay", lambda **kw: sent.append(("refresh", kw)))
    monkeypatch.setattr(tasks.count_now, "delay", lambda **kw: sent.append(("count", kw)))
    monkeypatch.setattr(command_view, "_asked_at", None)
    command_view._in_background(rewrite=True)
    command_view._in_background(rewrite=True)  # the next page a moment later: not again
    assert [name for name, _kw in sent] == ["count", "refresh"]
    assert sent[1][1] == {"stale_after": command_view.STALE.total_seconds()}

    seeded(loop)
    refresh()
    assert tasks.refresh(stale_after=600)["skipped"] is True  # made a moment ago
    assert Refresh.objects.count() == 1
    assert "skipped" not in tasks.refresh()  # beat's run always rewrites
    assert Refresh.objects.count() == 2
    count_now(now=MONDAY)
    tasks.count_now(stale_after=120)  # counted long ago: counted again
    assert AreaNow.objects.get(area=loop.tree.district).at > MONDAY
    at = AreaNow.objects.get(area=loop.tree.district).at
    tasks.count_now(stale_after=120)  # fresh: left as it is
    assert AreaNow.objects.get(area=loop.tree.district).at == at


def test_the_clock_carries_the_districts_time_zone(client, loop, settings):
    """The wall's clock is set from the district's zone (rendered into the page), not from the
    browser's: a wall computer set to UTC shows the same time as the "as of" beside it."""
    settings.TIME_ZONE = "Asia/Shanghai"
    seeded(loop)
    client.force_login(loop.leader)
    html = client.get(reverse("command")).content.decode()
    assert 'data-zone="Asia/Shanghai" data-offset="480"' in html


def test_beat_rewrites_the_recent_days_often_and_every_day_hourly(loop):
    """A city's 90 days of figures took 6 minutes to rewrite on the working day's machine: the
    10-minute task rewrites today and yesterday, ``refresh_all`` every day the charts show."""
    from django.conf import settings

    from civicgrid.figures import tasks
    from civicgrid.figures.models import AreaDay
    from civicgrid.figures.services import DAYS, RECENT_DAYS

    seeded(loop)
    refresh(now=MONDAY)
    rows = AreaDay.objects.filter(area=loop.tree.district)
    old_day = rows.order_by("day").first()
    AreaDay.objects.filter(pk=old_day.pk).update(reported=999)  # as if left from long ago
    tasks.refresh()
    assert Refresh.objects.order_by("-at").first().days == RECENT_DAYS
    assert AreaDay.objects.get(pk=old_day.pk).reported == 999  # older days kept
    tasks.refresh_all()
    assert Refresh.objects.order_by("-at").first().days == DAYS
    assert not AreaDay.objects.filter(reported=999).exists()
    schedule = {e["task"]: e["schedule"] for e in settings.CELERY_BEAT_SCHEDULE.values()}
    assert schedule["figures.refresh"] == 600 and schedule["figures.refresh_all"] == 3600
