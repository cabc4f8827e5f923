"""Recurring tasks pushed to communities: reach those whose lists admit them, refused — and the
refusal recorded with the rule cited — where they rest on no admitted item or on the negative
list; one community judged apart from another."""

import datetime as dt

import pytest
from django.urls import reverse

from civicgrid.accounts.choices import Role
from civicgrid.accounts.tests.factories import bearer, user_with_role
from civicgrid.burden.models import Refusal
from civicgrid.burden.tasks import task_push
from civicgrid.core.errors import DomainError
from civicgrid.duties.models import CommunityKind
from civicgrid.duties.services import version_save

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 3, 1)


def lists(loop):
    urban = CommunityKind.objects.get(code="urban")
    version_save(kind=urban, list_type="assisting", effective_from=dt.date(2026, 1, 1),
                 items=[{"code": "A-01", "title": "协助低保核查", "department": loop.department,
                         "funding_per_year": 20000}])  # fmt: skip
    version_save(kind=urban, list_type="statutory", effective_from=dt.date(2026, 1, 1),
                 items=[{"code": "S-01", "title": "居民自治"}])  # fmt: skip
    version_save(kind=urban, list_type="negative", effective_from=dt.date(2026, 1, 1),
                 items=[{"code": "N-01", "title": "不得要求社区开具无法核实的证明"}])  # fmt: skip


def go(loop, code, communities=None, actor=None, **kw):
    return task_push(
        actor=actor or loop.handler,
        department=kw.pop("department", loop.department),
        communities=communities or [loop.tree.community],
        kind="report",
        title="低保月报",
        item_code=code,
        every="month",
        first_due=kw.pop("first_due", DAY),
        hours=2,
    )


def test_admitted_items_reach_the_communities(loop):
    lists(loop)
    done = go(loop, "A-01", [loop.tree.community, loop.tree.other_community])
    assert [t.community for t in done.tasks] == [loop.tree.community, loop.tree.other_community]
    assert done.refused == [] and go(loop, "S-01").tasks  # a statutory duty too


def test_refused_with_the_rule_cited_and_recorded(loop):
    lists(loop)
    for code, words in (("X-99", "准入"), ("N-01", "N-01"), ("A-01", "A-01")):
        department = loop.other_department if code == "A-01" else loop.department
        actor = loop.other_handler if code == "A-01" else loop.handler
        done = go(loop, code, actor=actor, department=department)
        assert done.tasks == [] and len(done.refused) == 1
        assert words in done.refused[0].rule  # another department's item is not theirs
    assert Refusal.objects.count() == 3
    before = go(loop, "A-01", first_due=dt.date(2025, 12, 1))  # before the list was in force
    assert before.refused and not before.tasks


def test_one_community_apart_from_another(loop):
    lists(loop)
    village = CommunityKind.objects.get(code="village")
    village.areas.add(loop.tree.other_community)  # villages have no lists yet
    done = go(loop, "A-01", [loop.tree.community, loop.tree.other_community])
    assert [t.community for t in done.tasks] == [loop.tree.community]
    assert [r.community for r in done.refused] == [loop.tree.other_community]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"item_code": ""}, "item_code"),
        ({"communities": "grid"}, "communities"),
        ({"actor": "other"}, "department"),
    ],
)
def test_bad_input_is_named(loop, change, field):
    kw = {"actor": loop.handler, "department": loop.department, "communities": [loop.tree.community],
          "kind": "report", "title": "月报", "item_code": "A-01", "every": "month", "first_due": DAY}  # fmt: skip
    if change.get("communities") == "grid":
        kw["communities"] = [loop.tree.grid1]
    elif change.get("actor") == "other":
        kw["actor"] = loop.other_handler
    else:
        kw.update(change)
    with pytest.raises(DomainError) as caught:
        task_push(**kw)
    assert caught.value.field == field


def test_the_api(client, loop):
    lists(loop)
    body = {
        "department": loop.department.code,
        "communities": [loop.tree.community.code, loop.tree.other_community.code],
        "kind": "report",
        "title": "低保月报",
        "item_code": "A-01",
        "every": "month",
        "first_due": "2026-03-01",
    }
    done = client.post(
        "/api/v1/community-tasks", body, content_type="application/json", **bearer(loop.handler)
    )
    assert done.status_code == 201 and len(done.json()["tasks"]) == 2
    refused = client.post(
        "/api/v1/community-tasks", {**body, "item_code": "N-01"}, content_type="application/json",
        **bearer(loop.handler),
    )  # fmt: skip
    assert refused.status_code == 409 and "N-01" in refused.json()["refused"][0]["rule"]
    unknown = client.post(
        "/api/v1/community-tasks", {**body, "communities": ["nowhere"]}, content_type="application/json",
        **bearer(loop.handler),
    )  # fmt: skip
    assert unknown.status_code == 400 and unknown.json()["field"] == "communities.0"
    # a community's people see theirs only; another department sees nothing of it
    staff = user_with_role("committee-staff", loop.tree.community, Role.GRID_LEADER)
    seen = client.get("/api/v1/community-tasks", **bearer(staff)).json()
    assert {t["community"] for t in seen["tasks"]} == {loop.tree.community.code}
    assert {r["community"] for r in seen["refused"]} == {loop.tree.community.code}
    other = client.get("/api/v1/community-tasks", **bearer(loop.other_handler)).json()
    assert other == {"tasks": [], "refused": []}


def test_the_page(client, loop):
    lists(loop)
    client.force_login(loop.handler)
    url = reverse("duties:tasks")
    assert client.get(url).status_code == 200
    form = {
        "department": loop.department.pk,
        "kind": "report",
        "every": "month",
        "title": "低保月报",
        "first_due": "2026-03-01",
        "communities": [loop.tree.community.pk],
    }
    client.post(url, {**form, "item_code": "A-01"})
    client.post(url, {**form, "item_code": "N-01"})
    page = client.get(url).content.decode()
    assert "低保月报" in page and "N-01" in page
    staff = user_with_role("committee-staff", loop.tree.community, Role.GRID_LEADER)
    client.force_login(staff)
    assert "低保月报" in client.get(url).content.decode()
    client.force_login(loop.resident)
    assert client.get(url).status_code == 404
