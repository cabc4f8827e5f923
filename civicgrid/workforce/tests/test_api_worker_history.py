"""A worker's pay-grade history and training in the API's worker (the latest first), in scope or
404, the roster at a fixed number of queries however many workers and entries; a grade that is
not on the scale named as bad input; and a grid-leader selection cancelled through the API (in
scope, out of scope 404, never once appointed)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from civicgrid.accounts.tests.factories import bearer
from civicgrid.registry.tests.factories import person
from civicgrid.workforce import selections, services
from civicgrid.workforce.models import GradeChange, Selection

from .fixtures import DAY

pytestmark = pytest.mark.django_db
D = dt.timedelta(days=1)
JSON = {"content_type": "application/json"}


def _staff(wf, name="吴站员"):
    return services.worker_save(actor=wf.leader, area=wf.tree.community, post="station_staff",
                                name=name, term_starts=DAY, funding="district")  # fmt: skip


def _history(wf, worker, n=0):
    services.grade_set(actor=wf.leader, worker=worker, grade=wf.g1, since=DAY, reason="入职定级")
    services.grade_set(actor=wf.leader, worker=worker, grade=wf.g2, since=DAY + 30 * D,
                       reason="年度考核优秀晋档")  # fmt: skip
    for k, title in enumerate(("网格员业务培训", "消防安全培训")):
        services.training_add(actor=wf.leader, worker=worker, title=title, provider="区社工委",
                              taken_on=DAY + (k + n) * D, hours=Decimal("4.5"))  # fmt: skip


def test_the_worker_shows_the_grade_history_and_training_in_scope(wf, client):
    w = _staff(wf)
    _history(wf, w)
    url = f"/api/v1/workforce/workers/{w.pk}"
    assert client.get(url, **bearer(wf.outsider)).status_code == 404
    assert client.get(url, **bearer(wf.worker)).status_code == 404
    got = client.get(url, **bearer(wf.leader)).json()
    assert got["grade"] == 2
    assert got["grade_history"] == [
        {"grade": 2, "level": 1, "since": (DAY + 30 * D).isoformat(), "reason": "年度考核优秀晋档"},
        {"grade": 1, "level": 1, "since": DAY.isoformat(), "reason": "入职定级"},
    ]
    assert [(t["title"], t["taken_on"], Decimal(t["hours"]), t["worker"])
            for t in got["training"]] == [
        ("消防安全培训", (DAY + D).isoformat(), Decimal("4.5"), w.pk),
        ("网格员业务培训", DAY.isoformat(), Decimal("4.5"), w.pk),
    ]  # fmt: skip
    listed = client.get("/api/v1/workforce/workers", **bearer(wf.street_leader)).json()
    assert [len(x["grade_history"]) for x in listed] == [2]
    assert client.get("/api/v1/workforce/workers", **bearer(wf.outsider)).json() == []


def test_a_grade_through_the_api_joins_the_history(wf, client):
    w = _staff(wf)
    path = f"/api/v1/workforce/workers/{w.pk}/grade"
    body = {"grade": 1, "since": DAY.isoformat(), "reason": "入职定级"}
    assert client.post(path, body, **JSON, **bearer(wf.outsider)).status_code == 404
    wrong = client.post(path, {**body, "grade": 42}, **JSON, **bearer(wf.leader))
    assert wrong.status_code == 400 and wrong.json()["field"] == "grade", wrong.content
    early = client.post(path, {**body, "since": (DAY - D).isoformat()}, **JSON,
                        **bearer(wf.leader))  # fmt: skip
    assert early.status_code == 400 and early.json()["field"] == "since"
    assert not GradeChange.objects.exists()
    done = client.post(path, body, **JSON, **bearer(wf.leader))
    assert done.status_code == 200 and [g["grade"] for g in done.json()["grade_history"]] == [1]
    trained = client.post(f"/api/v1/workforce/workers/{w.pk}/training",
                          {"title": "调解技能培训", "taken_on": DAY.isoformat(), "hours": "3"},
                          **JSON, **bearer(wf.leader))  # fmt: skip
    assert trained.status_code == 201
    got = client.get(f"/api/v1/workforce/workers/{w.pk}", **bearer(wf.leader)).json()
    assert [t["id"] for t in got["training"]] == [trained.json()["id"]]


def test_the_roster_takes_a_fixed_number_of_queries(wf, client):
    _history(wf, _staff(wf))
    headers = bearer(wf.leader)

    def counted():
        with CaptureQueriesContext(connection) as queries:
            got = client.get("/api/v1/workforce/workers", **headers)
        assert got.status_code == 200
        return len(queries), len(got.json())

    counted()  # the first request warms the caches (the token, the grants)
    queries, workers = counted()
    assert workers == 1
    for n in range(3):
        _history(wf, _staff(wf, f"员工{n}"), n)
    assert counted() == (queries, 4)


def test_a_selection_is_cancelled_in_scope_until_someone_is_appointed(wf, client):
    s = selections.selection_open(actor=wf.leader, grid=wf.tree.grid1, opened_on=DAY)
    path = f"/api/v1/workforce/selections/{s.pk}/cancellation"
    assert client.post(path, **bearer(wf.outsider)).status_code == 404
    assert client.post(path, **bearer(wf.worker)).status_code == 404
    assert client.post("/api/v1/workforce/selections/999999/cancellation",
                       **bearer(wf.leader)).status_code == 404  # fmt: skip
    assert Selection.objects.get().status == "nominating"
    done = client.post(path, **bearer(wf.leader))
    assert done.status_code == 200 and done.json()["status"] == "cancelled"
    again = client.post(path, **bearer(wf.leader))
    assert again.status_code == 400 and again.json()["field"] == "selection"
    # cancelled: the grid may open another, which runs to an appointment and then stays
    opened = client.post("/api/v1/workforce/selections",
                         {"grid": wf.tree.grid1.code, "opened_on": DAY.isoformat()}, **JSON,
                         **bearer(wf.leader))  # fmt: skip
    assert opened.status_code == 201, opened.content
    second = Selection.objects.get(pk=opened.json()["id"])
    a = selections.nominate(actor=wf.leader, selection=second, person=wf.resident,
                            nominated_by="self", nominated_on=DAY)  # fmt: skip
    selections.nominate(actor=wf.leader, selection=second,
                        person=person("钱居民", wf.tree.grid1, n=3), nominated_by="self",
                        nominated_on=DAY)  # fmt: skip
    listed = client.get("/api/v1/workforce/selections", **bearer(wf.leader)).json()
    assert [(x["status"], len(x["nominations"])) for x in listed] == [
        ("nominating", 2), ("cancelled", 0)]  # fmt: skip
    held = second.nominations.exclude(pk=a.pk).get()
    selections.selection_hold(actor=wf.leader, selection=second, held_on=DAY + D, voters=50,
                              votes={a.pk: 30, held.pk: 10})  # fmt: skip
    selections.appoint(actor=wf.leader, selection=second, nomination=a, on=DAY + D,
                       funding="district")  # fmt: skip
    late = client.post(f"/api/v1/workforce/selections/{second.pk}/cancellation",
                       **bearer(wf.leader))  # fmt: skip
    assert late.status_code == 400 and late.json()["code"] == "closed"
    assert Selection.objects.get(pk=second.pk).status == "appointed"
