"""Each member of staff lands on what they must do now, every figure a link to its list."""

import datetime as dt

import pytest
from django.urls import reverse

from civicgrid.accounts.choices import Role
from civicgrid.cases.models import Case
from civicgrid.cases.selectors import CaseFilters, case_list
from civicgrid.cases.services import case_transition
from civicgrid.cases.tests.fixtures import MONDAY, walk
from civicgrid.cases.tests.test_views import seeded
from civicgrid.web.workbench import urgent, workbench

pytestmark = pytest.mark.django_db


def figures(user, now=MONDAY):
    """Counts by the list each figure opens."""
    bench = workbench(user, now=now)
    return {f.url: f.count for f in bench["queues"] + bench["attention"]}


def test_each_role_sees_its_queue(loop):
    seeded(loop)  # one reported case in the first grid
    assert figures(loop.operator)["/cases/?queue=operator"] == 1
    assert figures(loop.shift_lead)["/cases/?queue=shift_lead"] == 1
    assert figures(loop.dispatcher)["/cases/?queue=dispatcher"] == 0
    # a resident works on no case: no workbench at all
    assert workbench(loop.resident) is None


def test_cards_due_today_returns_and_requests(loop):
    case = walk(seeded(loop), loop, until="sign")
    later = MONDAY + dt.timedelta(hours=1)
    case_transition(
        case_id=case.pk,
        action="request_extension",
        actor=loop.handler,
        data={"hours": 4},
        note="材料未到",
        now=later,
    )
    other = walk(seeded(loop), loop, until="dispatch")
    case_transition(
        case_id=other.pk, action="return", actor=loop.handler, note="非我局职责", now=later
    )
    seen = figures(loop.dispatcher, now=later)
    assert seen["/cases/returns/"] == 1
    bench = workbench(loop.dispatcher, now=later)
    approvals = next(f for f in bench["attention"] if f.tone == "primary")
    assert (approvals.count, approvals.url) == (1, "/cases/?queue=dispatcher")
    # the count and the list it opens agree
    listed = case_list(user=loop.dispatcher, filters=CaseFilters(due="today"), now=later)
    assert seen["/cases/?due=today"] == listed.count() >= 1
    assert figures(loop.dispatcher, now=later + dt.timedelta(days=60))["/cases/?card=red"] >= 1
    # a handler decides nothing: no approvals figure
    assert not any(f.tone == "primary" for f in workbench(loop.handler, now=later)["attention"])


def test_the_next_cases_carry_the_badge_of_the_clock_they_run_against(loop):
    case = walk(seeded(loop), loop, until="sign")

    def tone(now):
        (shown,) = urgent(loop.handler, Role.HANDLER, now=now)
        return shown.tone

    case.refresh_from_db()
    assert tone(MONDAY) == "ok"
    assert tone(case.red_at) == "red"
    assert tone(case.due_at + dt.timedelta(minutes=1)) == "over"
    # a suspended case's clock stands still: no badge, as on the phone and the case list
    Case.objects.filter(pk=case.pk).update(suspended_at=MONDAY)
    assert tone(case.due_at + dt.timedelta(minutes=1)) == ""


def test_the_home_page_shows_it_and_refreshes_it(client, loop):
    seeded(loop)
    client.force_login(loop.operator)
    page = client.get(reverse("home")).content.decode()
    assert 'id="workbench"' in page and 'hx-trigger="every 60s"' in page
    assert "/cases/?queue=operator" in page
    part = client.get(reverse("workbench"))
    assert part.status_code == 200 and part.content.decode().startswith('<section id="workbench"')
    client.force_login(loop.resident)
    assert 'id="workbench"' not in client.get(reverse("home")).content.decode()
    assert client.get(reverse("workbench")).status_code == 404  # not the staff application


def test_due_today_filter_on_the_case_list(client, loop):
    client.force_login(loop.dispatcher)
    response = client.get(reverse("cases:list"), {"due": "today"})
    assert response.status_code == 200 and 'name="due" value="today"' in response.content.decode()


def test_queues_and_the_inbox_refresh_themselves(client, loop):
    seeded(loop)
    client.force_login(loop.operator)
    page = client.get(reverse("cases:list"), {"queue": "operator"}).content.decode()
    assert 'id="case-rows" hx-get="/cases/?queue=operator" hx-trigger="every 30s' in page
    # a deeper page stays still while it is read
    deeper = client.get(reverse("cases:list"), {"after": "999999"}).content.decode()
    assert 'id="case-rows">' in deeper
    link = client.get(reverse("inbox_link")).content.decode()
    assert (
        link.startswith('<a class="nav-link" id="nav-inbox"') and 'hx-trigger="every 60s"' in link
    )
