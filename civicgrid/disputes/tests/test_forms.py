"""The dispute page's forms: a hostile value is refused with a message naming the field, and
nothing changes."""

import pytest
from django.contrib.messages import get_messages
from django.utils import translation

from civicgrid.disputes.forms import DisputeRecordForm, FollowUpForm, SessionForm
from civicgrid.disputes.models import Dispute, FollowUp, Session

from .test_disputes import dispute_case, record

pytestmark = pytest.mark.django_db


def told(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def label(form, field: str) -> str:
    with translation.override("zh-hans"):
        return str(form.base_fields[field].label)


RECORD = {
    "form": "record",
    "risk": "low",
    "complexity": "simple",
    "party_name": ["张三"],
    "party_role": ["applicant"],
    "party_phone": [""],
}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"risk": "<script>alert(1)</script>"}, "risk"),
        ({"complexity": "=cmd|' /C calc'!A0"}, "complexity"),
        ({"responsible_leader": "not-a-number"}, "responsible_leader"),
    ],
)
def test_a_record_with_a_hostile_value_is_refused_naming_the_field(
    client, loop, mediator, change, field
):
    case = dispute_case(loop)
    client.force_login(mediator)
    response = client.post(f"/disputes/{case.pk}/", {**RECORD, **change})
    assert response.status_code == 302
    assert any(m.startswith(label(DisputeRecordForm, field)) for m in told(response))
    assert not Dispute.objects.exists()


def test_a_party_too_long_or_unreachable_is_refused_naming_the_party(client, loop, mediator):
    case = dispute_case(loop)
    client.force_login(mediator)
    response = client.post(
        f"/disputes/{case.pk}/",
        {**RECORD, "party_name": ["张三", "李" * 101], "party_phone": ["", "123"],
         "party_role": ["applicant", "respondent"]},
    )  # fmt: skip
    with translation.override("zh-hans"):
        messages = told(response)
    assert len(messages) == 2 and all("2" in m for m in messages), messages
    assert not Dispute.objects.exists()


def test_a_session_and_a_follow_up_with_hostile_values_are_refused(client, loop, mediator):
    case = dispute_case(loop)
    record(loop, mediator, case)
    client.force_login(mediator)
    url = f"/disputes/{case.pk}/"
    response = client.post(
        url, {"form": "session", "held_at": "<b>now</b>", "minutes": "x", "outcome": "failed"}
    )
    assert any(m.startswith(label(SessionForm, "held_at")) for m in told(response))
    response = client.post(
        url, {"form": "session", "held_at": "2026-11-23T14:00", "minutes": "x", "outcome": "x" * 9}
    )
    assert any(m.startswith(label(SessionForm, "outcome")) for m in told(response))
    response = client.post(
        url, {"form": "follow_up", "visited_at": "2026-11-24T10:00", "satisfaction": 1e99}
    )
    assert any(m.startswith(label(FollowUpForm, "satisfaction")) for m in told(response))
    assert not Session.objects.exists() and not FollowUp.objects.exists()


def test_an_unknown_form_changes_nothing(client, loop, mediator):
    case = dispute_case(loop)
    client.force_login(mediator)
    for which in ("session", "<x>"):  # no session before the record; no such form
        response = client.post(f"/disputes/{case.pk}/", {**RECORD, "form": which})
        with translation.override("zh-hans"):
            assert set(told(response)) == {translation.gettext("Unknown form.")}
        assert not Dispute.objects.exists()
