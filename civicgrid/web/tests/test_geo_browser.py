"""The map picker and the offline base map, tried in Chromium as their users would, on the tiny
demo district: a hotline operator at a desk places a phoned-in complaint by the address as the
caller says it, and by a click on the map; a resident on a 360-pixel phone gives an opinion
about a place. Every request goes to the server only; nothing logs an error. Screenshots are
``var/screenshots/geo-*.png``."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math

import pytest

from civicgrid.accounts.models import User
from civicgrid.areas import locator
from civicgrid.cases.models import Case
from civicgrid.core.geo import wgs84_to_gcj02
from civicgrid.demo.generator import Generator
from civicgrid.participation.council_models import Opinion
from civicgrid.registry.models import Building
from civicgrid.web.tests.browser import (
    DESKTOP,
    PHONE,
    browser_db,
    fits_the_screen,
    guard,
    shoot,
    suggestions_shown,
    wait_until,
)

pytestmark = [browser_db, pytest.mark.browser]

ADDRESS = "示范区示范路391号"
GRID_SHOWN = "document.querySelector('[data-location]').dataset.grid || ''"


@pytest.fixture
def demo(transactional_db):
    generator = Generator("tiny", seed=1, log=lambda *_: None)
    generator.scale = dataclasses.replace(generator.scale, cases=0)
    generator.run(today=dt.date.today())


def map_ready(page, selector: str) -> None:
    """The base map has drawn its layers (streets, roads, buildings) in ``selector``."""
    wait_until(
        page,
        "(s) => { const m = document.querySelector(s); "
        "return m && m.dataset.basemap && m.dataset.basemap !== 'error' "
        "&& Number(m.dataset.basemap) > 0 && !m.dataset.basemapPending; }",
        selector,
    )


def choose_address(page, typed: str, pick) -> None:
    """Type as the caller says it, wait for the suggestions, take the first one with ``pick``."""
    field = page.locator("#address")
    field.click()
    field.press_sequentially(typed, delay=30)
    suggestions_shown(page, typed)  # not a list left from a pause mid-word
    pick(page)
    wait_until(page, f"({GRID_SHOWN}) !== ''")


def grid_shown(page) -> str:
    """The grid the picker shows once it has settled: a chosen address shows its grid at once
    and may then ask the server for the grid's community ("Finding the grid…" meanwhile)."""
    wait_until(
        page,
        "() => { const root = document.querySelector('[data-location]'); "
        "const text = root.querySelector('[data-location-grid-name]').textContent; "
        "return text !== '—' && text !== '…' && text !== root.dataset.locating; }",
    )
    return page.locator("[data-location-grid-name]").inner_text()


def click_map_at(page, fx: float, fy: float) -> None:
    """A click (a tap) at a share of the map's width and height, the map scrolled into view
    first: a click outside the viewport reaches nothing."""
    page.locator("[data-location-map]").scroll_into_view_if_needed()
    box = page.locator("[data-location-map]").bounding_box()
    page.mouse.click(box["x"] + box["width"] * fx, box["y"] + box["height"] * fy)


