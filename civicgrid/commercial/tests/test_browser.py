"""Commercial buildings in a real browser: a community's leader opens the building from the
menu on a phone, adds a tenant to its body (a hostile name kept as text, a day to come refused
and named), records this year's risk assessment and a hazard at a desk, makes the hazard a case
and follows its link, sets up the mediation committee; each page fits the screen and passes axe;
another street's leader finds no such building and a grid worker no such page."""

import pytest
from django.utils import timezone

from civicgrid.accounts.choices import Role
from civicgrid.accounts.tests.factories import user_with_role
from civicgrid.commercial.models import Hazard
from civicgrid.disputes.models import BuildingCommittee
from civicgrid.web.tests.browser import DESKTOP, submit
from civicgrid.web.tests.test_accessibility import looked_at

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_leader_keeps_a_commercial_building(open_page, tower):
    t = tower
    today = timezone.localdate()
    phone = open_page(t.leader)
    phone.goto("/")
    phone.goto(phone.locator("a", has_text="商务楼宇").first.get_attribute("href"))
    phone.locator("a", has_text=t.building.name).first.click()
    phone.wait_for_load_state("networkidle")
    phone.locator("summary", has_text="添加共治成员").click()
    phone.locator("#member_kind").select_option("tenant")
    phone.locator("#member_organisation").fill("<script>alert(1)</script>甲公司")
    phone.locator("#member_joined_on").fill((today.replace(year=today.year + 1)).isoformat())
    submit(phone, "member_organisation")
    assert t.profile.members.count() == 0
    assert phone.locator("#member_joined_on.is-invalid").count() == 1
    phone.locator("#member_joined_on").fill(today.isoformat())
    submit(phone, "member_organisation")
    assert t.profile.members.get().organisation.startswith("<script>")
    assert "<script>alert(1)</script>甲公司" in phone.locator("main").inner_text()
    looked_at(phone, "commercial-building-phone")
    desk = open_page(t.leader, viewport=DESKTOP)
    desk.goto(f"/buildings/{t.profile.pk}/")
    desk.locator("summary", has_text="登记检查").click()
    desk.locator("#inspection_kind").select_option("risk")
    desk.locator("#inspection_inspectors").fill("消防救援支队、派出所")
    submit(desk, "inspection_inspectors")
    desk.locator("summary", has_text="登记发现的隐患").click()
    desk.locator("#hazard_inspection").select_option(index=1)
    desk.locator("#hazard_installation").select_option("exits")
    desk.locator("#hazard_severity").select_option("high")
    desk.locator("#hazard_description").fill("B1 疏散通道堆放杂物")
    submit(desk, "hazard_description")
    desk.locator("summary", has_text="隐患转为案件").click()
    desk.locator("#case_hazard").select_option(index=1)
    submit(desk, "case_hazard")
    case = Hazard.objects.get().case
    assert case is not None and case.building == t.building
    desk.locator("a", has_text=case.number).click()
    desk.wait_for_load_state("networkidle")
    assert case.number in desk.locator("main").inner_text()
    desk.goto(f"/buildings/{t.profile.pk}/")
    desk.locator("summary", has_text="成立调委会").click()
    desk.locator("#committee_name").fill("T-1 楼宇调委会")
    submit(desk, "committee_name")
    assert BuildingCommittee.objects.get().building == t.building
    looked_at(desk, "commercial-building-desktop")
    desk.goto("/buildings/")
    looked_at(desk, "commercial-buildings-desktop")
    other = open_page(t.outsider, viewport=DESKTOP)
    other.goto(f"/buildings/{t.profile.pk}/")
    assert "404" in other.title() or t.building.name not in other.content()
    other.goto("/buildings/")
    assert t.building.name not in other.locator("main").inner_text()
    worker = open_page(user_with_role("cb_worker", t.tree.grid1, Role.SUPERVISOR))
    worker.goto("/buildings/")
    assert worker.locator("main form").count() == 0
    worker.goto("/")
    assert worker.locator("a", has_text="商务楼宇").count() == 0
