"""The desk's main jobs in Chromium, at 1440×900 and on a 360×740 phone (issue #18 §5): the
dispatcher dispatches with the grouped picker by typing, the handler signs and lands on
"report handled", the operator calls back (reveals the number, records the rating). No console
error, no request off the server, nothing sticking out sideways; screenshots in
var/screenshots/desk-*.png; the clicks and seconds of each job in desk-timings.txt."""

from __future__ import annotations

import time

import pytest
from django.utils.translation import override
from playwright.sync_api import expect

from civicgrid.accounts.choices import UnitKind
from civicgrid.accounts.tests.factories import unit_for
from civicgrid.cases import pickers
from civicgrid.cases.models import Case
from civicgrid.cases.tests.fixtures import walk
from civicgrid.cases.tests.test_desk import reported
from civicgrid.cases.tests.test_intake import jpeg
from civicgrid.registry.models import PiiAccess
from civicgrid.web.tests.browser import (
    DESKTOP,
    PHONE,
    SHOTS,
    browser_db,
    fits_the_screen,
    guard,
    shoot,
)

pytestmark = [browser_db, pytest.mark.browser]
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}


class Job:
    """Counts what a person does (clicks and keys) and the seconds it takes."""

    def __init__(self, role: str, screen: str):
        self.role, self.screen, self.clicks, self.keys = role, screen, 0, 0
        self.started = time.monotonic()

    def click(self, locator) -> None:
        self.clicks += 1
        locator.click()

    def type(self, locator, text: str) -> None:
        self.keys += 1  # one field typed into
        locator.press_sequentially(text)

    def done(self) -> float:
        seconds = round(time.monotonic() - self.started, 2)
        SHOTS.mkdir(parents=True, exist_ok=True)
        with (SHOTS / "desk-timings.txt").open("a", encoding="utf-8") as out:
            out.write(
                f"{self.role}\t{self.screen}\tclicks={self.clicks}\tfields typed={self.keys}"
                f"\tseconds={seconds}\n"
            )
        return seconds


def _open_panel(page) -> str:
    return page.evaluate(
        "Array.from(document.querySelectorAll(\"details[id^='act-']\"))"
        ".filter(d => d.open).map(d => d.id).join(',')"
    )


@pytest.mark.parametrize("screen", list(VIEWPORTS))
def test_the_dispatcher_dispatches_with_the_grouped_picker_by_typing(
    open_page, live_server, loop, screen
):
    team = unit_for(loop.tree.street, UnitKind.STATIONED_TEAM)
    case = walk(reported(loop), loop, until="register")
    page = open_page(loop.dispatcher, viewport=VIEWPORTS[screen])
    watched = guard(page, live_server)
    job = Job("dispatcher", screen)
    page.goto("/cases/?queue=dispatcher")
    page.wait_for_load_state("networkidle")  # one request at a time: SQLite under the server
    assert page.locator(".cg-deadline[data-due]").count() >= 1  # the dispatch deadline
    assert fits_the_screen(page), "the queue sticks out sideways"
    shoot(page, f"desk-dispatcher-queue-{screen}")
    job.click(page.locator(f"a[href='/cases/{case.pk}/']").first)
    page.wait_for_url(f"**/cases/{case.pk}/")
    page.wait_for_load_state("networkidle")
    assert _open_panel(page) == "act-dispatch"
    picker = page.locator("#dispatch-unit-q")
    assert picker.is_visible()
    groups = page.eval_on_selector_all("#dispatch-unit optgroup", "gs => gs.map(g => g.label)")
    with override("zh-hans"):
        expected = [str(pickers.GROUP_LABELS[g]) for g in (pickers.SUGGESTED, pickers.STREET)]
    assert groups[0] == expected[0] and expected[1] in groups  # suggestion first, then by kind
    job.type(picker, team.name[:3])  # "东街道…": the street's own stationed team
    shoot(page, f"desk-dispatcher-typing-{screen}")  # the filtered, grouped list
    picker.press("Enter")
    expect(page.locator("#dispatch-unit")).to_have_value(str(team.pk))
    job.type(page.locator("#dispatch-note"), "属地中队处置更快")
    assert fits_the_screen(page), "the case page sticks out sideways"
    shoot(page, f"desk-dispatcher-picker-{screen}")
    # a click does not wait for the navigation it starts: the page in hand is still loaded
    # (and network-idle) until the answer comes, so wait for the next page itself
    with page.expect_navigation():
        job.click(page.locator("#act-dispatch button[type=submit]"))
    page.wait_for_load_state("networkidle")
    job.done()  # the seconds are written down for review: a loaded CI machine is no stopwatch
    case = Case.objects.get(pk=case.pk)
    assert case.state == "dispatched" and case.lead_unit == team
    watched.assert_clean("dispatcher")