def test_an_operator_places_a_phoned_in_case_by_address_and_on_the_map(
    open_page, live_server, demo
):
    target = Building.objects.select_related("grid").get(address=ADDRESS)
    operator = User.objects.get(username="operator")
    page = open_page(operator, viewport=DESKTOP)
    watched = guard(page, live_server)
    page.goto("/cases/new/")
    map_ready(page, "[data-location-map]")
    shoot(page, "geo-01-operator-intake-opens-on-the-district", full_page=False)

    page.locator("#case_class").fill("06010")
    page.locator("#case_class").press("Tab")
    page.wait_for_selector("#answer_volume")
    page.locator("#answer_volume").select_option("small")
    page.locator("#description").fill("来电反映：楼下垃圾堆了三天")

    # the caller says "示范路391号": typed without the district, chosen with the keyboard
    def by_keyboard(p):
        p.keyboard.press("ArrowDown")
        p.keyboard.press("Enter")

    choose_address(page, "示范路391", by_keyboard)
    assert page.locator("#address").input_value() == ADDRESS
    assert page.locator("[data-location]").get_attribute("data-grid") == target.grid.code
    assert target.grid.name in grid_shown(page)
    lon, lat = float(page.locator("#lon").input_value()), float(page.locator("#lat").input_value())
    assert (lon, lat) == pytest.approx((target.lon, target.lat), abs=1e-6)
    assert page.locator("#building").input_value() == target.code
    map_ready(page, "[data-location-map]")
    wait_until(page, "document.querySelectorAll('[data-location-map] .cg-label-road').length > 0")
    shoot(page, "geo-02-operator-chose-the-address", full_page=False)

    # a click on the map elsewhere sets that point and shows its grid
    click_map_at(page, 0.85, 0.2)
    wait_until(page, "document.getElementById('building').value === ''")
    clicked = (float(page.locator("#lon").input_value()), float(page.locator("#lat").input_value()))
    grid = locator.locate(*clicked)
    wait_until(page, f"({GRID_SHOWN}) === '{grid.code if grid else ''}'")
    if grid is not None:
        assert grid.name in grid_shown(page)

    # the caller corrects: the address after all; the case lands in the building's grid
    page.locator("#address").fill("")
    choose_address(
        page, "sfl391", lambda p: p.locator("#address-options [role=option]").first.click()
    )
    page.locator("#reporter_name").fill("王女士")
    page.locator("#reporter_phone").fill("13812345678")
    shoot(page, "geo-03-operator-ready-to-record")
    with page.expect_navigation():
        page.get_by_role("button", name="登记案件").click()
    case = Case.objects.get(description="来电反映：楼下垃圾堆了三天")
    assert case.grid == target.grid and case.building == target
    assert (case.lon, case.lat) == pytest.approx((target.lon, target.lat), abs=1e-6)

    # the case page's map stands on the same base map: roads, outlines and names, no tiles
    page.wait_for_selector("#case-map[data-loaded]")
    map_ready(page, "#case-map")
    assert page.locator("#case-map .leaflet-tile").count() == 0
    assert page.locator("#case-map .leaflet-control-attribution a").count() == 0
    shoot(page, "geo-04-the-case-on-its-map", full_page=False)

    # the case list's map too
    page.goto("/cases/")
    details = page.locator("details", has=page.locator("#queue-map"))
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    page.wait_for_selector("#queue-map[data-loaded]")
    map_ready(page, "#queue-map")
    watched.assert_clean("operator")


def test_typed_gcj02_coordinates_are_shown_and_located_where_they_really_are(
    open_page, live_server, demo
):
    target = Building.objects.select_related("grid").get(address=ADDRESS)
    page = open_page(User.objects.get(username="operator"), viewport=DESKTOP)
    watched = guard(page, live_server)
    page.goto("/cases/new/")
    map_ready(page, "[data-location-map]")
    page.locator("details", has_text="坐标").locator("summary").click()
    g_lon, g_lat = wgs84_to_gcj02(target.lon, target.lat)
    page.locator("#gcj02").check()
    page.locator("#lon").fill(f"{g_lon:.6f}")
    page.locator("#lat").fill(f"{g_lat:.6f}")
    page.locator("#lat").press("Tab")
    wait_until(page, f"({GRID_SHOWN}) === '{target.grid.code}'")
    # the browser's conversion is the server's
    back = page.evaluate(f"CivicMap.gcj02ToWgs84({g_lon}, {g_lat})")
    assert back == pytest.approx([target.lon, target.lat], abs=1e-6)
    watched.assert_clean("gcj02")


