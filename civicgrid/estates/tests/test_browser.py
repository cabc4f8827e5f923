"""Property oversight in a real browser: the community's leader adds an estate on a desktop (a
building of another street named, hostile text kept as text), is stopped by the blacklist when
giving it to a listed company and goes on only by ticking that they know; every page read on a
phone fits the screen and passes axe; a grid worker finds no such menu and no such page."""

import datetime as dt

import pytest
from django.utils import timezone

from civicgrid.estates import services
from civicgrid.estates.models import Estate, ServiceTerm
from civicgrid.web.tests.browser import DESKTOP, SHOTS, fits_the_screen
from civicgrid.web.tests.test_accessibility import violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_an_estate_and_the_blacklist_in_the_way(open_page, est):
    today = timezone.localdate()
    services.blacklist_add(actor=est.street, company=est.bad, reason="<b>考核不合格</b>",
                           listed_on=today, review_on=today + dt.timedelta(days=90))  # fmt: skip
    page = open_page(est.leader, viewport=DESKTOP)
    page.goto("/estates/")
    page.locator("summary", has_text="添加小区").click()
    page.locator("#estate_area").select_option(str(est.tree.community.pk))
    page.locator("#estate_code").fill("XQ-1")
    page.locator("#estate_name").fill("<img src=x onerror=alert(1)>梅园")
    page.locator("#estate_buildings").fill("B-1 B-9")
    page.locator("form:has(#estate_code) button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert not Estate.objects.exists()
    assert "B-9" in page.content()
    page.locator("#estate_buildings").fill("B-1 B-2")
    page.locator("form:has(#estate_code) button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    e = Estate.objects.get()
    assert e.name.startswith("<img") and page.locator("main img").count() == 0
    page.locator("summary", has_text="委托物业公司管理").click()
    assert "<b>考核不合格</b>" in page.locator(".alert-warning").inner_text()
    page.locator("#term_company").select_option(str(est.bad.pk))
    page.locator("#term_phone").fill("13812345678")
    page.locator("form:has(#term_company) button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert not ServiceTerm.objects.exists()  # stopped by the blacklist
    page.locator("#term_despite_blacklist").check()
    page.locator("form:has(#term_company) button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert ServiceTerm.objects.get().blacklisted_then
    assert "138****5678" in page.content() and not violations(page)
    page.screenshot(path=str(SHOTS / "estate-desktop.png"), full_page=True)
    phone = open_page(est.leader)
    for url in ("/estates/", f"/estates/{e.pk}/", "/estates/blacklist/", "/estates/?unmanaged=1"):
        phone.goto(url)
        phone.wait_for_load_state("networkidle")
        assert fits_the_screen(phone), url
        assert not violations(phone), url
    phone.goto("/estates/blacklist/")
    assert phone.locator("main b").count() == 0
    phone.screenshot(path=str(SHOTS / "estates-blacklist-phone.png"), full_page=True)
    worker = open_page(est.worker)
    worker.goto("/")
    assert worker.locator("a[href='/estates/']").count() == 0
    worker.goto("/estates/")
    assert "404" in worker.title() or worker.locator("main form").count() == 0
