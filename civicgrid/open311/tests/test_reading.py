"""Reading service requests: filters, limits, extensions, and nothing personal in public."""

import datetime as dt

import pytest

from civicgrid.cases.models import Case
from civicgrid.cases.services import Report, case_report
from civicgrid.cases.tests.fixtures import MONDAY, walk

from .test_services import as_json, xml

pytestmark = pytest.mark.django_db


def report(loop, code="06010", answers=None, description="楼下垃圾", days_ago=0):
    return case_report(
        actor=loop.operator,
        report=Report(
            case_class=code,
            answers=answers if answers is not None else {"volume": "small"},
            lon=121.41,
            lat=31.12,
            address="示范路 1 号",
            description=description,
            reporter_name="王大妈",
            reporter_phone="13812345678",
        ),
        now=MONDAY - dt.timedelta(days=days_ago),
    )


@pytest.fixture
def cases(loop):
    fresh = report(loop, description="垃圾堆在门口，我身份证 31010119900101123X，电话 13812345678")
    done = walk(report(loop), loop, close_note="已清运，联系人电话 13900001111")
    old = report(loop, days_ago=120)
    appeal = report(loop, code="AP001", answers={}, description="咨询低保政策，我家住 3 楼")
    return {"fresh": fresh, "done": done, "old": old, "appeal": appeal}


def get(client, fmt="json", **params):
    return client.get(f"/open311/v2/requests.{fmt}", params)


def test_the_last_90_days_newest_first_without_personal_data(client, cases):
    response = get(client, start_date="2026-11-01T00:00:00+08:00")
    items = as_json(response)
    numbers = [i["service_request_id"] for i in items]
    assert set(numbers) == {cases[k].number for k in ("fresh", "done", "appeal")}
    body = response.content.decode()
    assert "王大妈" not in body and "13812345678" not in body and "31010119900101123X" not in body
    fresh = next(i for i in items if i["service_request_id"] == cases["fresh"].number)
    assert "138****5678" in fresh["description"] and "310101********123X" in fresh["description"]
    assert fresh["status"] == "open" and fresh["service_code"] == "06010"
    assert fresh["requested_datetime"].endswith("+08:00") and fresh["lat"] == 31.12
    done = next(i for i in items if i["service_request_id"] == cases["done"].number)
    assert done["status"] == "closed" and done["agency_responsible"]
    assert done["status_notes"] == "已清运，联系人电话 139****1111"
    # an appeal: followed, but what it says and where stay private
    appeal = next(i for i in items if i["service_request_id"] == cases["appeal"].number)
    assert appeal["description"] is None and appeal["address"] is None and appeal["lat"] is None


def test_xml_parses_the_way_clients_parse_it(client, cases):
    doc = xml(get(client, fmt="xml", service_request_id=cases["done"].number))
    (request,) = doc["service_requests"]["request"]
    assert request["status"] == "closed" and request["zipcode"] is None


def test_filters(client, cases):
    def numbers(**params):
        return {i["service_request_id"] for i in as_json(get(client, **params))}

    assert numbers(status="closed") == {cases["done"].number}
    assert numbers(status="open,closed") == numbers()
    assert numbers(service_code="AP001") == {cases["appeal"].number}
    assert numbers(service_code="ap001,06010") == numbers()
    # the old case is outside the default 90 days, but an explicit window finds it
    assert cases["old"].number not in numbers()
    start = (MONDAY - dt.timedelta(days=121)).isoformat()
    assert numbers(start_date=start, end_date=(MONDAY - dt.timedelta(days=100)).isoformat()) == {
        cases["old"].number
    }
    # service_request_id overrides everything else
    both = f"{cases['old'].number}, {cases['fresh'].number}"
    assert numbers(service_request_id=both, status="closed") == {
        cases["old"].number,
        cases["fresh"].number,
    }
    assert numbers(service_request_id="SQ00000000000000") == set()


def test_paging_and_updated_window(client, cases):
    first = as_json(get(client, page_size="2"))
    second = as_json(get(client, page_size="2", page="2"))
    assert len(first) == 2 and len(second) == 1
    assert {i["service_request_id"] for i in first + second} == {
        cases[k].number for k in ("fresh", "done", "appeal")
    }
    later = (Case.objects.get(pk=cases["done"].pk).updated_at + dt.timedelta(seconds=1)).isoformat()
    assert cases["done"].number not in {
        i["service_request_id"] for i in as_json(get(client, updated_after=later))
    }


def test_extensions_add_the_public_history(client, cases):
    (done,) = as_json(get(client, service_request_id=cases["done"].number, extensions="true"))
    actions = [n["action"] for n in done["notes"]]
    assert actions[0] == "report" and actions[-1] == "close"
    assert done["notes"][-1]["description"] == "已清运，联系人电话 139****1111"
    (single,) = as_json(
        client.get(f"/open311/v2/requests/{cases['done'].number}.json", {"extensions": "true"})
    )
    assert single["notes"] == done["notes"]
    (plain,) = as_json(client.get(f"/open311/v2/requests/{cases['done'].number.lower()}.json"))
    assert "notes" not in plain


def test_bad_arguments_are_all_reported(client, cases):
    response = get(client, fmt="xml", start_date="yesterday", status="pending", page_size="5000")
    assert response.status_code == 400
    errors = xml(response)["errors"]["error"]
    text = " ".join(e["description"] for e in errors)
    assert len(errors) == 3 and "start_date" in text and "status" in text and "page_size" in text
    wide = get(client, start_date="2026-01-01T00:00:00Z", end_date="2026-11-01T00:00:00Z")
    assert wide.status_code == 400 and "90" in as_json(wide)[0]["description"]
    naive = get(client, start_date="2026-11-01T00:00:00")
    assert naive.status_code == 400
    assert client.get("/open311/v2/requests/SQ00000000000000.xml").status_code == 404


def test_request_updates_for_fixmystreet(client, cases):
    response = client.get(
        "/open311/v2/servicerequestupdates.xml", {"start_date": "2026-11-01T00:00:00+08:00"}
    )
    updates = xml(response)["service_requests_updates"]["request_update"]
    done = [u for u in updates if u["service_request_id"] == cases["done"].number]
    assert [u["status"] for u in done][-1] == "closed"
    assert done[-1]["description"] == "已清运，联系人电话 139****1111"
    assert all(u["update_id"].isdigit() for u in updates)
    data = as_json(client.get("/open311/v2/servicerequestupdates.json", {"page_size": "1"}))
    assert len(data) == 1 and set(data[0]) == {
        "update_id",
        "service_request_id",
        "status",
        "updated_datetime",
        "description",
        "media_url",
    }
    bad = client.get("/open311/v2/servicerequestupdates.json", {"start_date": "soon"})
    assert bad.status_code == 400


def test_an_appeals_notes_stay_private_even_with_the_history(client, cases, loop):
    """Decision 0007: an appeal is published as status, class, dates and the lead unit only —
    neither its latest public note nor the notes of its public history."""
    appeal = walk(cases["appeal"], loop, close_note="已电话答复王大妈，她住示范路 1 号 3 楼")
    (item,) = as_json(get(client, service_request_id=appeal.number, extensions="true"))
    assert item["status"] == "closed" and item["status_notes"] is None
    assert item["notes"] and all(n["description"] is None for n in item["notes"])
    (matter,) = as_json(get(client, service_request_id=cases["done"].number, extensions="true"))
    assert matter["status_notes"] == "已清运，联系人电话 139****1111"
