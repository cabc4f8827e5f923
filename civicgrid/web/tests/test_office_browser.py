"""The office's screens in Chromium (issue 18 §5): the grid leader's look-up → household card →
print preview at 1440×900 and on a 360×740 phone, the building register on the phone, the
evaluation rankings, and the API docs page working with no internet.

Screenshots: var/screenshots/office-*.png. The grid leader's main job (find a household by an
ID number and print its card) is timed and its clicks counted; the figures are printed (-s)."""

import time
from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from civicgrid.accounts.choices import Role
from civicgrid.accounts.models import User
from civicgrid.accounts.tests.factories import user_with_role
from civicgrid.evaluation.models import ScoreCard, ScoreItem
from civicgrid.evaluation.tests.test_indicators import rows
from civicgrid.registry.choices import StaffPostKind
from civicgrid.registry.models import Household, Residence
from civicgrid.registry.services import staff_post_assign
from civicgrid.registry.tests.factories import person
from civicgrid.web.tests.browser import (
    DESKTOP,
    PHONE,
    browser_db,
    fits_the_screen,
    guard,
    shoot,
    wait_until,
)

pytestmark = [browser_db, pytest.mark.browser]
VIEWPORTS = pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1440", "360"])
A4 = {"width": 794, "height": 1123}  # an A4 page at 96 dpi: the print preview's width


def _household_with_family(world, tree):
    staff_post_assign(
        kind=StaffPostKind.GRID_LEADER, area=tree.grid1, name="王网格", phone="13700001111"
    )
    h1 = world["h1"]
    for n, (name, relation) in enumerate([("李梅", "spouse"), ("张小明", "child")], start=20):
        p = person(name, tree.grid1, n=n, household=h1, relation=relation, phone=f"1390000{n:04d}")
        Residence.objects.create(person=p, house=h1.house, kind="own")
    return h1


@VIEWPORTS
def test_the_grid_leader_finds_a_household_and_prints_its_card(
    open_page, live_server, world, tree, street_leader, viewport
):
    h1 = _household_with_family(world, tree)
    number = world["p1"].reveal("id_number")
    page = open_page(street_leader, viewport=viewport)
    watched = guard(page, live_server)
    width = viewport["width"]
    page.goto(reverse("registry:households"))
    assert "张三" in page.inner_text("main")  # the householder beside the household
    assert fits_the_screen(page)
    shoot(page, f"office-households-{width}")

    started, clicks = time.monotonic(), 0
    page.locator(f"main a[href='{reverse('registry:lookup')}']").first.click()
    clicks += 1
    page.wait_for_url("**/register/lookup/")
    assert fits_the_screen(page)
    page.locator("#lookup-q").fill(number)
    page.locator("#lookup-q ~ button[type=submit]").click()
    clicks += 1
    page.wait_for_url(f"**/register/households/{h1.pk}/")
    seconds = time.monotonic() - started
    print(f"\ngrid leader at {width}px: ID number → card in {clicks} clicks, {seconds:.2f} s")
    main = page.inner_text("main")
    assert "东街道" in main and "东一社区" in main and "王网格" in main and "13700001111" in main
    assert "李梅" in main and "张小明" in main
    assert number not in main  # masked on the card
    assert fits_the_screen(page)
    shoot(page, f"office-card-{width}")

    page.set_viewport_size(A4)
    page.emulate_media(media="print")
    assert page.locator("table.register").first.is_visible()  # the A4 sheet is a table
    assert not page.get_by_role("button", name="打印").is_visible()
    shoot(page, f"office-card-print-{width}")
    page.emulate_media(media="screen")
    watched.assert_clean("grid leader")


