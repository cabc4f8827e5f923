"""A screening campaign in a real browser: a grid worker opens the street's campaign from the
menu on a phone, records a visit (a building code that does not exist named and refused, markup
refused), a finding, and makes it a case; the street's leader reads the report at a desk and
concludes the campaign; each page fits the screen and passes axe; another street's grid worker
finds no such campaign."""

import pytest
from django.utils import timezone

from civicgrid.campaigns.models import Finding
from civicgrid.web.tests.browser import DESKTOP, submit
from civicgrid.web.tests.test_accessibility import looked_at

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_sweep_from_the_grid_to_the_report(open_page, sweep):
    s, c = sweep, sweep.campaign
    phone = open_page(s.worker)
    phone.goto("/")
    phone.goto(phone.locator("a", has_text="排查行动").first.get_attribute("href"))
    phone.locator("a", has_text=c.name).click()
    phone.wait_for_load_state("networkidle")
    phone.locator("summary", has_text="登记走访").click()
    phone.locator("#visit_grid").select_option(str(s.tree.grid1.pk))
    phone.locator("#visit_building").fill("NO-SUCH")
    submit(phone, "visit_building")
    assert phone.locator("#visit_building.is-invalid").count() == 1 and not c.visits.exists()
    phone.locator("#visit_building").fill("")
    phone.locator("#visit_place").fill("<b>网吧</b>")
    submit(phone, "visit_place")
    assert phone.locator("#visit_place.is-invalid").count() == 1 and not c.visits.exists()
    phone.locator("#visit_place").fill("幸福路 8 号网吧")
    submit(phone, "visit_place")
    assert c.visits.get().visited_by == s.worker
    phone.locator("summary", has_text="登记发现的问题").click()
    phone.locator("#finding_visit").select_option(index=1)
    phone.locator("#finding_item").select_option(index=2)
    phone.locator("#finding_description").fill("店内有 15 岁学生打工")
    submit(phone, "finding_description")
    phone.locator("summary", has_text="问题转为案件").click()
    phone.locator("#case_finding").select_option(index=1)
    submit(phone, "case_finding")
    case = Finding.objects.get().case
    assert case is not None and case.number in phone.locator("main").inner_text()
    looked_at(phone, "campaign-phone")
    desk = open_page(s.leader, viewport=DESKTOP)
    desk.goto(f"/campaigns/{c.pk}/")
    report = desk.locator("main dl").first.inner_text()
    assert "1" in report
    desk.locator("summary", has_text="总结行动").click()
    desk.locator("#conclude_conclusion").fill("查处未成年用工 1 起")
    submit(desk, "conclude_conclusion")
    c.refresh_from_db()
    assert c.concluded_on == timezone.localdate()
    looked_at(desk, "campaign-desktop")
    desk.goto("/campaigns/")
    looked_at(desk, "campaigns-desktop")
    far = open_page(s.far)
    far.goto(f"/campaigns/{c.pk}/")
    assert c.name not in far.locator("body").inner_text()
