"""Dispatch that reads, in a real browser, as its people use it:
- an operator on the phone (1440×900) hears a consultation, chooses 咨询, types what the caller
  asks, sees the knowledge base's article and the similar cases nearby, and records the call as
  answered from the article: the case is closed at once with the article on its timeline;
- a shift lead on a phone (360×740) opens a new report, sees the similar case nearby and links
  the two; the link shows on both pages;
- a leader reads the hot topics of the week and an administrator decides a suggested rule change
  (1440×900 and 360×740);
- a resident on the portal writes what they saw and takes a suggested class.
Every page passes axe and fits the screen; a formula typed as a reason is kept as text."""

import datetime as dt

import pytest
from django.utils import timezone

from civicgrid.accounts.choices import Role
from civicgrid.accounts.tests.factories import unit_for, user_with_role
from civicgrid.cases.models import Case
from civicgrid.cases.services import Report, case_report
from civicgrid.insight import knowledge, suggestions, topics
from civicgrid.insight.link_models import CaseLink
from civicgrid.insight.rule_models import RuleSuggestion
from civicgrid.web.tests.browser import DESKTOP, PHONE
from civicgrid.web.tests.test_accessibility import looked_at

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
ASKED = "你好，我想问下低保怎么申请，家里老人生病没收入"


def _article(tree):
    admin = user_with_role("kb_admin", tree.district, Role.ADMIN)
    return knowledge.article_save(
        actor=admin, title="最低生活保障怎么申请", answer="家庭人均收入低于低保标准的可向街道申请。",
        keywords="低保 困难 救助 没收入", owner=unit_for(tree.district, "department"),
        review_by=dt.date(2027, 6, 1), active=True,
    )  # fmt: skip


def _case(loop, code, text, lat=31.12):
    return case_report(actor=loop.operator, report=Report(
        case_class=code, description=text, channel="hotline", lon=121.41, lat=lat))  # fmt: skip


def test_the_operator_answers_a_consultation_from_the_knowledge_base(open_page, loop, tree):
    article = _article(tree)
    earlier = _case(loop, "AP001", "低保申请要什么材料，老人生病家里没收入", lat=31.1205)
    page = open_page(loop.operator, viewport=DESKTOP)
    page.goto("/cases/new/")
    page.locator("#case_class").fill("AP001")
    page.locator("#case_class").dispatch_event("change")
    page.locator("details", has_text="坐标").locator("summary").click()
    page.locator("#lon").fill("121.41")
    page.locator("#lat").fill("31.12")
    page.locator("#lat").press("Tab")
    page.locator("#description").fill(ASKED)
    answer = page.locator(f'#knowledge-hints button[data-answer-from="{article.code}"]')
    answer.wait_for()
    page.locator(f"#similar-cases a:has-text('{earlier.number}')").wait_for()
    page.locator("#knowledge-hints summary").first.click()
    looked_at(page, "insight-answer-intake-desktop")
    with page.expect_navigation():
        answer.click()
    case = Case.objects.exclude(pk=earlier.pk).get()
    assert case.state == "closed"
    assert page.locator(f"a[href='/insight/knowledge/{article.pk}/']").count() == 1
    looked_at(page, "insight-answer-closed-desktop")


def test_a_shift_lead_links_a_similar_case_on_a_phone(open_page, loop):
    first = _case(loop, "01023", "3号楼门口下水道堵住了，污水冒出来，很臭", lat=31.1205)
    new = _case(loop, "01076", "幸福小区3号楼下水道堵了，污水冒到路面上")
    page = open_page(loop.shift_lead, viewport=PHONE)
    page.goto(f"/cases/{new.pk}/")
    link = page.get_by_role("button", name="关联为同一事项")
    link.wait_for()
    looked_at(page, "insight-similar-case-phone")
    with page.expect_navigation():
        link.click()
    assert CaseLink.objects.filter(first=first, second=new).exists()
    page.goto(f"/cases/{first.pk}/")
    page.locator(f"#similar-cases a:has-text('{new.number}')").wait_for()
    looked_at(page, "insight-linked-case-phone")


def test_the_hot_topics_and_a_suggested_rule_change(open_page, loop, tree):
    for _n in range(4):
        _case(loop, "01023", "下水道堵了，污水冒出来")
    topics.make(topics.monday(timezone.localdate()))  # the week the cases were reported in
    suggestion = RuleSuggestion.objects.create(
        case_class=Case.objects.first().case_class, area=tree.street, from_unit=loop.department,
        to_unit=loop.other_department, dispatched=4, returned=3, kept=3,
        made_at=dt.datetime.now(dt.UTC),
    )  # fmt: skip
    suggestion.cases.set(Case.objects.all())
    page = open_page(loop.leader, viewport=DESKTOP)
    page.goto("/insight/topics/")
    assert "下水道" in page.locator("main").inner_text()
    looked_at(page, "insight-hot-topics-desktop")
    admin = user_with_role("rules_admin", tree.district, Role.ADMIN)
    phone = open_page(admin, viewport=PHONE)
    phone.goto("/insight/rules/")
    phone.get_by_role("link", name="01023", exact=False).first.click()
    phone.locator("#refuse_note").fill('=HYPERLINK("x")')
    looked_at(phone, "insight-rule-suggestion-phone")
    with phone.expect_navigation():
        phone.get_by_role("button", name="不采纳").click()
    suggestion.refresh_from_db()
    assert suggestion.status == "refused" and suggestion.note.startswith("=HYPERLINK")


def test_a_resident_takes_a_suggested_class_on_the_portal(open_page, loop):
    suggestions.retrain()
    page = open_page(None, viewport=PHONE)
    page.goto("/portal/")
    page.locator("#description").fill("马路边的路灯晚上一直不亮，黑漆漆的")
    button = page.locator("#portal-suggestions [data-portal-class='01037']")
    button.wait_for()
    button.click()
    assert page.locator("#class-list input[value='01037']").is_checked()
    looked_at(page, "insight-portal-suggestion-phone")
