"""Party building in a real browser, as its people use it: the community's leader sets up a
building group, registers a stationed unit, drafts and signs an agreement, raises a need and
starts a project for it from the need's matches; a grid worker reads it all on a phone and finds
no form. Every page is checked with axe and fits a phone's screen."""

import pytest
from django.utils import timezone

from civicgrid.party.models import Agreement, Need, PartyOrganisation, Project, StationedUnit
from civicgrid.web.tests.browser import DESKTOP, SHOTS, fits_the_screen
from civicgrid.web.tests.test_accessibility import violations

from .test_pages import pages

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _submit(page, summary: str | None, button: str) -> None:
    if summary:
        page.locator("summary", has_text=summary).click()
    page.get_by_role("button", name=button, exact=True).click()
    page.wait_for_load_state("networkidle")


def test_a_community_leader_runs_co_building(open_page, party):
    page = open_page(party.leader, viewport=DESKTOP)
    page.goto("/party/")
    page.locator("#id_name").fill("1号楼党小组")
    page.locator("#id_code").fill("P-G1")
    page.locator("#id_area").select_option(str(party.tree.community.pk))
    page.locator("#id_level").select_option("group")
    page.locator("#id_parent").select_option(str(party.committee.pk))
    page.locator("#id_setting").select_option("building")
    page.locator("#id_building").fill("B-1")
    _submit(page, None, "新建")
    group = PartyOrganisation.objects.get(unit__code="P-G1")
    assert group.building == party.building and page.url.endswith(
        f"/party/organisations/{group.pk}/"
    )

    page.goto("/party/units/")
    page.locator("#id_name").fill("第一实验小学")
    page.locator("#id_kind").select_option("institution")
    page.locator("#id_area").select_option(str(party.tree.community.pk))
    page.locator("#id_phone").fill("13812345678")
    _submit(page, None, "登记")
    school = StationedUnit.objects.get(name="第一实验小学")
    assert school.contact_phone_masked == "138****5678"
    page.locator("summary", has_text="添加资源").click()
    page.locator("#resource_title").fill("假期开放图书室")
    page.locator("#resource_kind").select_option("venue")
    page.locator("#resource_category").select_option("children")
    page.get_by_role("button", name="添加", exact=True).click()
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(SHOTS / "party-unit-desktop.png"), full_page=True)

    page.goto(f"/party/organisations/{party.committee.pk}/")
    page.locator("summary", has_text="草拟协议").click()
    page.locator("#agreement_stationed_unit").select_option(str(school.pk))
    page.locator("#agreement_title").fill("校社共建协议")
    page.locator("#agreement_starts_on").fill("2026-03-01")
    page.locator("#agreement_ends_on").fill("2026-12-31")
    page.locator("#agreement_unit_commits").fill("假期开放图书室\n教师志愿辅导")
    page.get_by_role("button", name="草拟", exact=True).click()
    page.wait_for_load_state("networkidle")
    agreement = Agreement.objects.get(title="校社共建协议")
    assert agreement.commitments.count() == 2
    page.goto(f"/party/agreements/{agreement.pk}/")
    page.locator("#signed_on").fill("2026-03-02")
    _submit(page, None, "登记签订")
    agreement.refresh_from_db()
    assert agreement.status == "signed"

    page.goto("/party/lists/")
    page.locator("summary", has_text="提出需求").click()
    page.locator("#need_area").select_option(str(party.tree.community.pk))
    page.locator("#need_title").fill("<b>孩子放学无人看护</b>")
    page.locator("#need_category").select_option("children")
    page.get_by_role("button", name="提出", exact=True).click()
    page.wait_for_load_state("networkidle")
    need = Need.objects.get()
    page.goto(f"/party/needs/{need.pk}/")
    assert "假期开放图书室" in page.locator("main").inner_text()  # the school's offer matches
    assert page.locator("main b").count() == 0  # what was typed is shown as text
    page.locator("#project_resources").select_option(label="假期开放图书室（第一实验小学）")
    page.locator("#project_agreement").select_option(str(agreement.pk))
    page.get_by_role("button", name="发起", exact=True).click()
    page.wait_for_load_state("networkidle")
    project = Project.objects.get()
    assert project.need == need and Need.objects.get().status == "matched"
    page.goto(f"/party/projects/{project.pk}/")
    page.locator("#progress_status").select_option("done")
    page.locator("#progress_beneficiaries").fill("60")
    page.locator("#progress_ends_on").fill(timezone.localdate().isoformat())
    _submit(page, None, "保存")
    assert Need.objects.get().status == "met"
    page.goto("/party/")
    page.screenshot(path=str(SHOTS / "party-overview-desktop.png"), full_page=True)


