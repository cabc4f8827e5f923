"""The workforce in a real browser: a community's leader adds a worker on a desktop (a wrong
building code named, hostile text kept as text), grades them, runs the month; every page read on
a phone fits the screen and passes axe; a grid worker finds no such menu and no such page."""

import pytest
from django.utils import timezone

from civicgrid.web.tests.browser import DESKTOP, SHOTS, fits_the_screen
from civicgrid.web.tests.test_accessibility import violations
from civicgrid.workforce.models import AllowanceEntry, Worker

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_leader_keeps_the_workforce_and_a_grid_worker_does_not_see_it(open_page, wf):
    page = open_page(wf.leader, viewport=DESKTOP)
    page.goto("/workforce/")
    page.locator("summary", has_text="添加人员").click()
    page.locator("#worker_area").select_option(str(wf.tree.community.pk))
    page.locator("#worker_post").select_option("part_time_member")
    page.locator("#worker_name").fill("<img src=x onerror=alert(1)>")
    page.locator("#worker_phone").fill("13812345678")
    page.locator("#worker_buildings").fill("B-1 NOPE")
    page.locator("#worker_term_starts").fill("2026-01-01")
    page.locator("#worker_funding").select_option("community")
    page.get_by_role("button", name="列入名册", exact=True).click()
    page.wait_for_load_state("networkidle")
    assert not Worker.objects.exists()
    assert page.locator("#worker_buildings.is-invalid").count() == 1
    assert "NOPE" in page.locator(".invalid-feedback").first.inner_text()
    page.locator("#worker_buildings").fill("B-1")
    page.get_by_role("button", name="列入名册", exact=True).click()
    page.wait_for_load_state("networkidle")
    w = Worker.objects.get()
    assert w.name == "<img src=x onerror=alert(1)>" and page.locator("main img").count() == 0
    assert "138****5678" in page.content() and not violations(page)
    page.screenshot(path=str(SHOTS / "workforce-worker-desktop.png"), full_page=True)
    page.goto("/workforce/allowances/")
    page.locator("summary", has_text="发放一个月").click()
    page.locator("#id_area").select_option(str(wf.tree.community.pk))
    page.locator("#id_month").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="登记本月补贴", exact=True).click()
    page.wait_for_load_state("networkidle")
    assert AllowanceEntry.objects.get().amount == 400
    assert not violations(page)

    from civicgrid.workforce import boards, selections

    s = selections.selection_open(
        actor=wf.leader, grid=wf.tree.grid1, opened_on=timezone.localdate()
    )
    selections.nominate(actor=wf.leader, selection=s, person=wf.resident,
                        nominated_by="self", nominated_on=timezone.localdate())  # fmt: skip
    boards.entry_record(actor=wf.leader, building=wf.b1, role="party_head",
                        consent_on=timezone.localdate(), consent_how="书面同意书",
                        name="<b>党建负责人</b>", phone="13912345678")  # fmt: skip
    phone = open_page(wf.leader)
    for url in ("/workforce/", f"/workforce/{w.pk}/", "/workforce/allowances/",
                "/workforce/reports/", "/workforce/scale/", "/workforce/selections/",
                f"/workforce/selections/{s.pk}/", "/workforce/boards/",
                f"/workforce/boards/{wf.b1.pk}/", f"/workforce/boards/{wf.b1.pk}/print/",
                "/workforce/volunteers/"):  # fmt: skip
        phone.goto(url)
        phone.wait_for_load_state("networkidle")
        assert fits_the_screen(phone), url
        assert not violations(phone), url
    phone.goto("/workforce/reports/")
    phone.screenshot(path=str(SHOTS / "workforce-reports-phone.png"), full_page=True)
    # a community's count of workers opens the records behind it (the evaluation's drill)
    phone.locator(f"a[href*='indicator=wf_workers'][href*='area={wf.tree.community.code}']").click()
    phone.wait_for_load_state("networkidle")
    assert "<img src=x onerror=alert(1)>" in phone.locator("main").inner_text()
    assert fits_the_screen(phone) and not violations(phone)
    phone.goto(f"/workforce/boards/{wf.b1.pk}/print/")
    assert "13912345678" in phone.content() and phone.locator("main b").count() == 0
    assert phone.locator(".cg-board").evaluate("e => getComputedStyle(e).borderTopWidth") == "3px"
    phone.screenshot(path=str(SHOTS / "workforce-board-print-phone.png"), full_page=True)
    worker = open_page(wf.worker)
    worker.goto("/")
    assert worker.locator("a[href='/workforce/']").count() == 0
    worker.goto("/workforce/")
    assert "404" in worker.title() or worker.locator("main form").count() == 0
