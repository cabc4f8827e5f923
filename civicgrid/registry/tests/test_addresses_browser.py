"""In a browser: an operator types the address as the caller says it and records the case; an
address that could be several places comes back refused on the address, naming the candidates,
with the class answers still given — on a desktop and on a phone."""

import pytest

from civicgrid.cases.models import Case
from civicgrid.web.tests.browser import (
    DESKTOP,
    PHONE,
    browser_db,
    fits_the_screen,
    guard,
    shoot,
    size,
)

from . import test_addresses

places = test_addresses.places  # the fixture: buildings of our own

pytestmark = [pytest.mark.browser, browser_db]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_operator_types_the_address_as_said(open_page, live_server, loop, places, viewport):
    page = open_page(loop.operator, viewport=viewport)
    watched = guard(page, live_server)
    page.goto("/cases/new/")
    page.locator("#case_class").fill("06010")
    page.locator("#case_class").press("Tab")
    page.wait_for_selector("#answer_volume")
    page.locator("#answer_volume").select_option("large")
    page.locator("#description").fill("来电：楼下垃圾")
    page.locator("#address").fill("建设路8号")
    page.locator("#reporter_name").fill("王女士")
    page.locator("#reporter_phone").fill("13812345678")
    page.locator("#address").press("Escape")  # the suggestions closed: the words as typed
    with page.expect_navigation():
        page.get_by_role("button", name="登记案件").click()
    alert = page.locator(".alert-danger").first
    text = alert.inner_text()
    assert "地址" in text and "建设一号楼" in text and "建设二号楼" in text, text
    assert "address:" not in page.content() and "answers.volume" not in page.content()
    assert page.locator("#answer_volume").input_value() == "large"  # kept
    assert not Case.objects.exists()
    assert fits_the_screen(page)
    width, _height = size(viewport)
    shoot(page, f"addr-intake-refused-{width}")
    watched.clear()  # the refused post's 400 is the console's one line, as it should be

    page.locator("#address").fill("391号示范路")
    page.locator("#address").press("Escape")
    with page.expect_navigation():
        page.get_by_role("button", name="登记案件").click()
    case = Case.objects.get()
    assert case.building == places["391"] and case.grid == places["391"].grid
    shoot(page, f"addr-intake-recorded-{width}")
    watched.assert_clean("intake by address")
