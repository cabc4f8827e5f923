"""A community worker's year-end assessment in a real browser: a work-station member rates on a
desktop (a hostile answer refused, the rating kept), the leader records a day's work on the
worker's page, the party secretary decides on a phone after the results are made final; every
page fits the screen and passes axe; a grid worker gets a 404."""

import pytest
from django.utils import timezone

from civicgrid.evaluation.choices import RoundAction
from civicgrid.evaluation.models import GroupRating, Verdict
from civicgrid.evaluation.workflow import assessment_round_transition
from civicgrid.web.tests.browser import DESKTOP, SHOTS, fits_the_screen
from civicgrid.web.tests.test_accessibility import violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_raters_rate_and_the_party_organisation_decides(open_page, year_end):
    wf, stationers, _member, secretary, _org, worker, items, rnd = year_end
    a = rnd.assessments.get()
    url = f"/evaluation/assessments/{rnd.pk}/{a.pk}/"
    page = open_page(stationers[0], viewport=DESKTOP)
    page.goto(url)
    field = page.locator(f"#g-{items['station'].pk}")
    assert page.locator(f"#g-{items['committee'].pk}").count() == 0  # not this rater's group
    field.evaluate("e => { e.type = 'text'; e.removeAttribute('max'); }")  # past the browser
    field.fill("=1+1<script>")
    page.get_by_role("button", name="评价", exact=True).click()
    page.wait_for_load_state("networkidle")
    assert not GroupRating.objects.exists()
    assert page.locator(".alert-danger, .alert-warning").count() >= 1
    page.locator(f"#g-{items['station'].pk}").fill("4")
    page.get_by_role("button", name="评价", exact=True).click()
    page.wait_for_load_state("networkidle")
    assert GroupRating.objects.get().value == "4"
    assert "1 位评议人" in page.content() and not violations(page)
    page.screenshot(path=str(SHOTS / "worker-assessment-desktop.png"), full_page=True)

    leader = open_page(wf.leader, viewport=DESKTOP)
    leader.goto(f"/workforce/{worker.pk}/")
    leader.locator("summary", has_text="记录当日工作").click()
    leader.locator("#daily_kind").select_option("commended")
    leader.locator("#daily_points").fill("0")
    leader.locator("#daily_note").fill("<b>表扬</b>")
    leader.locator("form:has(#daily_kind) button[type=submit]").click()
    leader.wait_for_load_state("networkidle")
    assert leader.locator("#daily_points.is-invalid").count() == 1  # a commendation adds
    leader.locator("#daily_points").fill("3")
    leader.locator("form:has(#daily_kind) button[type=submit]").click()
    leader.wait_for_load_state("networkidle")
    assert worker.daily_records.filter(points=3).exists()
    assert leader.locator("main b").count() == 0 and not violations(leader)

    assessment_round_transition(round_id=rnd.pk, action=RoundAction.CLOSE, actor=wf.admin,
                                now=timezone.now())  # fmt: skip
    phone = open_page(secretary)
    phone.goto("/evaluation/assessments/verdicts/")
    assert worker.name in phone.content() and fits_the_screen(phone)
    assert not violations(phone)
    phone.get_by_role("link", name=worker.name).click()
    phone.wait_for_load_state("networkidle")
    phone.locator("#verdict_decision").select_option("renew")
    phone.locator("#verdict_reasons").fill("续聘")
    phone.locator("form:has(#verdict_decision) button[type=submit]").click()
    phone.wait_for_load_state("networkidle")
    assert Verdict.objects.get().decision == "pending"  # a renewal needs its new end
    phone.locator("#verdict_decision").select_option("renew")
    phone.locator("#verdict_reasons").fill("续聘三年")
    phone.locator("#verdict_until").fill("2029-12-31")
    phone.locator("form:has(#verdict_decision) button[type=submit]").click()
    phone.wait_for_load_state("networkidle")
    assert Verdict.objects.get().decision == "renew"
    assert fits_the_screen(phone) and not violations(phone)
    phone.screenshot(path=str(SHOTS / "worker-verdict-phone.png"), full_page=True)
    grid_worker = open_page(wf.worker)
    grid_worker.goto(url)
    assert "404" in grid_worker.title() or worker.name not in grid_worker.content()
