"""The public case page shows only what decision 0007 publishes, with numbers in text masked."""

import pytest

from civicgrid.cases.models import Case
from civicgrid.cases.services import Report, case_report, case_transition
from civicgrid.catalogue.models import CaseClass

from .fixtures import MONDAY, walk

pytestmark = pytest.mark.django_db

NOTE = "已清运。联系人电话13987654321，身份证310104198001020039，座机021-64871234"
CLEAR = ("13987654321", "310104198001020039", "64871234")
MASKED = ("139****4321", "310104********0039")


def _report(code: str, *, user=None, answers=None) -> Case:
    return case_report(
        actor=user,
        report=Report(
            case_class=code,
            channel="web",
            answers={"volume": "small"} if answers is None else answers,
            lon=121.41,
            lat=31.12,
            description="描述",
            reporter_name="" if user else "赵",
            reporter_phone="" if user else "13912345678",
        ),
    )


def _page(client, case) -> str:
    response = client.get(f"/portal/cases/{case.number}/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_matter_shows_its_closing_note_masked(client, loop):
    case = walk(_report("06010"), loop, close_note=NOTE)
    page = _page(client, case)
    assert "已清运" in page and all(m in page for m in MASKED)
    assert not any(c in page for c in CLEAR)
    assert case.grid.name in page  # a matter's place is published


def test_void_and_check_notes_are_masked_too(client, loop):
    case = _report("06010")
    case_transition(case_id=case.pk, action="void", actor=loop.shift_lead, now=MONDAY, note=NOTE)
    page = _page(client, case)
    assert "139****4321" in page and not any(c in page for c in CLEAR)


def test_an_appeal_shows_status_class_and_dates_only(client, loop):
    case = walk(_report("AP001", answers={}), loop, close_note=NOTE)
    case_transition(
        case_id=case.pk,
        action="rate",
        actor=None,
        now=MONDAY,
        data={"rating": "dissatisfied", "by": "reporter"},
        system=True,
    )
    case.refresh_from_db()
    page = _page(client, case)
    assert case.number in page and case.case_class.name in page
    assert case.grid.name not in page  # where an appeal comes from is not published
    assert "已清运" not in page and not any(c in page for c in CLEAR + MASKED)
    assert case.get_rating_display() not in page


def test_the_rating_is_shown_to_the_reporters_account_only(client, loop):
    case = walk(_report("06010", user=loop.resident), loop)
    case_transition(
        case_id=case.pk,
        action="rate",
        actor=loop.resident,
        now=MONDAY,
        data={"rating": "dissatisfied", "by": "reporter"},
        system=True,
    )
    case.refresh_from_db()
    label = case.get_rating_display()
    assert label not in _page(client, case)
    client.force_login(loop.resident)
    assert label in _page(client, case)


def test_a_class_closed_to_the_public_is_shown_to_its_reporter_only(client, loop):
    case = _report("06010", user=loop.resident)
    CaseClass.objects.filter(pk=case.case_class_id).update(public=False)
    assert client.get(f"/portal/cases/{case.number}/").status_code == 404
    client.force_login(loop.resident)
    assert client.get(f"/portal/cases/{case.number}/").status_code == 200
