"""The command centre: figures for an area (live and kept per area and day), drill-down, scope,
and the page in a browser."""

import datetime as dt
import io
import threading
import time

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from civicgrid.areas.models import Area
from civicgrid.cases.services import case_transition
from civicgrid.cases.tests.fixtures import MONDAY, walk
from civicgrid.cases.tests.test_views import seeded
from civicgrid.figures.models import AreaDay, AreaNow, Refresh
from civicgrid.figures.points import _cells
from civicgrid.figures.selectors import area_figures
from civicgrid.figures.services import count_now, refresh
from civicgrid.web.tests.browser import DESKTOP, browser_db
from civicgrid.web.tests.test_accessibility import SHOTS

pytestmark = pytest.mark.django_db


def test_figures_of_the_district_and_of_a_street(loop):
    tree = loop.tree
    running = walk(seeded(loop), loop, until="dispatch")  # its sign-for clock runs
    done = walk(seeded(loop), loop)
    case_transition(
        case_id=done.pk,
        action="rate",
        actor=loop.operator,
        data={"rating": "satisfied"},
        now=MONDAY,
    )
    refresh(now=MONDAY + dt.timedelta(hours=1))
    count_now(now=MONDAY + dt.timedelta(hours=1))
    f = area_figures(user=loop.leader, area=tree.district, now=MONDAY + dt.timedelta(hours=1))
    assert f["intake_today"] == 2 and f["open"] == 1
    assert f["recent"]["reported"] == 2 and f["recent"]["closed"] == 1
    assert f["on_time_rate"] == 100.0 and f["satisfaction"] == 100.0
    streets = {c["code"]: c["open"] for c in f["children"]}
    assert streets == {tree.street.code: 1, tree.other_street.code: 0}
    assert sum(f["charts"]["reported"]) == 2 and sum(f["charts"]["hours"]) == 2
    assert f["charts"]["top_classes"][0]["code"] == "06010"
    count_now(now=MONDAY + dt.timedelta(days=40))
    later = area_figures(user=loop.leader, area=tree.district, now=MONDAY + dt.timedelta(days=40))
    assert later["red"] == 1 and later["children"][0]["red"] == 1  # the running case, overdue
    assert later["open"] == 1 and later["counted_at"] == MONDAY + dt.timedelta(days=40)
    other = area_figures(user=loop.leader, area=tree.other_street, now=MONDAY)
    assert other["open"] == 0 and running.state == "dispatched"


def test_the_page_drills_down_within_scope(client, loop):
    seeded(loop)
    tree = loop.tree
    client.force_login(loop.leader)
    page = client.get(reverse("command")).content.decode()
    assert tree.district.name in page and f"?area={tree.street.code}" in page
    assert 'hx-trigger="every 60s"' in page and "vendor/echarts/echarts.min.js" in page
    street = client.get(reverse("command"), {"area": tree.street.code}).content.decode()
    assert f"?area={tree.community.code}" in street
    assert client.get(reverse("command"), {"area": "nowhere"}).status_code == 404
    wall = client.get(reverse("command"), {"wall": "1"}).content.decode()
    assert "civicgrid/wall.css" in wall  # the wall display's dark styles (no inline <style>)
    # a grid worker's scope starts at the grid; the district is not theirs
    client.force_login(loop.supervisor)
    assert client.get(reverse("command"), {"area": tree.district.code}).status_code == 404
    assert client.get(reverse("command")).status_code == 200
    client.force_login(loop.resident)
    assert client.get(reverse("command")).status_code == 404


@browser_db
@pytest.mark.browser
def test_the_map_and_the_charts_draw(open_page, loop):
    seeded(loop)
    page = open_page(loop.leader, viewport=DESKTOP)
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    from playwright.sync_api import expect

    page.goto("/command/")
    page.locator("#command-map[data-loaded]").wait_for()
    # the page's own work done (not a second's sleep, which a loaded machine may outlast): the
    # charts drawn after the first paint, the live lists brought by htmx, the markers fetched
    expect(page.locator("#chart-daily canvas")).to_have_count(1)
    expect(page.locator("#chart-hours canvas")).to_have_count(1)
    page.locator("#wall-duty .wall-count").wait_for()
    page.locator("#command-map[data-markers]").wait_for()  # the open cases, clustered
    assert not errors, errors
    assert page.locator("#command-map").get_attribute("data-markers") == "1"
    page.select_option("#layer-heat", "90")
    page.locator("#command-map[data-heat]").wait_for()
    assert page.locator("#command-map canvas.leaflet-heatmap-layer").count() == 1
    page.check("#shade-red")  # the areas coloured by red cards: drawn again
    page.locator("#command-map[data-loaded]").wait_for()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "command-centre-layers.png"), full_page=True)
    assert not errors, errors
    # drill down: the street, then its community, the figures following; back up by the trail
    tree = loop.tree
    page.get_by_role("link", name=tree.street.name, exact=True).click()
    page.wait_for_url(f"**/command/?area={tree.street.code}")
    page.locator("#command-map[data-loaded]").wait_for()
    expect(page.locator("[data-figure=open]")).to_have_text("1")
    page.get_by_role("link", name=tree.community.name, exact=True).click()
    page.wait_for_url(f"**/command/?area={tree.community.code}")
    assert page.locator(".breadcrumb-item").count() == 3
    page.locator(".breadcrumb").get_by_role("link", name=tree.district.name).click()
    page.wait_for_url("**/command/?area=" + tree.district.code)
    assert not errors, errors


