"""Outbox delivery: a gateway failure keeps the message for a retry, then marks it failed."""

import pytest
from django.core import mail

from civicgrid.accounts.services import user_create
from civicgrid.notifications import delivery, services
from civicgrid.notifications.models import Outbox
from civicgrid.notifications.sms import SmsBackend

pytestmark = pytest.mark.django_db


class BrokenGateway(SmsBackend):
    name = "broken"

    def send(self, phone, text):
        raise ConnectionError("gateway down")


def test_gateway_failure_is_retried_then_failed(settings, django_capture_on_commit_callbacks):
    settings.CIVICGRID_SMS_BACKEND = "civicgrid.notifications.tests.test_services.BrokenGateway"
    settings.CIVICGRID_OUTBOX_MAX_ATTEMPTS = 2
    with django_capture_on_commit_callbacks(execute=False):
        message = services.send_sms("13812345678", "你好")
    assert delivery.deliver_outbox([message.pk]) == {"sent": 0, "failed": 1}
    message.refresh_from_db()
    assert message.status == "queued" and "gateway down" in message.error
    delivery.retry_queued()
    message.refresh_from_db()
    assert message.status == "failed" and message.attempts == 2


def test_email_goes_through_django_mail(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.send_email("wang@example.com", "案件进展", "您的案件已结案。")
    assert mail.outbox[0].to == ["wang@example.com"]
    assert Outbox.objects.get().status == "sent"


def test_inbox_api(client):
    user = user_create(username="u1", password="pw-for-tests-123")
    other = user_create(username="u2", password="pw-for-tests-123")
    services.notify([user, user, other], kind="status", title="标题")
    client.force_login(user)
    body = client.get("/api/v1/inbox").json()
    assert len(body["items"]) == 1 and body["items"][0]["read_at"] is None
    assert client.post("/api/v1/inbox/read", {}, content_type="application/json").json() == {
        "marked": 1
    }
    assert client.get("/api/v1/inbox", {"unread": True}).json()["items"] == []


def test_a_title_too_long_for_the_inbox_is_cut_visibly():
    user = user_create(username="u1", password="pw-for-tests-123")
    (note,) = services.notify([user], kind="status", title="长" * 250)
    assert len(note.title) == 200 and note.title.endswith("长…")
    assert services.notify([user], kind="status", title="短")[0].title == "短"
