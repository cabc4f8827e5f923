"""Two people acting on the same case at the same moment (PostgreSQL, real threads)."""

import threading

import pytest
from django.db import connection, connections

from civicgrid.cases.models import Case, CaseEvent
from civicgrid.cases.services import Conflict, Report, case_report, case_transition

from .fixtures import MONDAY

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def test_one_succeeds_the_other_gets_a_conflict(loop):
    case = case_report(
        actor=loop.operator,
        report=Report(
            case_class="06010",
            answers={"volume": "small"},
            lon=121.41,
            lat=31.12,
            reporter_name="王",
            reporter_phone="13812345678",
        ),
        now=MONDAY,
    )
    barrier = threading.Barrier(2)
    results = []

    def attempt(action, note):
        try:
            barrier.wait()
            case_transition(
                case_id=case.pk,
                action=action,
                actor=loop.shift_lead,
                now=MONDAY,
                note=note,
                expected_version=1,
            )
            results.append(action)
        except Conflict:
            results.append("conflict")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=attempt, args=("register", "")),
        threading.Thread(target=attempt, args=("void", "重复上报")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results)[0] == "conflict" and len(results) == 2
    assert "conflict" in results and len(set(results)) == 2
    case = Case.objects.get(pk=case.pk)
    assert case.version == 2
    assert CaseEvent.objects.filter(case=case).count() == 2
