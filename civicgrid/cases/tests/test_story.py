"""The whole story in a real browser, one person after another, each on their own page:
a resident reports on the portal's map → the shift lead registers → the dispatcher dispatches →
the handler signs for it and reports it handled with a photo → the operator sends it for
checking → the grid worker passes the check on site (closed) → the resident rates it.

A screenshot of each page is saved for review under ``CIVICGRID_SCREENSHOTS`` (default
``var/screenshots``)."""

import os
from pathlib import Path

import pytest

from civicgrid.cases.models import Case
from civicgrid.web.tests.browser import DESKTOP, browser_db

from .test_browser import _act, portal_report
from .test_intake import jpeg

pytestmark = [browser_db, pytest.mark.browser]
SHOTS = Path(os.environ.get("CIVICGRID_SCREENSHOTS", "var/screenshots"))


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _step(open_page, user, case, action, name, viewport=DESKTOP, **fill):
    page = open_page(user, viewport=viewport)
    page.goto(f"/cases/{case.pk}/")
    form = _act(page, action)
    if "photo" in fill:
        form.locator('input[type="file"]').set_input_files(
            {"name": "after.jpg", "mimeType": "image/jpeg", "buffer": fill["photo"]}
        )
    if "note" in fill:
        form.locator("textarea").fill(fill["note"])
    _shot(page, name)
    # a click does not wait for the navigation it starts (and the page in hand is loaded
    # already): the next person would open the case before this step is recorded
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    return page


def rate_satisfied(page, phone: str, shot: str) -> None:
    """On a closed case's public page: satisfied, solved, proved by the phone reported with."""
    page.locator("#r-satisfied").check()
    page.locator("#r-solved-yes").check()
    page.locator("#phone").fill(phone)
    _shot(page, shot)
    with page.expect_navigation():
        page.get_by_role("button", name="评价").click()


def test_from_the_report_to_the_rating(open_page, loop):
    resident = portal_report(open_page, "小区门口垃圾堆了三天")
    resident.locator("#reporter_name").fill("王女士")
    resident.locator("#reporter_phone").fill("13812345678")
    _shot(resident, "01-portal-report")
    resident.get_by_role("button", name="提交").click()
    resident.wait_for_url("**/portal/cases/**")
    case = Case.objects.get()
    follow_url = resident.url

    _step(open_page, loop.shift_lead, case, "register", "02-register")
    _step(open_page, loop.dispatcher, case, "dispatch", "03-dispatch")
    _step(open_page, loop.handler, case, "sign", "04-sign")
    _step(
        open_page,
        loop.handler,
        case,
        "report_handled",
        "05-handled",
        photo=jpeg().read(),
        note="已清运完毕",
    )
    _step(open_page, loop.operator, case, "send_check", "06-send-check")
    _step(
        open_page,
        loop.supervisor,
        case,
        "pass_check",
        "07-check",
        viewport={"width": 360, "height": 740},
    )
    case.refresh_from_db()
    assert case.state == "closed" and case.closed_on_time is True

    resident.goto(follow_url)
    rate_satisfied(resident, "13812345678", "08-rate")
    case.refresh_from_db()
    assert case.rating == "satisfied" and case.resolved is True
    actions = list(case.events.order_by("seq").values_list("action", flat=True))
    assert actions == [
        "report",
        "register",
        "dispatch",
        "sign",
        "report_handled",
        "send_check",
        "pass_check",
        "rate",
    ]
    assert (SHOTS / "08-rate.png").exists()