def test_refresh_sums_up_the_tree_and_rewrites_without_doubling(loop):
    tree = loop.tree
    walk(seeded(loop), loop)
    refresh(now=MONDAY)
    refresh(now=MONDAY)  # again: the same rows, not twice the counts
    day = MONDAY.date()
    for area in (tree.grid1, tree.community, tree.street, tree.district):
        row = AreaDay.objects.get(area=area, day=day)
        assert (row.reported, row.closed, row.closings) == (1, 1, 1)
        assert sum(row.channels.values()) == 1
        assert row.classes == {"06010": 1} and sum(row.hours) == 1 and row.hours[10] == 1
    assert not AreaDay.objects.filter(area=tree.other_street).exists()
    assert Refresh.objects.count() == 2
    call_command("figures", "--days", "7", stdout=io.StringIO())
    assert Refresh.objects.count() == 3


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_overlapping_refreshes_take_turns(loop, monkeypatch):
    """A refresh that starts while another is rewriting waits for it, then replaces its rows
    (without the turn, the later deleted what it saw and inserted beside the earlier's rows)."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite lets one transaction write at a time")
    walk(seeded(loop), loop)
    refresh(now=MONDAY)
    first_writing = threading.Event()
    insert = AreaDay.objects.bulk_create

    def slow_insert(objs, **kwargs):
        if threading.current_thread().name == "first":  # its old rows deleted, not yet written
            first_writing.set()
            time.sleep(1)
        return insert(objs, **kwargs)

    monkeypatch.setattr(AreaDay.objects, "bulk_create", slow_insert)
    errors: list[Exception] = []

    def run():
        try:
            refresh(now=MONDAY)
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    first = threading.Thread(target=run, name="first")
    first.start()
    assert first_writing.wait(30)
    second = threading.Thread(target=run, name="second")
    second.start()
    first.join(60), second.join(60)
    assert errors == []
    assert AreaDay.objects.get(area=loop.tree.grid1, day=MONDAY.date()).reported == 1
    assert Refresh.objects.count() == 3


def test_the_page_rewrites_stale_figures(client, loop):
    seeded(loop)
    client.force_login(loop.leader)
    assert not Refresh.objects.exists() and not AreaNow.objects.exists()
    page = client.get(reverse("command"))  # no broker in tests: the tasks run at once
    assert Refresh.objects.count() == 1
    assert AreaNow.objects.get(area=loop.tree.district).open == 1
    assert page.context["f"]["open"] == 1
    counted = AreaNow.objects.get(area=loop.tree.district).at
    client.get(reverse("command"))  # fresh: not again
    assert Refresh.objects.count() == 1
    assert AreaNow.objects.get(area=loop.tree.district).at == counted


def test_counting_now_sums_up_the_tree_and_keeps_one_row_per_area(loop):
    tree = loop.tree
    running = walk(seeded(loop), loop, until="dispatch")
    walk(seeded(loop), loop)  # closed: not open
    count_now(now=MONDAY)
    count_now(now=MONDAY + dt.timedelta(days=40))  # again, later: the same rows, rewritten
    assert AreaNow.objects.count() == Area.objects.count()
    for area in (running.grid, tree.community, tree.street, tree.district):
        row = AreaNow.objects.get(area=area)
        assert (row.open, row.red) == (1, 1)
    assert (AreaNow.objects.get(area=tree.other_street).open, AreaNow.objects.count()) == (
        0,
        Area.objects.count(),
    )


def test_the_map_cells_count_cases_per_cell_within_scope(client, loop):
    cache.clear()
    tree = loop.tree
    running = walk(seeded(loop), loop, until="dispatch")
    walk(seeded(loop), loop)  # closed
    client.force_login(loop.leader)
    url = reverse("command_cells")
    got = client.get(url, {"layer": "open"}).json()
    assert got["cases"] == 1 and len(got["cells"]) == 1
    lat, lon, n = got["cells"][0]
    assert (round(lat, 5), round(lon, 5), n) == (round(running.lat, 5), round(running.lon, 5), 1)
    assert client.get(url, {"layer": "red"}).json()["cases"] == 1  # MONDAY is long past
    # the reports of the last days, counted at a moment after the seeded reports (on MONDAY)
    week = _cells(area=tree.district, layer="reports", days=7, now=MONDAY + dt.timedelta(days=1))
    assert week["cases"] == 2 and week["days"] == 7
    later = _cells(area=tree.district, layer="reports", days=1, now=MONDAY + dt.timedelta(days=3))
    assert later["cases"] == 0
    fresh = _cells(area=tree.district, layer="red", days=7, now=MONDAY)
    assert fresh["cases"] == 0  # not yet overdue on the day it was dispatched
    other = client.get(url, {"area": tree.other_street.code, "layer": "open"}).json()
    assert other["cases"] == 0 and other["cells"] == []
    bad = client.get(url, {"layer": "everything"})
    assert bad.status_code == 400 and bad.json()["field"] == "layer"
    assert client.get(url, {"layer": "reports", "days": "5"}).json()["field"] == "days"
    # out of scope: another area than the grid worker's, and a resident
    client.force_login(loop.supervisor)
    assert client.get(url, {"area": tree.district.code}).status_code == 404
    client.force_login(loop.resident)
    assert client.get(url).status_code == 404
