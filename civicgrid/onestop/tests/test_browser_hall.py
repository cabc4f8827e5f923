"""The hall in a real browser, as its people use it: at the kiosk a resident takes a number (a
phone-sized kiosk screen), the clerk at a desk finds the hall from the menu, sits at the aid
window and calls the next number with the keyboard, marks one who did not come; the hall's screen
shows the numbers called; a stranger finds no hall. Every page fits the screen and passes axe."""

import pytest

from civicgrid.accounts import services as accounts
from civicgrid.accounts.choices import Role, UnitKind
from civicgrid.accounts.tests.factories import unit_for, user_with_role
from civicgrid.onestop.models import Ticket, Window
from civicgrid.web.tests.browser import DESKTOP
from civicgrid.web.tests.test_accessibility import looked_at

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_numbers_taken_called_and_shown(open_page, tree):
    centre = unit_for(tree.street, UnitKind.SERVICE_CENTRE)
    clerk = accounts.user_create(username="hall_clerk_b", password="pw-for-tests-123")
    accounts.role_assign(user=clerk, unit=centre, role=Role.HANDLER)
    Window.objects.create(centre=centre, number=1, name="综合窗口")
    aid = Window.objects.create(centre=centre, number=2, name="救助窗口", categories=["aid"])

    kiosk = open_page(clerk)  # the kiosk is signed in as the centre
    kiosk.goto(f"/services/centres/{centre.code}/take")
    kiosk.locator("button", has_text="社会救助").click()
    kiosk.wait_for_load_state("networkidle")
    assert kiosk.locator("#slip-number").inner_text() == "C001"
    kiosk.locator("button", has_text="户籍与居住").click()
    kiosk.wait_for_load_state("networkidle")
    assert kiosk.locator("#slip-number").inner_text() == "F002"
    looked_at(kiosk, "hall-kiosk-phone")

    desk = open_page(clerk, viewport=DESKTOP)
    desk.goto("/")
    desk.locator("a.dropdown-toggle", has_text="基层治理").click()
    desk.locator("a", has_text="服务大厅").click()
    desk.wait_for_load_state("networkidle")
    desk.locator("a", has_text="窗口叫号").first.click()
    desk.wait_for_load_state("networkidle")
    desk.locator("#window").select_option(str(aid.pk))
    desk.locator("button", has_text="进入窗口").click()
    desk.wait_for_load_state("networkidle")
    desk.keyboard.press("Enter")  # the call button has the focus
    desk.wait_for_load_state("networkidle")
    assert "请 C001 号到 2 号窗口" in desk.locator("main").inner_text()
    assert Ticket.objects.get(number=1).state == "called"
    desk.locator("button", has_text="未到").click()
    desk.wait_for_load_state("networkidle")
    assert Ticket.objects.get(number=1).state == "absent"
    desk.locator("button", has_text="呼叫下一号").click()
    desk.wait_for_load_state("networkidle")
    assert "本窗口暂无等候号" in desk.locator("main").inner_text()  # F002 is not the aid window's
    looked_at(desk, "hall-desk-desktop")

    screen = open_page(None, viewport=DESKTOP)
    screen.goto(f"/services/centres/{centre.code}/screen")
    assert "C001" in screen.locator("main").inner_text()
    looked_at(screen, "hall-screen-desktop")

    stranger = open_page(user_with_role("hall_out", tree.other_street, Role.LEADER))
    stranger.goto(f"/services/centres/{centre.code}/")
    assert "窗口叫号" not in stranger.locator("main").inner_text()
