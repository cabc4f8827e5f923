"""What a user may type is shown as text by the pages' scripts, and no script runs that the pages
did not bring themselves (the Content Security Policy, config/settings.py and decision 0011).

A street administrator may name an area anything; the name reaches the maps' tooltips, which
Leaflet would read as HTML if handed a string."""

import pytest

from civicgrid.areas.services import AreaInput, areas_import
from civicgrid.web.tests.browser import DESKTOP, browser_db

pytestmark = [browser_db, pytest.mark.browser]

PAYLOAD = '"><img src=x onerror="window.__xss=1"><b id="injected">x</b>'


def rename(area, name: str) -> None:
    areas_import([AreaInput(area.code, name, boundary=area.boundary)])


def watched(page) -> list[str]:
    """The dialogs the page opens (none expected): each is recorded and dismissed."""
    dialogs: list[str] = []

    def dismiss(dialog):
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    return dialogs


def assert_shown_as_text(page, tooltip) -> None:
    assert PAYLOAD in tooltip.inner_text()
    assert tooltip.locator("img, b").count() == 0
    assert page.locator("#injected").count() == 0
    assert page.evaluate("window.__xss") is None


def test_an_area_named_like_markup_is_text_on_the_area_map(open_page, loop):
    rename(loop.tree.community, PAYLOAD)  # a community's name is a permanent label
    page = open_page(loop.leader, viewport=DESKTOP)
    dialogs = watched(page)
    page.goto(f"/areas/{loop.tree.street.code}/")
    page.wait_for_selector("#map[data-loaded]")
    tooltip = page.locator(".leaflet-tooltip", has_text="onerror").first
    tooltip.wait_for()
    page.wait_for_load_state("networkidle")
    assert_shown_as_text(page, tooltip)
    assert dialogs == []


def test_an_area_named_like_markup_is_text_in_the_command_centre(open_page, loop):
    rename(loop.tree.street, PAYLOAD)
    page = open_page(loop.leader, viewport=DESKTOP)
    dialogs = watched(page)
    page.goto(f"/command/?area={loop.tree.district.code}")
    page.wait_for_selector("#command-map[data-loaded]")
    shapes = page.locator("#command-map path.leaflet-interactive")
    for i in range(shapes.count()):  # the tooltips open on hover
        shapes.nth(i).hover(force=True)
        if page.locator(".leaflet-tooltip", has_text="onerror").count():
            break
    tooltip = page.locator(".leaflet-tooltip", has_text="onerror").first
    tooltip.wait_for()
    page.wait_for_load_state("networkidle")
    assert_shown_as_text(page, tooltip)
    assert dialogs == []