def test_a_resident_gives_an_opinion_about_a_place_on_a_phone(open_page, live_server, demo):
    # a building of the second street: its community is not the form's first choice
    target = (
        Building.objects.select_related("grid__parent")
        .filter(grid__path__contains="/310199002")
        .order_by("code")[:1]
        .get()
    )
    typed = target.address.removeprefix("示范区")
    resident = User.objects.get(username="resident")
    page = open_page(resident, viewport=PHONE, has_touch=True, is_mobile=True)
    watched = guard(page, live_server)
    page.goto("/participation/public/opinions/new")
    map_ready(page, "[data-location-map]")
    assert fits_the_screen(page)
    first = page.locator("#area option:checked").inner_text()
    assert first != target.grid.parent.name
    shoot(page, "geo-05-opinion-on-a-phone")

    def tap_first(p):
        p.locator("#address-options [role=option]").first.tap()

    choose_address(page, typed, tap_first)
    assert page.locator("#address").input_value() == target.address
    assert target.grid.name in grid_shown(page)
    wait_until(
        page,
        "(name) => document.querySelector('#area option:checked').textContent === name",
        target.grid.parent.name,
    )
    map_ready(page, "[data-location-map]")
    shoot(page, "geo-06-opinion-address-chosen", full_page=False)

    # a tap on the map: the grid shown follows the point
    before = page.locator("#lon").input_value()
    click_map_at(page, 0.3, 0.7)
    wait_until(page, "(v) => document.getElementById('lon').value !== v", before)
    clicked = (float(page.locator("#lon").input_value()), float(page.locator("#lat").input_value()))
    grid = locator.locate(*clicked)
    wait_until(page, f"({GRID_SHOWN}) === '{grid.code if grid else ''}'")
    # the point's grid may be the address's: then the wait above passed before the server's
    # answer, which must not come back over the address chosen next
    grid_shown(page)
    assert fits_the_screen(page)

    page.locator("#address").fill("")
    choose_address(page, typed, tap_first)
    wait_until(
        page,
        "(name) => document.querySelector('#area option:checked').textContent === name",
        target.grid.parent.name,
    )
    page.locator("#text").fill("楼下的路灯坏了一个星期了")
    with page.expect_navigation():
        page.get_by_role("button", name="提交").click()
    opinion = Opinion.objects.get(text="楼下的路灯坏了一个星期了")
    assert opinion.area == target.grid.parent
    watched.assert_clean("resident")


# a 1×1 PNG served for every tile (the tile server is the live server itself)
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63f8cfc0f01f0005000201a5b8e4e40000000049454e44ae426082"
)


def tile_rects(open_page, live_server, settings, crs: str) -> dict[str, dict]:
    """Where each tile is drawn (by its z/x/y) on the intake's first view, tiles in ``crs``
    (a browser of its own each time: the base map's answers are cached)."""
    page = open_page(User.objects.get(username="operator"), viewport=DESKTOP)
    watched = guard(page, live_server)
    settings.CIVICGRID_TILE_URL = f"{live_server.url}/tiles/{{z}}/{{x}}/{{y}}.png"
    settings.CIVICGRID_TILE_CRS = crs
    page.route("**/tiles/**", lambda route: route.fulfill(body=PNG, content_type="image/png"))
    page.goto("/cases/new/")
    map_ready(page, "[data-location-map]")
    page.wait_for_selector("[data-location-map] img.leaflet-tile")
    wait_until(
        page, "document.querySelectorAll('[data-location-map] img.leaflet-tile-loaded').length > 0"
    )
    rects = page.evaluate(
        """() => Object.fromEntries(Array.from(
             document.querySelectorAll('[data-location-map] img.leaflet-tile'),
             t => { const r = t.getBoundingClientRect();
                    return [t.src.split('/tiles/')[1], {x: r.x, y: r.y, w: r.width}]; }))"""
    )
    # the attribution is the setting's text: no flag, no link outside the product
    attribution = page.locator("[data-location-map] .leaflet-control-attribution")
    assert attribution.locator("a, svg").count() == 0
    watched.assert_clean(crs)
    return rects


def test_gcj02_tiles_are_drawn_moved_to_where_their_places_are(
    open_page, live_server, demo, settings
):
    plain = tile_rects(open_page, live_server, settings, "wgs84")
    moved = tile_rects(open_page, live_server, settings, "gcj02")
    shared = sorted(set(plain) & set(moved))
    assert shared
    z = int(shared[0].split("/")[0])
    dx = moved[shared[0]]["x"] - plain[shared[0]]["x"]
    dy = moved[shared[0]]["y"] - plain[shared[0]]["y"]
    # GCJ-02 puts a place here ~0.0046° east and ~0.0019° south of where it really is: its
    # tiles are drawn moved back by as much (on the screen: left and up)
    lon, lat = 121.39, 31.2
    g_lon, g_lat = wgs84_to_gcj02(lon, lat)
    px = plain[shared[0]]["w"] * 2**z / 360  # screen pixels per degree of longitude
    assert dx == pytest.approx(-(g_lon - lon) * px, rel=0.25, abs=2)
    assert dy == pytest.approx((g_lat - lat) * px / math.cos(math.radians(lat)), rel=0.25, abs=2)


