"""Applications in a real browser, as their people use them. The clerk at a desk (1440×900)
opens the intake from the window desk, picks the item, types the card and ticks the materials —
first with the card missing (refused, nothing written), then the one-time notice is printed,
then everything is there and the receipt prints. The office's handler finds it under "to
decide", passes both review steps and approves. The applicant on a phone (360×740) follows it
with the receipt number and rates it badly with hostile text, shown as text; the handler answers.
A stranger gets 404. Every page fits its screen and passes axe."""

import pytest

from civicgrid.onestop import office
from civicgrid.onestop.models import Application, Rating
from civicgrid.web.tests.browser import DESKTOP
from civicgrid.web.tests.test_accessibility import looked_at

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_an_application_from_the_window_to_the_answer_of_its_rating(open_page, desk):
    d = desk
    clerk = open_page(d.clerk, viewport=DESKTOP)
    clerk.goto(f"/services/centres/{d.centre.code}/?window={d.window.pk}")
    clerk.locator("a", has_text="受理办件").click()
    clerk.wait_for_load_state("networkidle")
    clerk.locator("#item").select_option(d.promised.code)
    clerk.locator("button", has_text="选择").click()
    clerk.wait_for_load_state("networkidle")
    clerk.locator("#intake_name").fill(d.proof.name)
    clerk.locator("#intake_id_number").fill(d.proof.id_number)
    clerk.locator("tr", has_text="照片").locator("input[name=provided]").check()  # the card missing
    clerk.locator("button", has_text="受理并打印回执").click()
    clerk.wait_for_load_state("networkidle")
    assert "居民身份证" in clerk.locator("main").inner_text()
    assert not Application.objects.exists()
    looked_at(clerk, "onestop-intake-refused-desktop")
    clerk.locator("#intake_name").fill(d.proof.name)  # the page keeps what was typed
    clerk.locator("#intake_id_number").fill(d.proof.id_number)
    clerk.locator("button", has_text="出具一次性告知书").click()
    clerk.wait_for_load_state("networkidle")
    notice = Application.objects.get()
    assert notice.status == "notified"
    clerk.locator("a", has_text="一次性告知书").click()
    clerk.wait_for_load_state("networkidle")
    assert "居民身份证" in clerk.locator("main ol").inner_text()
    looked_at(clerk, "onestop-notice-desktop")
    # the applicant comes back with the card: the same number is accepted on its page
    clerk.locator("a", has_text="返回办件").click()
    clerk.wait_for_load_state("networkidle")
    for label in ("居民身份证", "照片"):
        clerk.locator("form tr", has_text=label).locator("input[name=provided]").check()
    clerk.locator("button", has_text="受理").first.click()
    clerk.wait_for_load_state("networkidle")
    assert Application.objects.get().status == "accepted"
    clerk.locator("a", has_text="受理回执").click()
    clerk.wait_for_load_state("networkidle")
    assert notice.number in clerk.locator("main").inner_text()
    assert d.proof.id_number not in clerk.content()
    looked_at(clerk, "onestop-receipt-desktop")

    handler = open_page(d.handler, viewport=DESKTOP)
    handler.goto("/services/applications/?show=decide")
    handler.locator("a", has_text=notice.number).click()
    handler.wait_for_load_state("networkidle")
    handler.locator("button", has_text="初审").click()
    handler.wait_for_load_state("networkidle")
    handler.locator("button", has_text="审批").click()
    handler.wait_for_load_state("networkidle")
    handler.locator("#approve_document").fill("低保证 No.2026-001")
    handler.locator("form button.btn-success").click()
    handler.wait_for_load_state("networkidle")
    assert Application.objects.get().status == "approved"
    looked_at(handler, "onestop-application-office-desktop")
    office.hand_over(actor=d.clerk, application=Application.objects.get(), how="pick_up")

    phone = open_page(None)
    phone.goto("/services/follow/")
    phone.locator("#follow_number").fill(notice.number)
    phone.locator("#follow_name").fill(d.proof.name)
    phone.locator("#follow_id_number").fill(d.proof.id_number)
    phone.locator("main form button[type=submit]").click()
    phone.wait_for_load_state("networkidle")
    assert "低保证 No.2026-001" in phone.locator("main").inner_text()
    assert "王*明" in phone.locator("main").inner_text()
    phone.locator("label", has_text="非常不满意").click()
    phone.locator("#rate_comment").fill("<img src=x onerror=alert(1)>来回跑")
    phone.locator("button", has_text="提交评价").click()
    phone.wait_for_load_state("networkidle")
    assert "<img src=x onerror=alert(1)>来回跑" in phone.locator("main").inner_text()
    assert Rating.objects.get().grade == 1
    looked_at(phone, "onestop-followed-phone")

    handler.goto("/services/applications/?show=answer")
    handler.locator("a", has_text=notice.number).click()
    handler.wait_for_load_state("networkidle")
    handler.locator("#answer_answer").fill("已电话回访，说明材料要求并致歉")
    handler.locator("button", has_text="提交回复").click()
    handler.wait_for_load_state("networkidle")
    assert Rating.objects.get().answered_by == d.handler

    stranger = open_page(d.stranger, viewport=DESKTOP)
    answer = stranger.goto(f"/services/applications/{notice.number}/")
    assert answer is not None and answer.status == 404
