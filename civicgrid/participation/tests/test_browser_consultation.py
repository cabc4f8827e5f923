"""A street's consultation committee in a real browser: the street's leader sets it up at a desk
(a community chosen for it is refused, naming the place), sends its members a notice (hostile
markup kept as text); a member of the committee finds the notice in the inbox on a phone and
opens the council from it; each page fits the screen and passes axe; another street's leader
finds no such council."""

import datetime as dt

import pytest
from django.utils import timezone

from civicgrid.accounts.choices import Role
from civicgrid.accounts.tests.factories import user_with_role
from civicgrid.participation.models import Council, CouncilNotice
from civicgrid.web.tests.browser import DESKTOP
from civicgrid.web.tests.test_accessibility import looked_at

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_street_committee_is_told_of_major_matters(open_page, tree):
    leader = user_with_role("sc_leader", tree.street, Role.LEADER)
    member = user_with_role("sc_member", tree.street, Role.COUNCIL_MEMBER)
    today = timezone.localdate()
    desk = open_page(leader, viewport=DESKTOP)
    desk.goto("/participation/councils/")
    desk.locator("#area").select_option(str(tree.community.pk))
    desk.locator("#kind").select_option("street")
    desk.locator("#name").fill("东街道民意民智协调委员会")
    desk.locator("#term_from").fill(today.isoformat())
    desk.locator("#term_until").fill((today + dt.timedelta(days=900)).isoformat())
    desk.locator("form:has(#term_until) button[type=submit]").click()
    desk.wait_for_load_state("networkidle")
    assert not Council.objects.exists() and "街道" in desk.locator("main").inner_text()
    desk.locator("#area").select_option(str(tree.street.pk))
    desk.locator("#kind").select_option("street")
    desk.locator("#name").fill("东街道民意民智协调委员会")
    desk.locator("#term_from").fill(today.isoformat())
    desk.locator("#term_until").fill((today + dt.timedelta(days=900)).isoformat())
    desk.locator("form:has(#term_until) button[type=submit]").click()
    desk.wait_for_load_state("networkidle")
    council = Council.objects.get()
    assert council.area == tree.street and f"/councils/{council.pk}/" in desk.url
    desk.locator("summary", has_text="向委员通报").click()
    desk.locator("#notice_title").fill("<script>alert(1)</script>明年重点工作")
    desk.locator("#notice_body").fill("请于月底前提出意见")
    desk.locator("form:has(#notice_body) button[type=submit]").click()
    desk.wait_for_load_state("networkidle")
    assert CouncilNotice.objects.get().title.startswith("<script>")
    assert "<script>alert(1)</script>明年重点工作" in desk.locator("main").inner_text()
    looked_at(desk, "street-committee-desktop")
    phone = open_page(member)
    phone.goto("/inbox/")
    phone.locator("a", has_text="明年重点工作").first.click()
    phone.wait_for_load_state("networkidle")
    assert "东街道民意民智协调委员会" in phone.locator("main").inner_text()
    looked_at(phone, "street-committee-phone")
    other = open_page(user_with_role("sc_out", tree.other_street, Role.LEADER))
    other.goto(f"/participation/councils/{council.pk}/")
    assert "东街道民意民智协调委员会" not in other.locator("body").inner_text()
