"""The duty-list and admission API: read the lists (anyone logged in), import a version (the
district's administrators), apply, decide and withdraw — in scope or 404, bad input named."""

import io

import pytest
from django.utils import timezone

from civicgrid.accounts.models import User
from civicgrid.accounts.tests.factories import bearer
from civicgrid.burden.admission import add_working_days
from civicgrid.duties.tests.test_lists import xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def root():
    return User.objects.create_superuser("root", password="pw-for-tests-123")


def test_lists_read_and_import(client, loop, root):
    url = "/api/v1/duty-lists/urban/assisting"
    upload = io.BytesIO(
        xlsx([["A-01", "协助征兵宣传", "《兵役法》", loop.department.code, 4, 2, 1, 3000, ""]])
    )
    upload.name = "assisting.xlsx"
    denied = client.post(
        url, {"effective_from": "2026-01-01", "file": upload}, **bearer(loop.leader)
    )
    assert denied.status_code == 404
    upload.seek(0)
    done = client.post(url, {"effective_from": "2026-01-01", "file": upload}, **bearer(root))
    assert done.status_code == 200 and done.json()["list"]["items"][0]["code"] == "A-01"
    bad = io.BytesIO(xlsx([["", "无编号", "", "", "", "", "", "", ""]]))
    bad.name = "bad.xlsx"
    refused = client.post(url, {"effective_from": "2026-02-01", "file": bad}, **bearer(root))
    assert refused.status_code == 400 and refused.json()["errors"][0]["row"] == 2
    lists = client.get("/api/v1/duty-lists", {"on": "2026-06-01"}, **bearer(loop.resident)).json()
    assisting = next(x for x in lists if x["kind"] == "urban" and x["list_type"] == "assisting")
    assert assisting["version"] == 1 and assisting["items"][0]["department"] == loop.department.code


def test_applications(client, loop, root):
    starts = add_working_days(timezone.localdate(), 40).isoformat()
    body = {
        "department": loop.department.code,
        "list_type": "assisting",
        "kinds": ["urban"],
        "title": "协助开展燃气安全宣传",
        "reason": "入冬前",
        "basis": "《城镇燃气管理条例》",
        "funding_per_year": "3000",
        "starts_on": starts,
    }
    made = client.post(
        "/api/v1/admission-applications",
        body,
        content_type="application/json",
        **bearer(loop.handler),
    )
    assert made.status_code == 201 and made.json()["status"] == "applied"
    pk = made.json()["id"]
    wrong = client.post(
        "/api/v1/admission-applications", {**body, "kinds": ["town"]}, content_type="application/json",
        **bearer(loop.handler),
    )  # fmt: skip
    assert wrong.status_code == 400 and wrong.json()["field"] == "kinds"
    assert client.get("/api/v1/admission-applications", **bearer(loop.other_handler)).json() == []
    assert (
        client.post(
            f"/api/v1/admission-applications/{pk}/decision", {"admit": True, "reasons": "x"},
            content_type="application/json", **bearer(loop.other_handler),
        ).status_code
        == 404
    )  # fmt: skip
    decided = client.post(
        f"/api/v1/admission-applications/{pk}/decision", {"admit": True, "reasons": "同意"},
        content_type="application/json", **bearer(root),
    ).json()  # fmt: skip
    assert decided["status"] == "admitted" and decided["item_code"] == "A-01"
    withdrawn = client.post(
        f"/api/v1/admission-applications/{pk}/withdrawal", {"note": "活动结束"},
        content_type="application/json", **bearer(loop.handler),
    ).json()  # fmt: skip
    assert [s["action"] for s in withdrawn["steps"]] == ["applied", "admitted", "withdrawn"]
