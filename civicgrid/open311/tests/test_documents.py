"""Public lists are rendered once per change of what they show, and never shown stale."""

import pytest

from civicgrid.cases.models import CaseEvent
from civicgrid.cases.tests.fixtures import walk
from civicgrid.open311.documents import DOCUMENTS, Documents

from .test_reading import cases, get, report  # noqa: F401  (fixture)
from .test_services import as_json

pytestmark = pytest.mark.django_db
WINDOW = {"start_date": "2026-11-01T00:00:00+08:00"}


def test_the_same_list_again_costs_no_query(client, cases, django_assert_num_queries):  # noqa: F811
    first = get(client, **WINDOW)
    with django_assert_num_queries(0):
        again = get(client, **WINDOW)
    assert again.content == first.content and again["Content-Type"].startswith("application/json")
    # another format, language or argument is another document
    assert get(client, fmt="xml", **WINDOW).content.startswith(b"<?xml")
    assert len(as_json(get(client, status="closed", **WINDOW))) == 1


def test_a_change_in_this_process_shows_at_once(client, loop, cases):  # noqa: F811
    before = {i["service_request_id"]: i["status"] for i in as_json(get(client, **WINDOW))}
    assert before[cases["fresh"].number] == "open"
    walk(cases["fresh"], loop)
    after = {i["service_request_id"]: i["status"] for i in as_json(get(client, **WINDOW))}
    assert after[cases["fresh"].number] == "closed"
    fresh = report(loop)
    assert fresh.number in {i["service_request_id"] for i in as_json(get(client, **WINDOW))}


def test_a_change_by_another_process_shows_after_the_recheck(client, cases, settings):  # noqa: F811
    settings.CIVICGRID_CACHE_RECHECK = 0
    get(client, **WINDOW)
    event = CaseEvent.objects.filter(case=cases["fresh"]).first()
    event.pk, event.seq, event.note = None, 99, "另一进程写的公开说明"
    # bulk_create sends no signal: as when another process writes
    CaseEvent.objects.bulk_create([event])
    (item,) = as_json(get(client, service_request_id=cases["fresh"].number))
    assert item["status_notes"] == "另一进程写的公开说明"
    assert any(i["status_notes"] == "另一进程写的公开说明" for i in as_json(get(client, **WINDOW)))


def test_documents_expire_and_can_be_turned_off(cases, settings):  # noqa: F811
    built = []

    def build():
        built.append(1)
        return b"x"

    DOCUMENTS.get(("k",), build)
    DOCUMENTS.get(("k",), build)
    assert len(built) == 1
    settings.CIVICGRID_OPEN311_CACHE_SECONDS = 0.000001
    DOCUMENTS.get(("k",), build)
    assert len(built) == 2
    settings.CIVICGRID_OPEN311_CACHE_SECONDS = 0
    DOCUMENTS.get(("k",), build)
    DOCUMENTS.get(("k",), build)
    assert len(built) == 4


def test_the_oldest_documents_go_when_the_budget_is_spent(db):
    held = Documents(budget=10)
    held.get(("a",), lambda: b"aaaa")
    held.get(("b",), lambda: b"bbbb")
    held.get(("a",), lambda: b"AAAA")  # used again: now the newest
    held.get(("c",), lambda: b"cccc")  # 12 bytes > 10: "b" goes
    assert held.get(("a",), lambda: b"new") == b"aaaa"
    assert held.get(("b",), lambda: b"BBBB") == b"BBBB"
    assert held.get(("big",), lambda: b"x" * 11) == b"x" * 11  # larger than the budget: not kept
    assert held.get(("big",), lambda: b"y") == b"y"


def test_refusals_are_not_kept(client, cases):  # noqa: F811
    DOCUMENTS.forget()
    assert get(client, status="maybe").status_code == 400
    assert not DOCUMENTS._held
    get(client, status="open")
    assert len(DOCUMENTS._held) == 1
