"""The pages' forms tried as their users would, in a real browser, on the tiny demo district.

Each role does its job through the forms (the operator takes a phoned-in case at a desk, it is
registered, dispatched, handled with a note on a phone, checked and closed; the leader opens a
council and a meeting; the district admin creates an API token), and each kind of form is given
one hostile value: the page answers with a message naming the field, in Chinese, and nothing
changes. Screenshots are kept under ``CIVICGRID_SCREENSHOTS`` (default ``var/screenshots``).
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from civicgrid.accounts.models import User
from civicgrid.cases.models import Case
from civicgrid.cases.tests.test_story import _shot
from civicgrid.demo.generator import Generator
from civicgrid.web.tests.browser import PHONE, browser_db

pytestmark = [browser_db, pytest.mark.browser]
DESK = {"width": 1440, "height": 900}

# Sets values on a form the way a hostile client would: no client-side checks (maxlength, the
# input's type, required), an option the select does not offer, a field the form does not have.
TAMPER = """([form, values]) => {
  form.noValidate = true;
  for (const [name, value] of Object.entries(values)) {
    let field = form.elements[name];
    if (!field) {
      field = document.createElement('input');
      field.type = 'hidden';
      field.name = name;
      form.appendChild(field);
    }
    if (field.tagName === 'SELECT') {
      const option = document.createElement('option');
      option.value = value;
      field.appendChild(option);
    } else {
      field.removeAttribute('maxlength');
      if (field.type !== 'hidden' && field.type !== 'textarea') field.type = 'text';
    }
    field.value = value;
  }
}"""


@pytest.fixture
def demo(transactional_db):
    Generator("tiny", seed=1, log=lambda *_: None).run(today=dt.date.today())


def user(name: str) -> User:
    return User.objects.get(username=name)


def alerts(page) -> str:
    return " ".join(page.locator(".alert").all_inner_texts())


def tamper(page, form, **values) -> None:
    page.evaluate(TAMPER, [form.element_handle(), values])


def a_place():
    """A point the district's grids cover: where a demo case was reported."""
    case = Case.objects.exclude(lon=None).order_by("pk").first()
    return str(case.lon), str(case.lat)


def take_the_call(page, description: str, reporter_name: str = "王女士"):
    lon, lat = a_place()
    page.goto("/cases/new/")
    page.locator("#case_class").fill("06010")
    page.locator("#case_class").press("Tab")
    page.wait_for_selector("#answer_volume")
    page.wait_for_load_state("networkidle")
    page.locator("#answer_volume").select_option("small")
    page.locator("#description").fill(description)
    page.locator("#channel").select_option("hotline")
    page.locator("[data-location] details summary").click()  # coordinates are folded away
    page.locator("#lon").fill(lon)
    page.locator("#lat").fill(lat)
    page.locator("#reporter_name").fill(reporter_name)
    page.locator("#reporter_phone").fill("13812345678")