@pytest.mark.parametrize("screen", list(VIEWPORTS))
def test_the_handler_signs_and_lands_on_report_handled(open_page, live_server, loop, screen):
    case = walk(reported(loop), loop, until="dispatch")
    page = open_page(loop.handler, viewport=VIEWPORTS[screen])
    watched = guard(page, live_server)
    job = Job("handler", screen)
    page.goto(f"/cases/{case.pk}/")
    page.wait_for_load_state("networkidle")
    assert _open_panel(page) == "act-sign"
    job.click(page.locator("#act-sign button[type=submit]"))
    page.wait_for_url(f"**/cases/{case.pk}/#act-report_handled")
    page.wait_for_load_state("networkidle")
    assert _open_panel(page) == "act-report_handled"  # not "request an extension"
    assert fits_the_screen(page)
    shoot(page, f"desk-handler-signed-{screen}")
    # the shortcut follows the open action: "a" lands in the report's form
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.keyboard.press("a")
    assert page.evaluate("!!document.activeElement.closest('#act-report_handled')"), (
        "the shortcut did not follow the open action"
    )
    page.locator("#report_handled-photos").set_input_files(
        {"name": "after.jpg", "mimeType": "image/jpeg", "buffer": jpeg().read()}
    )
    job.type(page.locator("#report_handled-note"), "已清运完毕")
    with page.expect_navigation():
        job.click(page.locator("#act-report_handled button[type=submit]"))
    page.wait_for_load_state("networkidle")
    job.done()
    assert Case.objects.get(pk=case.pk).state == "handled"
    watched.assert_clean("handler")


@pytest.mark.parametrize("screen", list(VIEWPORTS))
def test_the_operator_calls_back_reveals_the_number_and_rates(open_page, live_server, loop, screen):
    case = walk(reported(loop), loop, until="close", close_note="已清运")
    page = open_page(loop.operator, viewport=VIEWPORTS[screen])
    watched = guard(page, live_server)
    job = Job("operator", screen)
    page.goto(f"/cases/{case.pk}/")
    page.wait_for_load_state("networkidle")
    assert _open_panel(page) == "act-call_back"
    assert "13812345678" not in page.content()
    job.click(page.locator("[data-reveal-button]"))
    link = page.locator("a[data-revealed]")
    link.wait_for()
    assert link.get_attribute("href") == "tel:13812345678"
    assert PiiAccess.objects.filter(user=loop.operator, fields="reporter_phone").count() == 1
    job.click(page.locator("label[for='cb-rate-satisfied']"))
    job.click(page.locator("label[for='cb-solved-yes']"))
    job.type(page.locator("#call_back-note"), "群众表示满意")
    assert fits_the_screen(page)
    shoot(page, f"desk-operator-callback-{screen}")
    with page.expect_navigation():
        job.click(page.locator("#act-call_back button[type=submit]"))
    page.wait_for_load_state("networkidle")
    job.done()
    case = Case.objects.get(pk=case.pk)
    assert case.rating == "satisfied" and case.resolved is True
    assert list(case.events.order_by("-seq").values_list("action", flat=True)[:2]) == [
        "rate",
        "call_back",
    ]
    shoot(page, f"desk-operator-done-{screen}")
    watched.assert_clean("operator")