def test_a_grid_worker_reads_it_on_a_phone_and_every_page_is_accessible(open_page, party):
    urls = list(pages(party).values())
    phone = open_page(party.worker)
    for url in urls:
        phone.goto(url)
        phone.wait_for_load_state("networkidle")
        assert fits_the_screen(phone), url
        assert phone.locator("main form").count() == 0, url  # nothing to change for a worker
        assert not violations(phone), url
    phone.goto(f"/party/organisations/{party.street_committee.pk}/")
    phone.screenshot(path=str(SHOTS / "party-organisation-phone.png"), full_page=True)
    # the menu shows the section to the worker, not to the resident
    phone.goto("/")
    assert phone.locator("a[href='/party/']").count() == 1
    # (each page opened below logs the test's client in as another user: the one before is out)
    leader = open_page(party.leader, viewport=DESKTOP)
    for url in urls:
        leader.goto(url)
        leader.wait_for_load_state("networkidle")
        assert not violations(leader), url
    resident = open_page(party.resident)
    resident.goto("/party/")
    assert "404" in resident.title() or resident.locator("a[href='/party/']").count() == 0


def test_a_community_leader_keeps_the_roster_and_a_claim_on_a_phone(open_page, party):
    """The roster, an identity display and a credit entry, a project published and claimed by a
    member and delivered — on a phone, every form's page checked with axe; hostile text stays
    text."""
    from civicgrid.party.models import Claim, CreditEntry, Member

    from .test_members import published

    today = timezone.localdate().isoformat()
    page = open_page(party.leader)
    page.goto(f"/party/organisations/{party.committee.pk}/members/")
    assert fits_the_screen(page) and not violations(page)
    page.locator("summary", has_text="添加党员").click()
    page.locator("#member_kind").select_option("reported")
    page.locator("#member_name").fill("<b>王建国</b>")
    page.locator("#member_workplace").fill("=cmd|' /C calc'!A0")
    page.get_by_role("button", name="列入名册", exact=True).click()
    page.wait_for_load_state("networkidle")
    member = Member.objects.get()
    assert member.name == "<b>王建国</b>" and page.locator("main b").count() == 0
    page.locator("summary", has_text="登记活动").click()
    page.locator("#activity_kind").select_option("identity_display")
    page.locator("#activity_title").fill("党员亮身份·楼道清洁")
    page.locator("#activity_held_on").fill(today)
    page.locator("#activity_participants_0").check()
    page.get_by_role("button", name="登记", exact=True).first.click()
    page.wait_for_load_state("networkidle")
    assert member.activities.count() == 1
    page.locator("summary", has_text="登记信用记录").click()
    page.locator("#credit_member").select_option(str(member.pk))
    page.locator("#credit_on").fill(today)
    page.locator("#credit_category").select_option("service")
    page.locator("#credit_points").fill("-3")  # a slip: only a deduction takes points away
    page.locator("#credit_reason").fill("组织楼道清扫")
    page.get_by_role("button", name="登记", exact=True).last.click()
    page.wait_for_load_state("networkidle")
    assert not CreditEntry.objects.exists()
    assert page.locator("#credit_points.is-invalid").count() == 1
    assert page.locator("#credit_reason").input_value() == "组织楼道清扫"  # kept as typed
    page.locator("#credit_points").fill("3")
    page.get_by_role("button", name="登记", exact=True).last.click()
    page.wait_for_load_state("networkidle")
    assert CreditEntry.objects.get().points == 3
    assert fits_the_screen(page) and not violations(page)
    page.screenshot(path=str(SHOTS / "party-roster-phone.png"), full_page=True)

    project = published(party)
    page.goto(f"/party/projects/{project.pk}/")
    page.locator("summary", has_text="登记认领").click()
    page.locator("#claim_claimant").select_option("member")
    page.locator("#claim_member").select_option(str(member.pk))
    page.get_by_role("button", name="登记认领", exact=True).click()
    page.wait_for_load_state("networkidle")
    claim = Claim.objects.get()
    page.locator("summary", has_text="登记完成情况").click()
    page.locator("#deliver_claim").select_option(str(claim.pk))
    page.locator("#deliver_beneficiaries").fill("45")
    page.get_by_role("button", name="登记完成", exact=True).click()
    page.wait_for_load_state("networkidle")
    assert Claim.objects.get().beneficiaries == 45
    assert fits_the_screen(page) and not violations(page)
    page.screenshot(path=str(SHOTS / "party-project-claims-phone.png"), full_page=True)
