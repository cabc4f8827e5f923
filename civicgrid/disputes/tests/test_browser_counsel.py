"""Legal advisers and rewards in a real browser: a community's leader appoints its legal adviser
on a phone (a bad phone number named, a hostile name kept as text), a mediator records a panel's
counsel on a dispute at a desk, a leader records a reward resting on a figure; each page fits the
screen and passes axe; a grid worker finds neither page."""

import pytest
from django.utils import timezone

from civicgrid.accounts.choices import Role
from civicgrid.accounts.tests.factories import user_with_role
from civicgrid.cases.tests.fixtures import MONDAY, walk
from civicgrid.cases.tests.test_loop import report
from civicgrid.disputes import counsel
from civicgrid.disputes.models import Counsel, LegalAdviser
from civicgrid.disputes.tests.test_disputes import dispute_case, record
from civicgrid.evaluation.models import Consequence
from civicgrid.web.tests.browser import DESKTOP
from civicgrid.web.tests.test_accessibility import looked_at

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_an_adviser_counsel_and_a_reward(open_page, loop, mediator):
    tree = loop.tree
    leader = user_with_role("c_leader", tree.community, Role.LEADER)
    phone = open_page(leader)
    phone.goto("/")
    phone.goto(phone.locator("a", has_text="法律顾问与专家研判组").first.get_attribute("href"))
    assert "东一社区" in phone.locator(".alert-warning").inner_text()  # none yet
    phone.locator("summary", has_text="聘任法律顾问").click()
    phone.locator("#appoint_area").select_option(str(tree.community.pk))
    phone.locator("#appoint_name").fill("<i>李律师</i>")
    phone.locator("#appoint_firm").fill("示范律所")
    phone.locator("#appoint_phone").fill("123")
    phone.locator("form:has(#appoint_name) button[type=submit]").click()
    phone.wait_for_load_state("networkidle")
    assert not LegalAdviser.objects.exists()
    assert phone.locator("#appoint_phone.is-invalid").count() == 1
    phone.locator("#appoint_phone").fill("13812345678")
    phone.locator("form:has(#appoint_name) button[type=submit]").click()
    phone.wait_for_load_state("networkidle")
    assert LegalAdviser.objects.get().name == "<i>李律师</i>"
    assert phone.locator("main i").count() == 0 and "138****5678" in phone.content()
    looked_at(phone, "legal-advisers-phone")
    # the street's panel gives counsel on a dispute, recorded by its mediator at a desk
    street = user_with_role("s_leader", tree.street, Role.LEADER)
    panel = counsel.panel_create(actor=street, area=tree.street, name="东街道专家研判组")
    dispute = record(loop, mediator, dispute_case(loop))
    desk = open_page(mediator, viewport=DESKTOP)
    desk.goto(f"/disputes/{dispute.case_id}/")
    desk.locator("summary", has_text="记录法律意见").click()
    desk.locator("#counsel_panel").select_option(str(panel.pk))
    desk.locator("#counsel_opinion").fill("属合同纠纷，建议先行调解")
    desk.locator("form:has(#counsel_opinion) button[type=submit]").click()
    desk.wait_for_load_state("networkidle")
    assert Counsel.objects.get().panel == panel
    assert "东街道专家研判组" in desk.locator("main").inner_text()
    looked_at(desk, "dispute-counsel-desktop")
    # a reward resting on a figure, recorded by the district's leader
    walk(report(loop), loop, until="dispatch", now=MONDAY)
    boss = open_page(loop.leader, viewport=DESKTOP)
    boss.goto("/evaluation/consequences/")
    boss.locator("summary", has_text="登记奖惩").click()
    boss.locator("#decide_unit").select_option(str(loop.department.pk))
    boss.locator("#decide_kind").select_option("reward")
    boss.locator("#decide_indicator").select_option("dispatched")
    boss.locator("#decide_period").fill("2026-11")
    boss.locator("#decide_amount").fill("800")
    boss.locator("#decide_reason").fill("派遣及时")
    boss.locator("#decide_decided_on").fill(timezone.localdate().isoformat())
    boss.locator("form:has(#decide_reason) button[type=submit]").click()
    boss.wait_for_load_state("networkidle")
    assert Consequence.objects.get().value == 1
    looked_at(boss, "consequences-desktop")
    worker = open_page(user_with_role("g_worker", tree.grid1, Role.SUPERVISOR))
    for url in ("/disputes/advisers/", "/evaluation/consequences/"):
        worker.goto(url)
        assert "404" in worker.title() or worker.locator("main form").count() == 0
