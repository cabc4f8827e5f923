"""The service guide in a real browser, as a resident reads it before coming: from the menu on a
phone, searching (hostile words kept as text), opening an item with its materials; the same at a
desk. Every page fits the screen and passes axe."""

import pytest

from civicgrid.accounts import services as accounts
from civicgrid.web.tests.browser import DESKTOP, submit
from civicgrid.web.tests.test_accessibility import looked_at

from .test_catalogue import items  # noqa: F401  (the fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_resident_reads_the_guide(open_page, items):  # noqa: F811
    resident = accounts.user_create(username="guide_reader", password="pw-for-tests-123")
    phone = open_page(resident)
    phone.goto("/")
    phone.locator(".navbar-toggler").first.click()
    phone.locator("a", has_text="办事指南").first.click()
    phone.wait_for_load_state("networkidle")
    assert "居住证办理" in phone.locator("main").inner_text()
    looked_at(phone, "service-guide-phone")
    phone.locator("#q").fill('"><script>alert(1)</script>')
    submit(phone, "q")
    assert "没有符合条件的服务事项" in phone.locator("main").inner_text()
    phone.locator("#q").fill("居住")
    submit(phone, "q")
    phone.locator("a", has_text="居住证办理").click()
    phone.wait_for_load_state("networkidle")
    text = phone.locator("main").inner_text()
    assert "居住登记凭证" in text and "15 个工作日内办结" in text and "网格员代办" in text
    looked_at(phone, "service-item-phone")
    desk = open_page(None, viewport=DESKTOP)
    desk.goto("/services/items/FW0701/")
    assert "<script>alert(1)</script>无犯罪记录证明" in desk.locator("h1").inner_text()
    looked_at(desk, "service-item-desktop")
