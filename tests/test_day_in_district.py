"""A day in the district, played through the pages in a real browser.

Each role does its real job on the device it uses: the hotline operator takes a phoned-in
complaint at a desk (1440×900), the shift lead and the dispatcher pass it on, the handler and the
grid worker act on a phone (360×740), the caller follows it with the number they were given and
rates it, and the district leader downloads the list as a spreadsheet — with cases on yellow and
red cards in it, which once made that download fail. Screenshots are kept for review under
``CIVICGRID_SCREENSHOTS`` (default ``var/screenshots``).
"""

from __future__ import annotations

import datetime as dt
import io
import re

import openpyxl
import pytest
from django.utils import timezone

from civicgrid.cases.models import Case
from civicgrid.cases.services import case_transition
from civicgrid.cases.tests.test_intake import jpeg
from civicgrid.cases.tests.test_story import _shot, _step, rate_satisfied
from civicgrid.cases.tests.test_views import seeded
from civicgrid.disputes.models import Dispute
from civicgrid.disputes.tests.test_mediator_carries import centre as make_centre
from civicgrid.disputes.tests.test_mediator_carries import dispatched_dispute
from civicgrid.web.tests.browser import PHONE, browser_db

pytestmark = [browser_db, pytest.mark.browser]
DESK = {"width": 1440, "height": 900}


def _take_the_call(open_page, operator) -> Case:
    page = open_page(operator, viewport=DESK)
    page.goto("/cases/new/")
    page.locator("#case_class").fill("06010")
    page.locator("#case_class").press("Tab")
    page.wait_for_selector("#answer_volume")
    page.wait_for_load_state("networkidle")
    page.locator("#answer_volume").select_option("small")
    page.locator("#description").fill("来电反映：小区门口垃圾堆了三天，无人清运")
    page.locator("#channel").select_option("hotline")
    page.locator("[data-location] details summary").click()  # coordinates are folded away
    page.locator("#lon").fill("121.41")
    page.locator("#lat").fill("31.12")
    page.locator("#reporter_name").fill("王女士")
    page.locator("#reporter_phone").fill("13812345678")
    _shot(page, "day-01-operator-takes-the-call")
    page.locator("form button[type=submit]").last.click()
    # the case's own page: "**/cases/*/" matches the intake page in hand (/cases/new/) at once
    page.wait_for_url(re.compile(r"/cases/\d+/$"))
    case = Case.objects.get(channel="hotline")
    assert case.number in page.content()
    return case


def _cards(loop) -> list[Case]:
    """Two cases reported long ago and never dispatched: one on a yellow card, one on a red."""
    late = []
    for _ in range(2):
        case = seeded(loop)
        case_transition(case_id=case.pk, action="register", actor=loop.shift_lead)
        late.append(case)
    long_ago = timezone.now() - dt.timedelta(days=40)
    due = long_ago + dt.timedelta(days=1)
    Case.objects.filter(pk=late[0].pk).update(
        reported_at=long_ago, yellow_at=due, red_at=timezone.now() + dt.timedelta(days=1)
    )
    Case.objects.filter(pk=late[1].pk).update(reported_at=long_ago, yellow_at=due, red_at=due)
    return late


def test_a_phoned_in_complaint_from_the_call_to_the_rating_and_the_leaders_export(open_page, loop):
    case = _take_the_call(open_page, loop.operator)
    _step(open_page, loop.shift_lead, case, "register", "day-02-register", viewport=DESK)
    _step(open_page, loop.dispatcher, case, "dispatch", "day-03-dispatch", viewport=DESK)
    _step(open_page, loop.handler, case, "sign", "day-04-sign", viewport=PHONE)
    _step(
        open_page,
        loop.handler,
        case,
        "report_handled",
        "day-05-handled",
        viewport=PHONE,
        photo=jpeg().read(),
        note="已清运完毕",
    )
    _step(open_page, loop.operator, case, "send_check", "day-06-send-check", viewport=DESK)
    _step(open_page, loop.supervisor, case, "pass_check", "day-07-check", viewport=PHONE)
    case.refresh_from_db()
    assert case.state == "closed"

    # the caller follows the case by its number, on their phone, and rates it
    caller = open_page(viewport=PHONE)
    caller.goto("/portal/follow/")
    caller.locator("input[name=number]").fill(case.number)
    caller.locator("input[name=number]").press("Enter")
    caller.wait_for_url(f"**/portal/cases/{case.number}/")
    assert "13812345678" not in caller.content() and "王女士" not in caller.content()
    rate_satisfied(caller, "13812345678", "day-08-caller-rates")
    case.refresh_from_db()
    assert case.rating == "satisfied" and case.resolved is True

    # the leader downloads the list, cards and all, and it opens as a spreadsheet
    late = _cards(loop)
    leader = open_page(loop.leader, viewport=DESK)
    leader.goto("/cases/")
    _shot(leader, "day-09-leader-list")
    with leader.expect_download() as download:
        leader.locator("a[href*='/cases/export']").first.click()
    body = download.value.path().read_bytes()
    sheet = openpyxl.load_workbook(io.BytesIO(body), read_only=True).active
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert {case.number, *(c.number for c in late)} <= set(rows)
    assert "黄牌" in rows[late[0].number] and "红牌" in rows[late[1].number]


def test_a_neighbours_dispute_carried_by_the_mediator_to_its_end(open_page, loop):
    """The street's mediation centre takes a dispute from the dispatch to its close, on a desk."""
    centre = make_centre.__wrapped__(loop)
    case = dispatched_dispute(loop, centre)
    _step(open_page, centre.mediator, case, "sign", "day-10-mediator-signs", viewport=DESK)

    page = open_page(centre.mediator, viewport=DESK)
    page.goto(f"/disputes/{case.pk}/")
    page.locator("#complexity").select_option("complex")
    page.locator("#summary").fill("楼上漏水，双方就维修费用分担有争议")
    page.locator("input[name=party_name]").nth(0).fill("张三")
    page.locator("input[name=party_name]").nth(1).fill("李四")
    # a click does not wait for the navigation it starts, and the page in hand is loaded
    # already: wait for the next page before going on (and before asking the database)
    with page.expect_navigation():
        page.get_by_role("button", name="登记纠纷").click()
    session = page.locator("form", has=page.locator("input[name=form][value=session]"))
    session.locator("xpath=ancestor::details").locator("summary").click()
    session.locator("#held_at").fill("2026-11-24T14:00")
    session.locator("#outcome").select_option("agreed")
    session.locator("#minutes").fill("双方同意各承担一半维修费用")
    session.locator("#agreement").set_input_files(
        {"name": "协议.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 agreement"}
    )
    _shot(page, "day-11-mediation-session")
    with page.expect_navigation():
        session.locator("button").click()
    dispute = Dispute.objects.get(case=case)
    assert dispute.sessions.get().outcome == "agreed"

    _step(
        open_page,
        centre.mediator,
        case,
        "report_handled",
        "day-12-mediated",
        viewport=DESK,
        note="调解成功，已签协议",
    )
    _step(open_page, centre.mediator, case, "close", "day-13-closed", viewport=DESK)
    case.refresh_from_db()
    assert case.state == "closed"