def test_the_lookup_by_name_lists_households_on_a_phone(
    open_page, live_server, world, tree, street_leader
):
    h3 = Household.objects.create(number="H3", grid=tree.grid1)
    person("张三丰", tree.grid1, n=9, household=h3, relation="head", phone="13900000000")
    page = open_page(street_leader, viewport=PHONE)
    watched = guard(page, live_server)
    page.goto(reverse("registry:lookup"))
    page.locator("#lookup-q").fill("张三")
    # a click does not wait for the navigation it starts (and the page in hand is loaded
    # already): wait for the answer's page before counting its cards
    with page.expect_navigation():
        page.locator("#lookup-q ~ button[type=submit]").click()
    cards = page.locator(".cg-card")
    expect(cards).to_have_count(2)
    assert fits_the_screen(page)
    shoot(page, "office-lookup-360")
    cards.filter(has_text="张三丰").click()
    page.wait_for_url(f"**/register/households/{h3.pk}/")
    watched.assert_clean("look-up by name")


@VIEWPORTS
def test_the_building_register_reads_on_a_phone(
    open_page, live_server, world, tree, street_leader, viewport
):
    _household_with_family(world, tree)
    page = open_page(street_leader, viewport=viewport)
    watched = guard(page, live_server)
    page.goto(reverse("registry:building", args=[world["b1"].pk]))
    main = page.inner_text("main")
    assert "张三" in main and "李梅" in main and "东一社区" in main
    assert fits_the_screen(page)
    shoot(page, f"office-building-{viewport['width']}")
    watched.assert_clean("building register")


@VIEWPORTS
def test_the_rankings_are_labelled_and_fit(open_page, live_server, loop, viewport, settings):
    settings.CIVICGRID_RANKING_MIN_CASES = 1
    rows(loop, 3, state="closed", closed_on_time=True)
    card = ScoreCard.objects.create(name="街道月度考核", subject="area", level=3)
    ScoreItem.objects.create(card=card, indicator="closing_rate", weight=Decimal(60))
    ScoreItem.objects.create(card=card, indicator="registered", weight=Decimal(40), target=10)
    page = open_page(loop.leader, viewport=viewport)
    watched = guard(page, live_server)
    page.goto(f"{reverse('evaluation:rankings')}?card={card.pk}&period=2026-10")
    headers = page.locator("table.ranking thead tr").last.locator("th")
    assert headers.count() == 4  # value and points for each of the two items
    first = page.locator("table.ranking tbody tr").first.locator("td")
    assert first.count() == 4 + 4  # rank, name, score, grade, and the items' cells
    assert fits_the_screen(page)
    shoot(page, f"office-rankings-{viewport['width']}")
    page.goto(f"{reverse('evaluation:figures')}?period=2026-10")
    wait_until(page, "() => document.getElementById('figures-chart')?.dataset.drawn === '1'")
    assert fits_the_screen(page)
    shoot(page, f"office-figures-{viewport['width']}")
    watched.assert_clean("evaluation")


def test_the_api_docs_work_offline(open_page, live_server, tree):
    admin = user_with_role("apiadmin", tree.district, Role.ADMIN)
    page = open_page(admin, viewport=DESKTOP)
    watched = guard(page, live_server)
    page.goto("/api/v1/docs")
    wait_until(page, "() => document.querySelectorAll('.opblock').length > 20")
    expect(page.locator(".opblock-summary-path").first).to_be_visible()
    shoot(page, "office-api-docs-1440", full_page=False)
    watched.assert_clean("API docs")
    assert reverse("api-1:openapi-json") == "/api/v1/openapi.json"


@VIEWPORTS
def test_the_admin_reads_in_chinese(open_page, live_server, tree, viewport):
    root = User.objects.create_superuser("root", "root@example.cn", "pw-for-tests-123")
    page = open_page(root, viewport=viewport)
    watched = guard(page, live_server)
    page.goto("/admin/")
    header = page.locator("#site-name").inner_text()
    assert "Django" not in header
    header_box = page.locator("#header").bounding_box()
    assert header_box is not None and header_box["height"] < 200  # the header does not pile up
    shoot(page, f"office-admin-{viewport['width']}")
    page.goto("/admin/registry/household/")
    assert fits_the_screen(page) or viewport is DESKTOP
    shoot(page, f"office-admin-households-{viewport['width']}")
    watched.assert_clean("admin")
