"""The desk's roles on the case page (issue #18 §5): the dispatcher's grouped unit picker and
dispatch deadline, the handler's main next step after signing and no action offered to fail,
the operator's callback with the reporter's number revealed (audited) and the rating recorded
in it, and answers shown by their labels."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from civicgrid.accounts import services as accounts
from civicgrid.accounts.choices import UnitKind
from civicgrid.accounts.tests.factories import unit_for
from civicgrid.cases import pickers
from civicgrid.cases.choices import Action
from civicgrid.cases.deadlines import Deadline, dispatch_deadline
from civicgrid.cases.models import Case, CaseEvent
from civicgrid.cases.panels import main_first
from civicgrid.cases.services import Report, case_report
from civicgrid.registry.models import PiiAccess
from civicgrid.routing.services import suggest

from .fixtures import MONDAY, walk
from .test_intake import jpeg

pytestmark = pytest.mark.django_db


def reported(loop, **kw):
    return case_report(
        actor=loop.operator,
        report=Report(
            case_class="06010",
            answers={"volume": "medium"},
            lon=121.41,
            lat=31.12,
            reporter_name="王先生",
            reporter_phone="13812345678",
            photos=[jpeg()],
            **kw,
        ),
        now=MONDAY,
    )


def panels_of(html: str) -> list[str]:
    """The action panels of a case page, in the order shown."""
    return re.findall(r'<details class="[^"]*" id="act-([a-z_]+)"', html)


def open_panel(html: str) -> str:
    return re.search(r'id="act-([a-z_]+)" open', html).group(1)


# --- the dispatcher ------------------------------------------------------------------------


def test_the_unit_picker_is_grouped_with_the_suggestion_first(loop):
    tree = loop.tree
    community = unit_for(tree.community, UnitKind.COMMUNITY_COMMITTEE)
    station = unit_for(tree.grid1, UnitKind.WORK_STATION)
    property_company = accounts.orgunit_create(
        kind=UnitKind.PROPERTY_COMPANY, name="安居物业", code="pm-1", area=tree.street
    )
    case = walk(reported(loop), loop, until="register")
    suggestion = suggest(case_class=case.case_class, grid=case.grid, level=case.dispatch_level)
    groups = pickers.unit_groups(case, suggestion=suggestion)
    codes = [g.code for g in groups]
    assert codes[0] == pickers.SUGGESTED
    assert groups[0].choices[0].unit == loop.department  # the suggestion, first of all
    where = {c.unit.pk: g.code for g in groups for c in g.choices}
    assert where[loop.street_office.pk] == pickers.STREET
    assert where[community.pk] == pickers.COMMUNITY
    assert where[station.pk] == pickers.GRID  # a work station of a grid: a grid station
    assert where[property_company.pk] == pickers.OTHER
    assert where[loop.other_department.pk] == pickers.DEPARTMENT
    assert codes == [c for c in pickers.ORDER if c in codes]  # in the dispatcher's order
    # every unit once, and only units serving the case's grid (not the other street's)
    listed = [c.unit.pk for g in groups for c in g.choices]
    assert len(listed) == len(set(listed))
    other_station = unit_for(tree.other_grid, UnitKind.WORK_STATION)
    assert other_station.pk not in listed


def test_same_named_units_are_told_apart_by_their_street(loop):
    tree = loop.tree
    east = accounts.orgunit_create(
        kind=UnitKind.STATIONED_TEAM, name="城管执法中队", code="cg-e", area=tree.street
    )
    west = accounts.orgunit_create(
        kind=UnitKind.STATIONED_TEAM, name="城管执法中队", code="cg-w", area=tree.other_street
    )
    named = pickers.labels([east, west, loop.department])
    assert named[east.pk] == "城管执法中队（东街道）"
    assert named[west.pk] == "城管执法中队（西街道）"
    assert named[loop.department.pk] == loop.department.name  # a name of its own stays so
    assert pickers.names_told_apart([east.pk]) == {east.pk: "城管执法中队（东街道）"}
    # on the case page: the picker names them so too
    district_team = accounts.orgunit_create(
        kind=UnitKind.DEPARTMENT, name="城管执法中队", code="cg-d", area=tree.district
    )
    case = walk(reported(loop), loop, until="register")
    shown = {c.unit.pk: c.label for g in pickers.unit_groups(case) for c in g.choices}
    assert shown[east.pk] == "城管执法中队（东街道）"
    assert shown[district_team.pk] == "城管执法中队（示范区）"


def test_the_dispatch_deadline_is_shown_on_the_list_and_the_case_page(client, loop):
    case = walk(reported(loop), loop, until="register")
    found = dispatch_deadline(case)
    assert found is not None and found.due > case.registered_at
    # CIVICGRID_STEP_MINUTES["dispatch"] (30) working minutes after the registration
    assert found.due == case.registered_at + dt.timedelta(minutes=30)
    client.force_login(loop.dispatcher)
    listing = client.get("/cases/?queue=dispatcher").content.decode()
    due = found.due.isoformat()
    assert f'data-due="{due}"' in listing and "cg-deadline is-over" in listing  # long past
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "data-dispatch-deadline" in page and f'data-due="{due}"' in page


def test_a_deadline_badge_turns_yellow_then_over():
    start = timezone.now()
    d = Deadline(due=start + dt.timedelta(hours=1), yellow=start + dt.timedelta(minutes=48))
    assert d.level(start) == "ok"
    assert d.level(start + dt.timedelta(minutes=50)) == "yellow"
    assert d.level(start + dt.timedelta(hours=2)) == "over"


def test_the_list_stacks_on_phones_and_its_filters_wrap(client, loop):
    reported(loop)
    client.force_login(loop.operator)
    html = client.get("/cases/").content.decode()
    assert "cg-table-stack" in html and "cg-toolbar" in html
    assert 'data-label="案件编号"' in html or 'data-label="Case number"' in html
    row = re.search(r"<tbody>.*?</tr>", html, re.S).group(0)
    assert row.count("<td") == row.count("data-label=")


# --- the handler ---------------------------------------------------------------------------


def test_after_signing_the_panel_opens_on_report_handled(client, loop):
    case = walk(reported(loop), loop, until="dispatch")
    client.force_login(loop.handler)
    response = client.post(f"/cases/{case.pk}/act/sign", {"version": case.version})
    assert response.status_code == 302
    assert response["Location"].endswith("#act-report_handled")
    html = client.get(f"/cases/{case.pk}/").content.decode()
    assert panels_of(html)[0] == "report_handled"
    assert open_panel(html) == "report_handled"
    assert panels_of(html).index("request_extension") > 0


def test_the_main_next_step_comes_first():
    assert main_first([Action.REQUEST_EXTENSION, Action.REQUEST_SUSPENSION, Action.REPORT_HANDLED])[
        0
    ] == (Action.REPORT_HANDLED)
    assert main_first([Action.RETURN, Action.SIGN]) == [Action.SIGN, Action.RETURN]
    assert main_first([Action.VOID, Action.MERGE, Action.REGISTER])[0] == Action.REGISTER


def test_no_action_is_offered_that_would_fail(client, loop):
    case = walk(reported(loop), loop, until="sign")
    # the class needs photos as evidence: the form asks for them (required), not a refusal later
    case.case_class.evidence_required = True
    case.case_class.save(update_fields=["evidence_required"])
    client.force_login(loop.handler)
    html = client.get(f"/cases/{case.pk}/").content.decode()
    photos = re.search(r'<input[^>]*id="report_handled-photos"[^>]*>', html).group(0)
    assert " required" in photos
    # adding a unit: only units that do not hold the case yet; none left, not offered at all
    client.force_login(loop.dispatcher)
    case = Case.objects.get(pk=case.pk)
    groups = pickers.unit_groups(case, exclude=set(case.assigned_unit_ids()))
    listed = {c.unit.pk for g in groups for c in g.choices}
    assert loop.department.pk not in listed and loop.other_department.pk in listed
    assert "add_unit" in panels_of(client.get(f"/cases/{case.pk}/").content.decode())
    from civicgrid.accounts.models import OrgUnit

    OrgUnit.objects.exclude(pk=loop.department.pk).update(active=False)
    assert "add_unit" not in panels_of(client.get(f"/cases/{case.pk}/").content.decode())


def test_a_dispatch_with_no_suggestion_asks_for_a_unit(client, loop):
    from civicgrid.routing.models import ResponsibilityRule

    ResponsibilityRule.objects.all().delete()
    loop.street_office.active = False
    loop.street_office.save(update_fields=["active"])
    case = walk(reported(loop), loop, until="register")
    client.force_login(loop.dispatcher)
    html = client.get(f"/cases/{case.pk}/").content.decode()
    select = re.search(r'<select[^>]*id="dispatch-unit"[^>]*>', html).group(0)
    assert " required" in select


def test_a_suggested_unit_that_may_not_take_the_case_is_not_the_default(client, loop):
    from civicgrid.routing.models import ResponsibilityRule

    elsewhere = unit_for(loop.tree.other_street, UnitKind.STREET_OFFICE)
    ResponsibilityRule.objects.update(lead_unit=elsewhere)  # a rule naming another street's office
    case = walk(reported(loop), loop, until="register")
    client.force_login(loop.dispatcher)
    html = client.get(f"/cases/{case.pk}/").content.decode()
    select = re.search(r'<select[^>]*id="dispatch-unit"[^>]*>', html).group(0)
    assert " required" in select  # leaving it to the suggestion would be refused


# --- the operator's callback ---------------------------------------------------------------


def closed(loop):
    return walk(reported(loop), loop, until="close", close_note="已清运")


def test_the_reporters_number_is_revealed_to_the_caller_back_and_audited(client, loop):
    case = closed(loop)
    client.force_login(loop.operator)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "13812345678" not in page and "138****5678" in page  # masked until asked
    assert open_panel(page) == "call_back" and "data-reveal-button" in page
    before = PiiAccess.objects.count()
    response = client.post(f"/cases/{case.pk}/reporter-phone", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert response.json() == {"phone": "13812345678", "tel": "tel:13812345678"}
    assert response["Cache-Control"] == "no-store"
    audit = PiiAccess.objects.order_by("-pk").first()
    assert PiiAccess.objects.count() == before + 1
    assert audit.user == loop.operator and audit.fields == "reporter_phone"
    assert case.number in audit.subject and "13812345678" not in audit.subject
    assert audit.request_path == f"/cases/{case.pk}/reporter-phone"
    # without the page's script: a small page with the tel: link, audited too
    html = client.post(f"/cases/{case.pk}/reporter-phone").content.decode()
    assert 'href="tel:13812345678"' in html
    assert PiiAccess.objects.count() == before + 2


@pytest.mark.parametrize("who", ["shift_lead", "dispatcher", "handler", "leader", "outsider"])
def test_nobody_else_gets_the_number(client, loop, who):
    case = closed(loop)
    client.force_login(getattr(loop, who))
    before = PiiAccess.objects.count()
    assert client.post(f"/cases/{case.pk}/reporter-phone").status_code == 404
    assert client.get(f"/cases/{case.pk}/reporter-phone").status_code in (404, 405)
    assert PiiAccess.objects.count() == before
    if who != "outsider":
        page = client.get(f"/cases/{case.pk}/").content.decode()
        assert "13812345678" not in page and "data-reveal-button" not in page


def test_the_operator_gets_no_number_before_the_callback(client, loop):
    case = reported(loop)
    client.force_login(loop.operator)
    assert client.post(f"/cases/{case.pk}/reporter-phone").status_code == 404


def test_the_api_reveals_to_the_caller_back_only_and_audits(client, loop):
    case = closed(loop)
    client.force_login(loop.operator)
    detail = client.get(f"/api/v1/cases/{case.pk}").json()
    assert detail["reporter_phone"] == "138****5678"
    response = client.post(f"/api/v1/cases/{case.pk}/reporter-phone")
    assert response.status_code == 200 and response.json()["phone"] == "13812345678"
    assert PiiAccess.objects.filter(user=loop.operator, channel="api").count() == 1
    client.force_login(loop.shift_lead)
    assert client.post(f"/api/v1/cases/{case.pk}/reporter-phone").status_code == 404


def test_the_rating_is_recorded_in_the_callback(client, loop):
    case = closed(loop)
    client.force_login(loop.operator)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "rate" not in panels_of(page)  # not a step of its own
    assert 'id="cb-rate-satisfied"' in page
    response = client.post(
        f"/cases/{case.pk}/act/call_back",
        {
            "version": case.version,
            "reached": "yes",
            "rating": "satisfied",
            "resolved": "yes",
            "note": "群众表示满意",
        },
    )
    assert response.status_code == 302
    case = Case.objects.get(pk=case.pk)
    assert case.rating == "satisfied" and case.resolved is True
    steps = list(case.events.order_by("-seq").values_list("action", flat=True)[:2])
    assert steps == ["rate", "call_back"]
    assert CaseEvent.objects.get(case=case, action="call_back").note == "群众表示满意"


def test_a_callback_without_reaching_records_no_rating(client, loop):
    case = closed(loop)
    client.force_login(loop.operator)
    client.post(
        f"/cases/{case.pk}/act/call_back",
        {"version": case.version, "reached": "no", "rating": "satisfied", "note": "无人接听"},
    )
    case = Case.objects.get(pk=case.pk)
    assert case.rating == "" and not case.events.filter(action="call_back").exists()
    # reached, no rating given: the callback alone, the rating still to come
    client.post(
        f"/cases/{case.pk}/act/call_back",
        {"version": case.version, "reached": "yes", "rating": "", "note": "稍后再评"},
    )
    case = Case.objects.get(pk=case.pk)
    assert case.rating == "" and case.events.filter(action="call_back").count() == 1


def test_a_bad_rating_is_refused_naming_the_field_and_changes_nothing(client, loop):
    case = closed(loop)
    client.force_login(loop.operator)
    response = client.post(
        f"/cases/{case.pk}/act/call_back",
        {"version": case.version, "reached": "yes", "rating": "<script>", "note": "x"},
        follow=True,
    )
    assert response.status_code == 200
    assert "&lt;script&gt;" in response.content.decode() or "评价" in response.content.decode()
    case = Case.objects.get(pk=case.pk)
    assert case.rating == "" and not case.events.filter(action="call_back").exists()


# --- answers by label ----------------------------------------------------------------------


def test_answers_are_shown_by_their_labels(client, loop):
    case = reported(loop)
    question = case.case_class.questions.get(code="volume")
    label = dict(question.choice_names())["medium"]
    client.force_login(loop.operator)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert f"{question.text}: {label}" in page or f"{question.text}：{label}" in page
    assert "volume: medium" not in page
    response = client.get("/cases/export")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][-1] == f"{question.text}：{label}"
    body = client.get(f"/api/v1/cases/{case.pk}").json()
    assert body["answers_text"] == [{"question": question.text, "answer": label}]
    assert body["answers"] == {"volume": "medium"}  # the codes stay for machines
