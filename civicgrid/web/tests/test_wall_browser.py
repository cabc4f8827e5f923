"""The command-centre wall in Chromium at 1920×1080 and at 1440×900: every panel titled and
whole, the charts drawn, the new reports, the overdue list with its countdowns and the grid
workers on the map, no console error and no request off the server; the drill-down stays on
the wall down to a grid. Screenshots: var/screenshots/wall-*.png."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from civicgrid.cases.choices import Channel
from civicgrid.cases.services import case_report
from civicgrid.cases.services.intake import Report
from civicgrid.cases.tests.fixtures import walk
from civicgrid.cases.tests.test_views import seeded
from civicgrid.web.tests.browser import DESKTOP, WALL, browser_db, guard, shoot, wait_until

pytestmark = [browser_db, pytest.mark.browser]

# what must hold on the wall: the panels' titles and the table's names are not cut off, nothing
# sticks out sideways or (full screen) below
WHOLE = """() => {
    const cut = [];
    document.querySelectorAll(".wall-panel-title, .wall-kpi-label, .wall-table a").forEach((el) => {
        if (el.scrollWidth > el.clientWidth + 1) cut.push(el.textContent);
    });
    const root = document.documentElement;
    return {cut, wide: root.scrollWidth > window.innerWidth,
            tall: root.scrollHeight > window.innerHeight + 1};
}"""


def _district(loop):
    for _ in range(3):
        seeded(loop)
    walk(seeded(loop), loop, until="dispatch")  # overdue by now: in the overdue list
    case_report(
        actor=loop.supervisor,
        report=Report(
            case_class="06010",
            answers={"volume": "small"},
            channel=Channel.PATROL,
            lon=121.412,
            lat=31.122,
        ),
        now=timezone.now(),  # seen today: a marker on the map
    )


def test_the_wall_at_1920_and_at_1440(open_page, live_server, loop):
    _district(loop)
    for viewport, name in ((WALL, "wall-1920"), (DESKTOP, "wall-1440")):
        page = open_page(loop.leader, viewport=viewport)
        watched = guard(page, live_server)
        page.goto("/command/?wall=1")
        page.locator("#command-map[data-loaded]").wait_for()
        page.locator("#wall-feed li").first.wait_for()
        page.locator("#wall-overdue .cg-deadline").first.wait_for()
        # the charts are drawn after the first paint (a frame, then a timer), and again when
        # htmx brings new figures: waited for, not counted at once
        for chart in ("chart-channels", "chart-classes", "chart-daily", "chart-hours"):
            expect(page.locator(f"#{chart} canvas"), chart).to_have_count(1)
        assert page.locator("nav.navbar").is_hidden()  # the wall: full screen
        assert page.locator("#wall-legend .wall-swatch").count() >= 1
        whole = page.evaluate(WHOLE)
        assert whole == {"cut": [], "wide": False, "tall": False}, whole
        assert page.locator(".wall-overdue .cg-deadline.is-over").count() == 1
        assert loop.department.name in page.locator("#wall-overdue").inner_text()
        page.wait_for_timeout(500)
        shoot(page, name, full_page=False)
        watched.assert_clean(name)


def test_the_drill_down_stays_on_the_wall(open_page, live_server, loop):
    _district(loop)
    tree = loop.tree
    page = open_page(loop.leader, viewport=DESKTOP)
    watched = guard(page, live_server)
    page.goto("/command/?wall=1")

    def settled():  # the map, its markers and the live panels drawn: nothing left in flight
        page.locator("#command-map[data-loaded]").wait_for()
        page.locator("#command-map[data-markers]").wait_for()
        page.locator("#wall-duty .wall-count").wait_for()

    settled()
    for area in (tree.street, tree.community, tree.grid1):
        page.locator(".wall-table").get_by_role("link", name=area.name, exact=True).click()
        page.wait_for_url(f"**/command/?area={area.code}&wall=1")
        settled()
    # the grid: still the wall, with the whole trail, its lists and its worker on the map
    assert page.locator(".wall-trail .breadcrumb-item").count() == 4
    page.locator("#wall-feed li").first.wait_for()
    wait_until(page, "() => document.querySelector('#command-map').dataset.workers === '1'")
    expect(page.locator(".leaflet-marker-pane .wall-worker-marker")).to_have_count(1)
    shoot(page, "wall-grid", full_page=False)
    page.locator(".wall-trail").get_by_role("link", name=tree.district.name).click()
    page.wait_for_url(f"**/command/?area={tree.district.code}&wall=1")
    watched.assert_clean("drill-down")


# the page's and the map's heights, and how far the map is zoomed (the district fitted: the
# map's box holds the areas' outlines, not a corner of them)
HEIGHTS = """() => {
    const map = document.getElementById("command-map").getBoundingClientRect();
    const shapes = document.querySelector("#command-map .leaflet-overlay-pane svg");
    const drawn = shapes ? shapes.getBoundingClientRect() : null;
    return {page: document.documentElement.scrollHeight, view: window.innerHeight,
            map: Math.round(map.height), mapTop: Math.round(map.top),
            drawn: drawn ? Math.round(drawn.height) : 0};
}"""


@pytest.mark.parametrize(("viewport", "name"), [(DESKTOP, "1440"), (WALL, "1920")])
def test_outside_wall_mode_the_dashboard_fits_the_screen(
    open_page, live_server, loop, viewport, name
):
    """Without ?wall=1 (under the navigation bar) the whole dashboard is on the screen at 1440×900
    and at 1920×1080: the lists scroll inside their panels, the map keeps the size of its box and
    shows the district, whatever the lists hold."""
    _district(loop)
    for _ in range(25):  # a long list of new reports must not stretch the page
        seeded(loop)
    page = open_page(loop.leader, viewport=viewport)
    watched = guard(page, live_server)
    page.goto("/command/")
    page.locator("#command-map[data-loaded]").wait_for()
    page.locator("#wall-feed li").first.wait_for()
    page.locator("#wall-duty .wall-count").wait_for()
    assert page.locator("nav.navbar").is_visible()
    # measured once the page's last drawing is done (the charts, after the first paint), not
    # after a fixed 300 ms that a loaded machine may outlast
    for chart in ("chart-channels", "chart-classes", "chart-daily", "chart-hours"):
        expect(page.locator(f"#{chart} canvas"), chart).to_have_count(1)
    got = page.evaluate(HEIGHTS)
    assert got["page"] <= got["view"] + 4, got
    assert 300 <= got["map"] <= 900, got
    assert got["mapTop"] + got["map"] <= got["view"], got  # the map whole on the screen
    feed = page.locator("#wall-feed")
    assert feed.evaluate("el => el.scrollHeight > el.clientHeight"), "the feed scrolls inside"
    assert page.evaluate(WHOLE)["wide"] is False
    shoot(page, f"wall-normal-{name}", full_page=False)
    watched.assert_clean(name)


def test_below_1200_the_panels_stack_with_fixed_heights(open_page, live_server, loop):
    _district(loop)
    page = open_page(loop.leader, viewport={"width": 1024, "height": 768})
    watched = guard(page, live_server)
    page.goto("/command/")
    page.locator("#command-map[data-loaded]").wait_for()
    page.locator("#wall-feed li").first.wait_for()
    got = page.evaluate(HEIGHTS)
    assert 340 <= got["map"] <= 380, got
    assert page.evaluate(WHOLE)["wide"] is False
    shoot(page, "wall-stacked-1024", full_page=True)
    watched.assert_clean("1024")


def test_the_clock_shows_the_districts_time_in_a_browser_set_to_utc(open_page, live_server, loop):
    _district(loop)
    page = open_page(loop.leader, viewport=DESKTOP, timezone_id="UTC")
    # the clock was set some time between the page's request and its reading (on load, then
    # every 15 s): any minute of that span (settings.TIME_ZONE, Asia/Shanghai), however long
    # the loaded machine takes, and a minute may turn meanwhile
    before = timezone.localtime(timezone.now())
    page.goto("/command/")
    page.locator("#command-map[data-loaded]").wait_for()
    assert page.evaluate("() => new Date().getTimezoneOffset()") == 0  # the browser: UTC
    shown = page.locator("#wall-clock").inner_text()
    after = timezone.localtime(timezone.now())
    wanted, minute = set(), before.replace(second=0, microsecond=0)
    while minute <= after:
        wanted.add(minute.strftime("%Y-%m-%d %H:%M"))
        minute += dt.timedelta(minutes=1)
    assert shown in wanted, (shown, wanted)
