"""Community finance in a real browser: the street sets a community's budget on a desktop (a
line below the floor marked), the community's leader makes a claim (hostile text kept as text),
adds its receipt and submits it, the street approves and pays it; every page read on a phone fits
the screen and passes axe; a grid worker finds no such menu and no such page."""

import datetime as dt

import pytest
from django.utils import timezone

from civicgrid.finance import services
from civicgrid.finance.models import Budget, Claim
from civicgrid.web.tests.browser import DESKTOP, SHOTS, fits_the_screen
from civicgrid.web.tests.test_accessibility import violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_claim_from_the_community_to_the_streets_payment(open_page, fin):
    today = timezone.localdate()
    community = fin.tree.community
    street = open_page(fin.street, viewport=DESKTOP)
    street.goto("/finance/")
    street.locator("summary", has_text="设定预算科目").click()
    street.locator("#budget_area").select_option(str(community.pk))
    street.locator("#budget_category").select_option("running")
    street.locator("#budget_amount").fill("-1")
    street.locator("form:has(#budget_area) button[type=submit]").click()
    street.wait_for_load_state("networkidle")
    assert not Budget.objects.exists() and street.locator("#budget_amount.is-invalid").count() == 1
    street.locator("#budget_amount").fill("120000")
    street.locator("form:has(#budget_area) button[type=submit]").click()
    street.wait_for_load_state("networkidle")
    assert Budget.objects.get().amount == 120000
    assert "低于保障标准" in street.content() and not violations(street)
    street.screenshot(path=str(SHOTS / "finance-overview-desktop.png"), full_page=True)
    services.allocation_record(actor=fin.leader, area=community, received_on=today,
                               amount="5000", source="district")  # fmt: skip

    leader = open_page(fin.leader, viewport=DESKTOP)
    leader.goto(f"/finance/{community.code}/")
    leader.locator("summary", has_text="申请报账").click()
    leader.locator("#claim_budget").select_option(str(Budget.objects.get().pk))
    leader.locator("#claim_title").fill("<script>alert(1)</script>灯具")
    leader.locator("#claim_payee").fill('=HYPERLINK("x")')
    leader.locator("#claim_amount").fill("300")
    leader.locator("#claim_spent_on").fill(today.isoformat())
    leader.locator("form:has(#claim_budget) button[type=submit]").click()
    leader.wait_for_load_state("networkidle")
    claim = Claim.objects.get()
    assert claim.title == "<script>alert(1)</script>灯具"
    assert leader.locator("main script").count() == 0
    leader.locator("summary", has_text="添加票据").click()
    leader.locator("#receipt_number").fill("No.1")
    leader.locator("#receipt_issuer").fill("某五金店")
    leader.locator("#receipt_amount").fill("300")
    leader.locator("form:has(#receipt_number) button[type=submit]").click()
    leader.wait_for_load_state("networkidle")
    leader.get_by_role("button", name="提交审核").click()
    leader.wait_for_load_state("networkidle")
    assert Claim.objects.get().status == "submitted"
    assert leader.locator("#review_approve").count() == 0  # not the community's own review
    assert not violations(leader)

    street = open_page(fin.street, viewport=DESKTOP)  # a login ends the test client's last one
    street.goto(f"/finance/claims/{claim.pk}/")
    street.locator("#review_approve").select_option("yes")
    street.get_by_role("button", name="记录审核结果").click()
    street.wait_for_load_state("networkidle")
    street.locator("#pay_paid_on").fill((today - dt.timedelta(days=0)).isoformat())
    street.get_by_role("button", name="记录拨付").click()
    street.wait_for_load_state("networkidle")
    assert Claim.objects.get().status == "paid"
    assert services.balance(community) == 4700

    phone = open_page(fin.leader)
    for url in ("/finance/", f"/finance/{community.code}/", f"/finance/claims/{claim.pk}/",
                "/finance/duties/",
                f"/finance/{community.code}/statements/{today.year}/1/"):  # fmt: skip
        phone.goto(url)
        phone.wait_for_load_state("networkidle")
        assert fits_the_screen(phone), url
        assert not violations(phone), url
    phone.goto(f"/finance/{community.code}/")
    phone.screenshot(path=str(SHOTS / "finance-account-phone.png"), full_page=True)
    worker = open_page(fin.worker)
    worker.goto("/")
    assert worker.locator("a[href='/finance/']").count() == 0
    worker.goto("/finance/")
    assert "404" in worker.title() or worker.locator("main form").count() == 0