def test_the_small_demo_district_looks_like_a_place(open_page, live_server, transactional_db):
    """The streets, roads and buildings of the small demo (the one `make demo` loads) on the
    operator's map, at street level and closer: screenshots for review."""
    from civicgrid.accounts.choices import Role
    from civicgrid.accounts.tests.factories import user_with_role
    from civicgrid.areas.models import Area
    from civicgrid.areas.services import areas_import, roads_import
    from civicgrid.demo.register import BUILDING_HEADER

    generator = Generator("small", seed=1, log=lambda *_: None)
    areas_import(generator.areas())
    rows = generator.buildings()
    roads_import(generator.streets.road_inputs())
    generator._import("buildings", BUILDING_HEADER, rows)
    generator._footprints()
    operator = user_with_role("desk", Area.objects.get(level=2), Role.OPERATOR)
    page = open_page(operator, viewport=DESKTOP)
    watched = guard(page, live_server)
    page.goto("/cases/new/")
    map_ready(page, "[data-location-map]")
    choose_address(
        page, "示范路391", lambda p: (p.keyboard.press("ArrowDown"), p.keyboard.press("Enter"))
    )
    # the map flies to the address on its next frame: until then the district's view (no road
    # names) may still look settled, so wait for the street level's names themselves
    wait_until(page, "document.querySelectorAll('[data-location-map] .cg-label-road').length >= 2")
    map_ready(page, "[data-location-map]")
    assert page.locator("[data-location-map] .cg-label-road").count() >= 2  # and once settled
    shoot(page, "geo-07-small-demo-street-level", full_page=False)
    page.locator("[data-location-map] .leaflet-control-zoom-out").click()
    map_ready(page, "[data-location-map]")
    page.locator("[data-location-map] .leaflet-control-zoom-out").click()
    map_ready(page, "[data-location-map]")
    shoot(page, "geo-08-small-demo-community-level", full_page=False)
    watched.assert_clean("small demo")


def test_a_late_answer_about_an_earlier_point_does_not_overwrite_the_grid_shown(
    open_page, live_server, demo
):
    """The operator clicks one place, then another; the grid of the first comes back last (a
    slow network): the form keeps showing the grid of the point it holds."""
    operator = User.objects.get(username="operator")
    page = open_page(operator, viewport=DESKTOP)
    watched = guard(page, live_server)
    page.goto("/cases/new/")
    map_ready(page, "[data-location-map]")

    def point() -> tuple[float, float]:
        return float(page.locator("#lon").input_value()), float(page.locator("#lat").input_value())

    # two places of the map in different grids (a click on the map does not move it)
    places: dict[str, tuple[float, float]] = {}
    for fx, fy in [(x / 8, y / 8) for x in range(2, 7) for y in range(2, 7)]:
        click_map_at(page, fx, fy)
        grid = locator.locate(*point())
        if grid is not None and grid.code not in places:
            places[grid.code] = (fx, fy)
        if len(places) == 2:
            break
    assert len(places) == 2, "the district's map shows two grids"
    (a, b) = places.values()
    page.wait_for_load_state("networkidle")  # the probing clicks' answers are in

    held: list = []

    def hold_the_first(route):
        if held:
            route.continue_()
        else:
            held.append(route)

    page.route("**/locate*", hold_the_first)
    click_map_at(page, *a)
    first = locator.locate(*point())
    deadline = dt.datetime.now() + dt.timedelta(seconds=15)
    while not held and dt.datetime.now() < deadline:
        page.wait_for_timeout(50)
    assert held, "the first point's grid was asked for"
    click_map_at(page, *b)
    second = locator.locate(*point())
    assert first is not None and second is not None and first.code != second.code
    wait_until(page, f"({GRID_SHOWN}) === '{second.code}'")
    assert second.name in grid_shown(page)

    with page.expect_response(lambda r: "/locate" in r.url):
        held[0].continue_()  # the first point's answer arrives, late
    page.wait_for_timeout(300)  # time for the page to act on it, if it would
    assert page.locator("[data-location]").get_attribute("data-grid") == second.code
    assert second.name in grid_shown(page) and first.name not in grid_shown(page)
    watched.assert_clean("late answer")
