"""Rewards and accountability on results (DOMAIN.md §18), with known answers: a decision rests on
a figure in a period (its value kept) or a final assessment, is taken by who oversees the subject,
carries money only as a reward or when held to account, and is seen by its overseers and the side
it concerns; the page and the API in scope (200) and out of it (404)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from civicgrid.accounts.tests.factories import bearer
from civicgrid.cases.tests.fixtures import MONDAY, walk
from civicgrid.cases.tests.test_loop import report
from civicgrid.evaluation import consequences
from civicgrid.workforce.tests.fixtures import refused

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _decide(loop, **more):
    values = {"actor": loop.leader, "kind": "reward", "reason": "按期处置率全区第一",
              "decided_on": TODAY, "unit": loop.department, "indicator": "dispatched",
              "period": "2026-11", "amount": Decimal("5000")}  # fmt: skip
    values.update(more)
    return consequences.decide(**values)


def test_a_reward_rests_on_a_figure_kept_as_it_stood(loop):
    walk(report(loop), loop, until="dispatch", now=MONDAY)  # the department had one case
    made = _decide(loop)
    assert made.value == Decimal("1.00") and made.amount == Decimal("5000")
    refused("unit", _decide, loop, unit=None)  # no subject
    refused("unit", _decide, loop, area=loop.tree.street)  # both
    refused("unit", _decide, loop, actor=loop.supervisor)  # does not oversee it
    refused("amount", _decide, loop, kind="warning")  # a warning carries no money
    refused("period", _decide, loop, period="")
    refused("period", _decide, loop, period="last year")
    refused("indicator", _decide, loop, indicator="closing_rate")  # an area's figure
    refused("indicator", _decide, loop, indicator="")  # nothing to rest on
    refused("decided_on", _decide, loop, decided_on=TODAY + dt.timedelta(days=1))
    warned = _decide(loop, kind="accountability", amount=Decimal(0), indicator="rework",
                     reason="返工率偏高")  # fmt: skip
    assert warned.value == Decimal("0.00")
    # seen by the overseers and the unit's own people, not by another department's
    assert set(consequences.seen(loop.leader)) == {made, warned}
    assert set(consequences.seen(loop.handler)) == {made, warned}
    assert not consequences.seen(loop.other_handler).exists()


def test_the_page_and_the_api_in_scope(client, loop):
    walk(report(loop), loop, until="dispatch", now=MONDAY)
    client.force_login(loop.leader)
    page = client.get(reverse("evaluation:consequences"))
    assert page.status_code == 200 and 'name="indicator"' in page.content.decode()
    res = client.post(reverse("evaluation:consequences"), {
        "action": "decide", "unit": loop.department.pk, "kind": "reward", "indicator": "dispatched",
        "period": "2026-11", "amount": "800", "reason": "<b>及时</b>", "decided_on": TODAY})  # fmt: skip
    assert res.status_code == 302
    body = client.get(reverse("evaluation:consequences")).content.decode()
    assert "&lt;b&gt;及时" in body and "800" in body
    client.force_login(loop.other_handler)  # sees none, oversees nothing
    assert client.get(reverse("evaluation:consequences")).status_code == 404
    client.logout()
    got = client.get("/api/v1/consequences", **bearer(loop.handler)).json()
    assert [c["amount"] for c in got] == ["800.00"] and got[0]["unit"] == loop.department.code
    assert client.get("/api/v1/consequences", **bearer(loop.other_handler)).json() == []
    res = client.post("/api/v1/consequences", {"unit": loop.department.code, "kind": "reminder",
                      "indicator": "dispatched", "period": "2026-11", "amount": "10",
                      "reason": "x", "decided_on": TODAY.isoformat()},
                      content_type="application/json", **bearer(loop.leader))  # fmt: skip
    assert res.status_code == 400 and res.json()["field"] == "amount"
    res = client.post("/api/v1/consequences", {"unit": loop.department.code, "kind": "reminder",
                      "indicator": "dispatched", "period": "2026-11", "reason": "请关注",
                      "decided_on": TODAY.isoformat()},
                      content_type="application/json", **bearer(loop.other_handler))  # fmt: skip
    assert res.status_code == 400 and res.json()["field"] == "unit"
