"""A resident's main job in Chromium, at 1440×900 and on a 360×740 phone: log in, land in their
own area, report a problem with a plain-language class and a place, find it in 我的反映, rate a
finished one. No console error, no request off the server, nothing wider than the phone."""

from __future__ import annotations

import time

import pytest

from civicgrid.accounts.choices import Role
from civicgrid.accounts.tests.factories import user_with_role
from civicgrid.cases.models import Case
from civicgrid.cases.services import Report, case_report
from civicgrid.cases.tests.fixtures import MONDAY, walk
from civicgrid.registry.addresses.index import rebuild
from civicgrid.registry.tests.factories import building
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

PASSWORD = "pw-for-tests-123"


def _finished(resident, loop):
    case = case_report(
        actor=resident,
        report=Report(
            case_class="06012",
            channel="web",
            lon=121.41,
            lat=31.12,
            description="小区门口道路很脏",
            idempotency_key="done",
        ),
        now=MONDAY,
    )
    return walk(case, loop, until="close", close_note="已安排保洁清扫")


class Clicks:
    """Counts the resident's clicks and keys pressed into fields (typing a field is one)."""

    def __init__(self, page):
        self.page, self.count = page, 0

    def click(self, selector: str) -> None:
        self.page.locator(selector).first.click()
        self.count += 1

    def fill(self, selector: str, text: str) -> None:
        self.page.locator(selector).first.fill(text)
        self.count += 1


def _open_nav(page, viewport) -> None:
    if viewport is PHONE and page.locator(".navbar-toggler").is_visible():
        page.locator(".navbar-toggler").click()
        page.locator("#nav-resident").wait_for(state="visible")


@browser_db
@pytest.mark.browser
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_resident_reports_follows_and_rates(open_page, live_server, loop, viewport):
    resident = user_with_role("resident2", loop.tree.grid1, Role.RESIDENT)
    resident.set_password(PASSWORD)
    resident.display_name = "王小明"
    resident.save()
    done = _finished(resident, loop)
    building("391", loop.tree.grid1, lon=121.41, lat=31.12)  # 示范路391号, in the first grid
    rebuild()
    tag = "desktop" if viewport is DESKTOP else "phone"
    # on the phone the resident uses their position (the browser's geolocation, WGS84)
    where = {
        "geolocation": {"latitude": 31.12, "longitude": 121.41},
        "permissions": ["geolocation"],
    }
    page = open_page(None, viewport=viewport, **(where if viewport is PHONE else {}))
    watch = guard(page, live_server)

    started = time.monotonic()
    you = Clicks(page)
    page.goto("/login/")
    you.fill("#id_username", "resident2")
    you.fill("#id_password", PASSWORD)
    you.click("button[type=submit]")
    page.wait_for_url("**/portal/me/")
    assert page.locator("#nav-resident").count() == 1
    assert page.locator('a[href="/cases/"]').count() == 0
    assert page.locator('a[href^="/register/"], a[href^="/api/"]').count() == 0
    assert fits_the_screen(page)
    shoot(page, f"resident-area-{tag}")

    you.click("#go-report")
    page.wait_for_url("**/portal/")
    assert page.locator("#reporter_name").input_value() == "王小明"
    you.click('[data-choice="sanitation"]')
    page.locator("#cc-06010").wait_for(state="attached")
    you.click('label[for="cc-06010"]')
    page.locator("#answer_volume").wait_for()
    page.locator("#answer_volume").select_option("small")
    you.count += 1
    # the address as it is said, taken from the suggestions
    page.locator("#address").click()
    page.locator("#address").press_sequentially("示范路391", delay=30)
    you.count += 1
    suggestions_shown(page, "示范路391")  # not a list left from a pause mid-word
    page.locator("#address-options [role=option]").first.click()
    you.count += 1
    wait_until(page, "document.getElementById('lon').value !== ''")
    wait_until(page, "(document.querySelector('[data-location]').dataset.grid || '') !== ''")
    you.fill("#description", "楼下垃圾堆了三天")
    assert fits_the_screen(page)
    shoot(page, f"resident-report-{tag}")
    you.click("#report-form button[type=submit]")
    page.wait_for_url("**/portal/cases/*/")
    reported_in = time.monotonic() - started
    clicks_to_report = you.count
    new = Case.objects.exclude(pk=done.pk).get(reporter_user=resident)
    assert new.case_class.code == "06010" and "示范路391号" in new.address
    assert new.grid_id == loop.tree.grid1.pk
    assert page.locator("#progress").count() == 1
    assert fits_the_screen(page)
    shoot(page, f"resident-reported-{tag}")

    # the same report in 我的反映, then the finished one rated
    _open_nav(page, viewport)
    you.click('#nav-resident a[href="/portal/mine/"]')
    page.wait_for_url("**/portal/mine/")
    assert page.locator(f'a[href="/portal/mine/{new.number}/"]').count() == 1
    assert fits_the_screen(page)
    shoot(page, f"resident-mine-{tag}")
    you.click(f'a[href="/portal/mine/{done.number}/"]')
    page.wait_for_url(f"**/portal/mine/{done.number}/")
    assert "已安排保洁清扫" in page.locator("main").inner_text()
    you.click("#r-satisfied")
    you.click("#r-solved-yes")
    you.click("#rate-form button[type=submit]")
    page.wait_for_url(f"**/portal/cases/{done.number}/")
    assert page.locator("#rate-form").count() == 0
    assert Case.objects.get(pk=done.pk).rating == "satisfied"
    assert fits_the_screen(page)
    shoot(page, f"resident-rated-{tag}")
    watch.assert_clean(tag)
    print(
        f"\nresident {tag}: report in {clicks_to_report} actions, {reported_in:.1f} s; "
        f"whole job {you.count} actions, {time.monotonic() - started:.1f} s"
    )
