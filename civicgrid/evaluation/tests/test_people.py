"""People's figures from the steps they took: on time or late against the step limits, accurate
or returned, and a supervisor's patrol reports and missed reports."""

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from civicgrid.accounts.tests.factories import bearer
from civicgrid.cases.services import case_report, case_transition
from civicgrid.cases.services.intake import Report
from civicgrid.cases.tests.fixtures import MONDAY, walk
from civicgrid.cases.tests.test_views import seeded
from civicgrid.evaluation import periods
from civicgrid.evaluation.people import cases_behind_person, person_indicators

pytestmark = pytest.mark.django_db

WEEK = periods.parse("2026-11-23..2026-11-29")
HOUR = dt.timedelta(hours=1)


def test_steps_on_time_late_and_returned(loop):
    done = walk(seeded(loop), loop)  # every step at MONDAY 10:00: on time
    late = seeded(loop)
    case_transition(
        case_id=late.pk, action="register", actor=loop.shift_lead, now=MONDAY + 2 * HOUR
    )
    case_transition(
        case_id=late.pk, action="dispatch", actor=loop.dispatcher, now=MONDAY + 5 * HOUR
    )
    case_transition(
        case_id=late.pk, action="return", actor=loop.handler, note="不归我们", now=MONDAY + 6 * HOUR
    )
    got = person_indicators([loop.operator, loop.shift_lead, loop.dispatcher], WEEK)
    operator, lead, dispatcher = (
        got[u.pk] for u in (loop.operator, loop.shift_lead, loop.dispatcher)
    )
    assert operator["accepted"] == 2
    assert (lead["registrations"], lead["registered_on_time"]) == (2, 1)
    assert lead["on_time_register_rate"] == 50.0 and lead["accurate_register_rate"] == 100.0
    assert (lead["closings"], lead["on_time_close_rate"]) == (1, 100.0)
    assert (dispatcher["dispatches"], dispatcher["dispatched_on_time"]) == (2, 1)
    assert dispatcher["dispatches_kept"] == 1 and dispatcher["accurate_dispatch_rate"] == 50.0
    assert list(cases_behind_person("accurate_dispatch_rate", WEEK, loop.dispatcher)) == [done]
    assert list(cases_behind_person("registered_on_time", WEEK, loop.shift_lead)) == [done]
    # nothing in another week; a rate with nothing below it is None
    before = person_indicators([loop.dispatcher], periods.parse("2026-W40"))[loop.dispatcher.pk]
    assert before["dispatches"] == 0 and before["on_time_dispatch_rate"] is None


def test_a_supervisor_reports_verifies_and_misses(loop):
    patrol = case_report(
        actor=loop.supervisor,
        report=Report(
            case_class="06010", answers={"volume": "small"}, lon=121.41, lat=31.12, channel="patrol"
        ),
        now=MONDAY,
    )
    walk(patrol, loop, until="register")
    public = seeded(loop)  # a resident's hotline report in the supervisor's grid
    case_transition(case_id=public.pk, action="send_to_verify", actor=loop.operator, now=MONDAY)
    case_transition(
        case_id=public.pk,
        action="verify",
        actor=loop.supervisor,
        data={"confirmed": True},
        now=MONDAY + 3 * HOUR,  # 60 working minutes allowed: late
    )
    walk(public, loop, until="register")
    got = person_indicators([loop.supervisor], WEEK)[loop.supervisor.pk]
    assert (got["patrol_reports"], got["valid_reports"], got["valid_report_rate"]) == (1, 1, 100.0)
    assert (got["verifications"], got["verified_on_time"]) == (1, 0)
    assert got["grid_registered"] == 2 and got["grid_missed"] == 1 and got["missed_rate"] == 50.0
    assert list(cases_behind_person("missed_rate", WEEK, loop.supervisor)) == [public]


def test_staff_figures_in_the_api_the_page_and_the_command(client, loop, capsys):
    walk(seeded(loop), loop)
    tree = loop.tree
    got = client.get(
        "/api/v1/indicators/people",
        {"period": "2026-W48", "role": "dispatcher", "compare": "false"},
        **bearer(loop.leader),
    ).json()
    assert got["role"] == "dispatcher"
    row = next(r for r in got["rows"] if r["code"] == loop.dispatcher.username)
    assert row["values"]["dispatches"] == 1 and row["values"]["on_time_dispatch_rate"] == 100.0
    assert {i["role"] for i in got["indicators"]} == {"dispatcher"}
    behind = client.get(
        "/api/v1/indicators/cases",
        {"indicator": "dispatches", "period": "2026-W48", "person": loop.dispatcher.username},
        **bearer(loop.leader),
    ).json()
    assert len(behind["items"]) == 1
    # out of scope: a grid worker may not see the district's people, nor unknown people
    denied = client.get(
        "/api/v1/indicators/people",
        {"period": "2026-W48", "area": tree.district.code},
        **bearer(loop.supervisor),
    )
    assert denied.status_code == 404
    nobody = client.get(
        "/api/v1/indicators/cases",
        {"indicator": "dispatches", "period": "2026-W48", "person": "nobody"},
        **bearer(loop.leader),
    )
    assert nobody.status_code == 404
    client.force_login(loop.leader)
    page = client.get(
        reverse("evaluation:figures"),
        {"subject": "person", "role": "shift_lead", "period": "2026-W48"},
    ).content.decode()
    assert "按时立案率" in page and str(loop.shift_lead) in page
    call_command(
        "indicators",
        "--people",
        "operator",
        "--period",
        "2026-W48",
        "--format",
        "json",
        "--no-compare",
        stdout=io.StringIO(),
    )
    out = json.loads(capsys.readouterr().out)
    assert any(r["values"]["accepted"] == 1 for r in out["rows"])