def act(open_page, username, case, action, viewport, name, note="", photo=False, tampered=None):
    page = open_page(user(username), viewport=viewport)
    page.goto(f"/cases/{case.pk}/")
    form = page.locator(f'form[action$="/act/{action}"]')
    details = page.locator("details", has=form)
    if details.count() and details.get_attribute("open") is None:
        details.locator("summary").first.click()
    if photo:
        form.locator('input[type="file"]').set_input_files(
            {"name": "after.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes()}
        )
    if note:
        form.locator("textarea").fill(note)
    if tampered:
        tamper(page, form, **tampered)
    _shot(page, name)
    with page.expect_navigation():
        form.locator("button[type=submit]").first.click()
    return page


def jpeg_bytes() -> bytes:
    from civicgrid.cases.tests.test_intake import jpeg

    return jpeg().read()


def test_a_phoned_in_case_through_the_action_forms_with_hostile_values_refused(open_page, demo):
    desk = open_page(user("operator"), viewport=DESK)

    # the intake refuses HTML in the description, naming the field, and keeps nothing
    before = Case.objects.count()
    take_the_call(desk, "<script>alert(1)</script>")
    with desk.expect_navigation():
        desk.locator("form button[type=submit]").last.click()
    assert "说明" in alerts(desk) and "HTML" in alerts(desk)
    assert Case.objects.count() == before

    # letters for a longitude: named, nothing kept
    take_the_call(desk, "来电反映：小区门口垃圾堆了三天")
    desk.locator("#lon").fill("abc")
    with desk.expect_navigation():
        desk.locator("form button[type=submit]").last.click()
    assert "经度" in alerts(desk)
    assert Case.objects.count() == before

    take_the_call(desk, "来电反映：小区门口垃圾堆了三天")
    _shot(desk, "trial-01-operator-takes-the-call")
    desk.locator("form button[type=submit]").last.click()
    # the case's own page: "**/cases/*/" matches the intake page in hand (/cases/new/) at once
    desk.wait_for_url(re.compile(r"/cases/\d+/$"))
    case = Case.objects.get(channel="hotline", description__startswith="来电反映：小区门口")

    act(open_page, "shift_lead", case, "register", DESK, "trial-02-register")
    # a unit that does not exist: named, the case stays where it was
    page = act(
        open_page, "dispatcher", case, "dispatch", DESK, "trial-03-x", tampered={"unit": "999999"}
    )
    assert "单位" in alerts(page)
    case.refresh_from_db()
    assert case.state == "registered"
    act(open_page, "dispatcher", case, "dispatch", DESK, "trial-03-dispatch")
    act(open_page, "handler", case, "sign", PHONE, "trial-04-sign")
    # a 100,000-character note: named, refused
    page = act(
        open_page,
        "handler",
        case,
        "report_handled",
        PHONE,
        "trial-05-x",
        photo=True,
        tampered={"note": "长" * 100_000},
    )
    assert "备注" in alerts(page) and "4000" in alerts(page)
    case.refresh_from_db()
    assert case.state == "handling"
    act(
        open_page,
        "handler",
        case,
        "report_handled",
        PHONE,
        "trial-05-handled",
        photo=True,
        note="已清运完毕",
    )
    act(open_page, "operator", case, "send_check", DESK, "trial-06-send-check")
    act(open_page, "supervisor", case, "pass_check", PHONE, "trial-07-check")
    case.refresh_from_db()
    assert case.state == "closed"


def test_a_wrong_version_is_refused_in_chinese(open_page, demo):
    case = Case.objects.filter(state="reported").first()
    page = act(
        open_page,
        "shift_lead",
        case,
        "register",
        DESK,
        "trial-x-version",
        tampered={"version": "abc"},
    )
    assert alerts(page) and "Version" not in alerts(page), alerts(page)


@pytest.mark.xfail(
    strict=True,
    reason="defect: an action note accepts HTML (<script>…) while the case's description "
    "refuses it as not plain text; the same hostile value is refused in one form, kept in the next",
)
def test_an_action_note_refuses_html_like_the_description(open_page, demo):
    case = Case.objects.filter(state="reported").first()
    page = act(
        open_page,
        "shift_lead",
        case,
        "register",
        DESK,
        "trial-x-note",
        note="<script>alert(1)</script>",
    )
    case.refresh_from_db()
    assert case.state == "reported", alerts(page)


def test_councils_and_meetings_refuse_wrong_types_naming_the_field(open_page, demo):
    from civicgrid.participation.models import Council, Meeting

    page = open_page(user("admin"), viewport=DESK)
    page.goto("/participation/councils/")
    form = page.locator("main form[method=post]").first
    councils = Council.objects.count()
    tamper(page, form, name="议事会", term_from="2026-01-01", term_until="2028-12-31", seats="abc")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert "席位数" in alerts(page)
    assert Council.objects.count() == councils

    page.goto("/participation/meetings/")
    form = page.locator("main form[method=post]").first
    meetings = Meeting.objects.count()
    tamper(
        page,
        form,
        title="议事会会议",
        starts_at="2026-12-20T14:00",
        place="活动室",
        agenda="长" * 100_000,
    )
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert "议程" in alerts(page) and "8000" in alerts(page)
    assert Meeting.objects.count() == meetings
    _shot(page, "trial-08-meeting-refused")


@pytest.mark.xfail(
    strict=True,
    reason="defect: a tender for the first area offered (示范市) with a district department as "
    "buyer is refused as '购买方: 请选择购买单位' though a buyer was chosen; the page offers "
    "areas and buyers that cannot go together and the message does not say why",
)
def test_a_tender_with_the_offered_area_and_buyer_is_published(open_page, demo):
    from civicgrid.orgs.models import Tender

    page = open_page(user("admin"), viewport=DESK)
    page.goto("/orgs/tenders/")
    form = page.locator("main form[method=post]").first
    tenders = Tender.objects.count()
    form.locator("[name=budget]").fill("50000")
    form.locator("[name=title]").fill("社区养老服务")
    form.locator("[name=deadline]").fill("2026-12-30T17:00")
    form.locator("[name=needs]").fill("每周两次上门服务")
    form.locator("[name=criterion]").first.fill("价格")
    form.locator("[name=weight]").first.fill("100")
    staff = page.evaluate(
        "Array.from(document.querySelectorAll('[name=panel] option'), o => o.value)"
    )
    form.locator("[name=panel]").select_option(staff[:3])
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    _shot(page, "trial-09-tender")
    assert "购买方" not in alerts(page)
    assert Tender.objects.count() == tenders + 1, alerts(page)


def test_an_api_token_and_the_power_audit_filter(open_page, demo):
    from civicgrid.accounts.models import ApiToken

    page = open_page(user("admin"), viewport=DESK)
    page.goto("/account/tokens/")
    form = page.locator("form[action$='tokens/new']")
    tokens = ApiToken.objects.count()
    tamper(page, form, name="长" * 100_000)
    with page.expect_navigation():
        form.locator("button").click()
    assert ApiToken.objects.count() == tokens
    assert alerts(page)
    page.locator("form[action$='tokens/new'] [name=name]").fill("夜间对账脚本")
    with page.expect_navigation():
        page.locator("form[action$='tokens/new'] button").click()
    assert ApiToken.objects.count() == tokens + 1

    # a filter with an impossible date: the page says which field, and lists nothing
    response = page.goto("/account/audit/?since=2026-99-99&actor=%3Cscript%3E")
    assert response.status == 400
    assert "起始日期" in alerts(page)
    _shot(page, "trial-10-audit")


def test_a_visit_with_a_huge_note_is_refused(open_page, demo):
    from civicgrid.registry.models import Visit

    page = open_page(user("supervisor"), viewport=PHONE)
    page.goto("/register/households/")
    with page.expect_navigation():
        page.locator("main a[href*='/register/households/']").first.click()
    form = page.locator("form[action$='visits']")
    visits = Visit.objects.count()
    tamper(page, form, visited_on=dt.date.today().isoformat(), notes="长" * 100_000)
    with page.expect_navigation():
        form.locator("button").click()
    _shot(page, "trial-11-visit-huge-note")
    assert Visit.objects.count() == visits, alerts(page)


def test_a_complaint_of_unadmitted_work_from_the_grid_leaders_phone(open_page, demo):
    from civicgrid.burden.models import Complaint

    page = open_page(user("grid_leader"), viewport=PHONE)
    page.goto("/duties/complaints/")
    form = page.locator("main form[method=post]").first
    complaints = Complaint.objects.count()
    form.locator("[name=department]").select_option(index=1)
    form.locator("[name=hours]").fill("3")
    form.locator("[name=what]").fill("要求社区填报统计表")
    form.locator("[name=details]").fill("每月两次，微信群通知")
    tamper(page, form, hours="-1")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert "每月所需工时" in alerts(page)
    assert Complaint.objects.count() == complaints
    form = page.locator("main form[method=post]").first
    form.locator("[name=hours]").fill("3")
    form.locator("[name=what]").fill("要求社区填报统计表")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    _shot(page, "trial-12-complaint")
    assert Complaint.objects.count() == complaints + 1, alerts(page)


def test_the_household_page_with_its_visit_form_fits_a_phone(open_page, demo):
    from civicgrid.web.tests.browser import fits_the_screen

    page = open_page(user("supervisor"), viewport=PHONE)
    page.goto("/register/households/")
    with page.expect_navigation():
        page.locator("main a[href*='/register/households/']").first.click()
    _shot(page, "trial-13-household-phone")
    assert fits_the_screen(page)


def test_a_resident_follows_only_links_that_open_on_the_duty_lists(open_page, demo):
    page = open_page(user("resident"), viewport=PHONE)
    page.goto("/duties/")
    for href in page.evaluate(
        "Array.from(document.querySelectorAll('main a[href^=\\'/\\']'), a => a.getAttribute('href'))"
    ):
        if "export" not in href:
            assert page.request.get(href).status == 200, href


def test_a_refused_intake_keeps_the_class_questions_answer(open_page, demo):
    page = open_page(user("operator"), viewport=DESK)
    take_the_call(page, "来电反映：小区门口垃圾堆了三天")
    page.locator("#lon").fill("abc")
    with page.expect_navigation():
        page.locator("form button[type=submit]").last.click()
    assert "经度" in alerts(page)
    page.wait_for_selector("#answer_volume")
    page.wait_for_load_state("networkidle")
    assert page.locator("#description").input_value() == "来电反映：小区门口垃圾堆了三天"
    assert page.locator("#answer_volume").input_value() == "small"
