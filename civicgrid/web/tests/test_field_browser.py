"""A grid worker's and a handler's day on a 360×740 phone, in a real browser: sign in on the
phone, land on the phone page, the patrol report with a photo, a check with before and after
side by side; a handler's queue, the case, its top action (sign), then the result with a photo.
Screenshots go to var/screenshots/field-*.png; each role's clicks and seconds are printed."""

import time

import pytest

from civicgrid.cases.models import Case
from civicgrid.cases.services import case_transition
from civicgrid.cases.tests.fixtures import walk
from civicgrid.cases.tests.test_intake import jpeg
from civicgrid.cases.tests.test_views import seeded
from civicgrid.web.tests.browser import (
    DESKTOP,
    PHONE,
    browser_db,
    fits_the_screen,
    guard,
    shoot,
    wait_until,
)
from civicgrid.web.tests.test_accessibility import violations

pytestmark = [browser_db, pytest.mark.browser]

PHONE_UA = (
    "Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0 Mobile Safari/537.36"
)
HERE = {"latitude": 31.1201, "longitude": 121.4102}  # beside the seeded cases (121.41, 31.12)


class Day:
    """Counts the taps a role needs and the seconds the browser takes for them."""

    def __init__(self, page, role: str):
        self.page, self.role, self.clicks, self.start = page, role, 0, time.monotonic()

    def tap(self, locator):
        self.clicks += 1
        locator.click()

    def shot(self, name: str):
        self.page.evaluate("window.scrollTo(0, 0)")  # the sticky top bar where it belongs
        shoot(self.page, f"field-{name}")

    def report(self) -> str:
        seconds = time.monotonic() - self.start
        line = f"{self.role}: {self.clicks} clicks, {seconds:.1f} s"
        print(f"\n[field] {line}")
        return line


def phone(open_page):
    return open_page(
        viewport=PHONE,
        user_agent=PHONE_UA,
        is_mobile=True,
        has_touch=True,
        geolocation=HERE,
        permissions=["geolocation"],
    )


def photos_shown(page, selector: str = ".cg-before-after img") -> None:
    """Wait for the photos to load; once more if one failed (on SQLite the live server's
    session table can be locked by a parallel photo request). A photo still loading is waited
    for, however slow the machine: only one that failed to load has the page reloaded."""
    images = f"[...document.querySelectorAll('{selector}')]"
    for _attempt in range(3):
        wait_until(page, f"{images}.every(i => i.complete)")
        if page.evaluate(f"{images}.every(i => i.naturalWidth > 0)"):
            return
        page.reload()
    wait_until(page, f"{images}.every(i => i.complete && i.naturalWidth > 0)")


def accessible(page) -> bool:
    """No serious accessibility violation (axe), asked once the page is still: a contrast read
    while a badge's colour is changing (its countdown, a transition) is asked again."""
    page.wait_for_load_state("networkidle")
    found = violations(page)
    if found:
        page.wait_for_timeout(500)
        found = violations(page)
    assert not found, found
    return True


