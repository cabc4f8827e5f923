"""Dispatchers dispatch and leaders supervise many cases of their queue at once."""

import pytest
from django.urls import reverse

from civicgrid.cases.models import Case
from civicgrid.cases.tests.fixtures import walk

from .test_views import seeded

pytestmark = pytest.mark.django_db


def registered(loop):
    return walk(seeded(loop), loop, until="register")


def test_dispatch_the_ticked_cases_to_their_suggestions(client, loop):
    a, b, stale = registered(loop), registered(loop), registered(loop)
    client.force_login(loop.dispatcher)
    page = client.get(reverse("cases:list"), {"queue": "dispatcher"}).content.decode()
    assert f'name="ids" value="{a.pk}"' in page and 'action="/cases/bulk/dispatch"' in page
    response = client.post(
        reverse("cases:bulk", args=["dispatch"]),
        {
            "ids": [a.pk, b.pk, stale.pk],
            f"version-{a.pk}": a.version,
            f"version-{b.pk}": b.version,
            f"version-{stale.pk}": stale.version - 1,  # someone changed it meanwhile
            "next": "/cases/?queue=dispatcher",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/cases/?queue=dispatcher"
    states = dict(Case.objects.values_list("pk", "state"))
    assert states[a.pk] == states[b.pk] == "dispatched" and states[stale.pk] == "registered"
    assert Case.objects.get(pk=a.pk).lead_unit == loop.department  # the suggestion
    shown = [str(m) for m in response.context["messages"]]
    assert any(stale.number in m for m in shown) and any("2" in m for m in shown)


def test_supervise_the_ticked_cases_with_one_instruction(client, loop):
    a, b = registered(loop), registered(loop)
    client.force_login(loop.leader)
    client.post(
        reverse("cases:bulk", args=["supervise"]), {"ids": [a.pk, b.pk], "note": "今天办结"}
    )
    assert Case.objects.filter(supervised_at__isnull=False).count() == 2
    assert set(
        Case.objects.get(pk=a.pk).events.filter(action="supervise").values_list("note", flat=True)
    ) == {"今天办结"}


def test_only_what_the_role_may_do_and_sees(client, loop):
    case = registered(loop)
    client.force_login(loop.outsider)  # another street's grid worker
    client.post(reverse("cases:bulk", args=["dispatch"]), {"ids": [case.pk]})
    assert Case.objects.get(pk=case.pk).state == "registered"
    assert client.post(reverse("cases:bulk", args=["void"]), {"ids": [case.pk]}).status_code == 404
    client.force_login(loop.operator)  # sees the case, may not dispatch
    client.post(reverse("cases:bulk", args=["dispatch"]), {"ids": [case.pk]})
    assert Case.objects.get(pk=case.pk).state == "registered"
    page = client.get(reverse("cases:list"), {"queue": "operator"}).content.decode()
    assert 'name="ids"' not in page
