"""The case page's forms are made from the actions' schemas: a refused value is told naming the
field by its label and changes nothing; the queue's form refuses what it cannot take."""

import pytest
from django.urls import reverse
from django.utils import translation

from civicgrid.cases import actions
from civicgrid.cases.forms import action_form, page_fields
from civicgrid.cases.models import Case

from .fixtures import walk
from .test_views import seeded

pytestmark = pytest.mark.django_db


def told(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_each_form_asks_for_its_schema_and_nothing_else():
    for action, schema in actions.SCHEMAS.items():
        form = action_form(action)()
        assert set(form.fields) == {*actions.asked(schema), "note", "version", "photos"}
        assert form.fields["note"].required == (schema.needs_note is not None)
    assert page_fields("verify") == ["lon", "lat", "confirmed", "photos"]
    assert page_fields("sign") == []


def test_a_formula_for_the_hours_is_refused_naming_the_field(client, loop):
    case = walk(seeded(loop), loop, until="sign")
    client.force_login(loop.handler)
    with translation.override("zh-hans"):
        response = client.post(
            f"/cases/{case.pk}/act/request_extension",
            {"hours": "=SUM(A1:A9)", "note": "材料未到"},
            follow=True,
        )
    assert told(response) == ["所需工作时数: 请填写所需工作时数。"]
    assert Case.objects.get(pk=case.pk).version == case.version
    assert not case.requests.exists()


def test_a_huge_note_and_html_in_a_number_are_refused(client, loop):
    case = seeded(loop)
    client.force_login(loop.shift_lead)
    response = client.post(f"/cases/{case.pk}/act/void", {"note": "x" * 4001}, follow=True)
    assert len(told(response)) == 1 and Case.objects.get(pk=case.pk).state == "reported"
    response = client.post(
        f"/cases/{case.pk}/act/register", {"priority": "<b>urgent</b>"}, follow=True
    )
    assert told(response) and Case.objects.get(pk=case.pk).state == "reported"
    response = client.post(f"/cases/{case.pk}/act/void", {"note": "重复报告"}, follow=True)
    assert Case.objects.get(pk=case.pk).state == "voided"


def test_the_note_an_action_needs_is_asked_for_in_its_words(client, loop):
    case = seeded(loop)
    client.force_login(loop.shift_lead)
    response = client.post(f"/cases/{case.pk}/act/void", {"note": " "}, follow=True)
    (message,) = told(response)
    assert message.endswith(str(actions.Void.needs_note))


def test_the_queue_refuses_what_it_cannot_take(client, loop):
    case = walk(seeded(loop), loop, until="register")
    client.force_login(loop.dispatcher)
    bulk = reverse("cases:bulk", args=["dispatch"])
    response = client.post(bulk, {"ids": [case.pk, "1; DROP TABLE"]}, follow=True)
    assert len(told(response)) == 1
    response = client.post(bulk, {"ids": list(range(1, 103))}, follow=True)
    assert any("100" in m for m in told(response))
    response = client.post(bulk, {}, follow=True)
    assert len(told(response)) == 1
    assert Case.objects.get(pk=case.pk).state == "registered"