def sign_in(day, user):
    page = day.page
    page.goto("/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "pw-for-tests-123")
    day.tap(page.locator("form button[type=submit]"))
    page.wait_for_url("**/m/")


def test_a_grid_workers_day_on_a_phone(open_page, live_server, loop):
    waiting = seeded(loop)
    walk(waiting, loop, until="report_handled")
    case_transition(case_id=waiting.pk, action="send_check", actor=loop.operator)
    page = phone(open_page)
    watched = guard(page, live_server)
    day = Day(page, "grid worker")

    sign_in(day, loop.supervisor)
    assert fits_the_screen(page)
    wait_until(page, "document.documentElement.dataset.nearKnown === '1'")
    card = page.locator(f'a.cg-card[href$="/cases/{waiting.pk}/#act-pass_check"]')
    assert " m" in card.locator("[data-distance]").inner_text() or "米" in card.inner_text()
    assert card.locator(".cg-deadline[data-due]").count() == 1
    day.shot("grid-worker-phone")
    assert accessible(page)

    # the patrol report: a class found by typing, its question, my position, a photo
    day.tap(page.locator('a[href="/m/patrol/"]'))
    page.wait_for_url("**/m/patrol/")
    wait_until(page, "document.getElementById('lon').value !== ''")
    page.fill("#class-q", "垃圾")
    page.locator('label[for="cls-06010"]').wait_for()
    day.tap(page.locator('label[for="cls-06010"]'))
    page.locator("#answer_volume").wait_for()
    page.fill("#class-q", "bllj")  # searching again keeps the class chosen
    wait_until(page, "!document.getElementById('cls-06041')")  # 垃圾未分类 went
    assert page.locator("#cls-06010").is_checked()
    page.select_option("#answer_volume", "small")
    day.clicks += 1
    page.set_input_files(
        "#photos", {"name": "p.jpg", "mimeType": "image/jpeg", "buffer": jpeg().read()}
    )
    day.clicks += 1  # the camera
    page.fill("#description", "绿化带里堆了建筑垃圾")
    wait_until(page, "!document.querySelector('#patrol-form button[type=submit]').disabled")
    assert fits_the_screen(page)
    day.shot("patrol-form")
    assert accessible(page)
    day.tap(page.locator("#patrol-form button[type=submit]"))
    page.wait_for_url("**/cases/*/")
    reported = Case.objects.get(description="绿化带里堆了建筑垃圾")
    assert reported.channel == "patrol" and reported.reporter_user == loop.supervisor
    assert reported.reporter_name == "" and reported.attachments.count() == 1
    assert (round(reported.lon, 4), round(reported.lat, 4)) == (121.4102, 31.1201)
    assert fits_the_screen(page)

    # the check: before and after side by side, then passed
    page.goto("/m/")
    day.clicks += 1
    day.tap(page.locator(f'a.cg-card[href$="/cases/{waiting.pk}/#act-pass_check"]'))
    page.wait_for_url(f"**/cases/{waiting.pk}/#act-pass_check")
    pair = page.locator(".cg-before-after")
    assert pair.locator("figure").count() == 2 and pair.locator("img").count() == 2
    photos_shown(page)
    boxes = page.evaluate(
        "[...document.querySelectorAll('.cg-before-after figure')]"
        ".map(f => { const r = f.getBoundingClientRect(); return [r.x, r.y, r.right]; })"
    )
    assert boxes[0][0] < boxes[1][0] and abs(boxes[0][1] - boxes[1][1]) < 2  # side by side
    assert boxes[1][2] <= 360
    panel = page.locator("details#act-pass_check")
    assert panel.get_attribute("open") is not None  # the card's link opened it
    assert fits_the_screen(page)
    day.shot("check-before-after")
    assert accessible(page)
    panel.locator("textarea").fill("现场已清理干净")
    # a click does not wait for the navigation it starts: wait for the next page, not the
    # load state of the page in hand (already loaded), before asking the database
    with page.expect_navigation():
        day.tap(panel.locator("button[type=submit]"))
    assert Case.objects.get(pk=waiting.pk).state == "closed"
    assert fits_the_screen(page)
    day.report()
    watched.assert_clean("grid worker")


def test_a_handlers_day_on_a_phone(open_page, live_server, loop):
    case = seeded(loop)
    walk(case, loop, until="dispatch")
    page = phone(open_page)
    watched = guard(page, live_server)
    day = Day(page, "handler")

    sign_in(day, loop.handler)
    assert fits_the_screen(page)
    day.shot("handler-queue")
    assert accessible(page)
    day.tap(page.locator(f'a.cg-card[href$="/cases/{case.pk}/#act-sign"]'))
    page.wait_for_url(f"**/cases/{case.pk}/#act-sign")
    button = page.locator("#main-action")
    assert button.get_attribute("href") == "#act-sign"
    # the main action is at the top: above the facts, and the actions before the timeline
    top, facts, panel, timeline = page.evaluate(
        "['#main-action', '.case-sheet dl', 'details#act-sign', '.case-sheet ol']"
        ".map(s => document.querySelector(s).getBoundingClientRect().top + window.scrollY)"
    )
    assert top < facts < panel < timeline and top < 740
    assert fits_the_screen(page)
    day.shot("handler-case")
    day.tap(button)
    panel = page.locator("details#act-sign")
    assert panel.get_attribute("open") is not None
    with page.expect_navigation():
        day.tap(panel.locator("button[type=submit]"))
    assert Case.objects.get(pk=case.pk).state == "handling"

    # the result with a photo: from the queue's card, which opens the right panel
    page.goto("/m/")
    day.clicks += 1
    day.tap(page.locator(f'a.cg-card[href$="/cases/{case.pk}/#act-report_handled"]'))
    page.wait_for_url(f"**/cases/{case.pk}/#act-report_handled")
    panel = page.locator("details#act-report_handled")
    assert panel.get_attribute("open") is not None
    panel.locator('input[type="file"]').set_input_files(
        {"name": "after.jpg", "mimeType": "image/jpeg", "buffer": jpeg().read()}
    )
    day.clicks += 1
    panel.locator("textarea").fill("已清理完毕")
    with page.expect_navigation():
        day.tap(panel.locator("button[type=submit]"))
    case.refresh_from_db()
    assert case.state == "handled" and case.attachments.filter(kind="after").count() == 1
    assert fits_the_screen(page)
    day.shot("handler-handled")
    day.report()
    watched.assert_clean("handler")


def test_the_desktop_link_and_the_desktop_case_page(open_page, loop):
    case = seeded(loop)
    walk(case, loop, until="report_handled")
    page = phone(open_page)
    day = Day(page, "handler")
    sign_in(day, loop.handler)
    page.locator('a[data-cg-switch="desktop"]').click()
    # "**/" matches the phone page in hand too: wait for a page that is not it
    page.wait_for_url(lambda url: "/m/" not in url)
    assert "/m/" not in page.url and fits_the_screen(page)
    page.locator('a[data-cg-switch="phone"]').click()
    page.wait_for_url("**/m/")
    wide = open_page(loop.handler, viewport=DESKTOP)
    wide.goto(f"/cases/{case.pk}/")
    pair = wide.locator(".cg-before-after")
    assert pair.locator("img").count() == 2
    photos_shown(wide)
    # on a desktop the actions and the map stand beside the facts
    facts, side = (
        wide.locator(".case-sheet dl").bounding_box(),
        wide.locator("#case-map").bounding_box(),
    )
    assert side["x"] > facts["x"] + facts["width"] - 1
    shoot(wide, "field-case-desktop")
    # the phone pages open on a desktop too, and fit it
    wide.goto("/m/")
    assert fits_the_screen(wide)
    shoot(wide, "field-phone-desktop")
    patrol = open_page(loop.supervisor, viewport=DESKTOP)
    patrol.goto("/m/patrol/")
    patrol.locator("[data-location-map]").wait_for()
    assert fits_the_screen(patrol)
    shoot(patrol, "field-patrol-desktop")
