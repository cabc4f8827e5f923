"""Several workers (the task sent after a commit, beat's retry, on two hosts) deliver the outbox
at once: each message is sent exactly once (PostgreSQL: rows are claimed, skipped when held)."""

import threading
import time

import pytest
from django.db import connection, connections

from civicgrid.notifications import delivery, services
from civicgrid.notifications.models import Outbox
from civicgrid.notifications.sms import SmsBackend

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
SENT: list[str] = []


class SlowGateway(SmsBackend):
    """A gateway that takes a moment, so that the two workers overlap."""

    name = "slow"

    def send(self, phone, text):
        SENT.append(text)
        time.sleep(0.3)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks: PostgreSQL")
def test_two_workers_at_once_send_each_message_once(settings, monkeypatch):
    settings.CIVICGRID_SMS_BACKEND = f"{__name__}.SlowGateway"
    SENT.clear()
    # the task each message sends itself after its commit waits on the broker: the two workers
    # below are what takes the messages
    monkeypatch.setattr(services.deliver, "delay", lambda ids: None)
    ids = [services.send_sms("13812345678", f"通知 {n}").pk for n in range(4)]
    counts, errors = [], []

    def worker():
        try:
            counts.append(delivery.deliver_outbox(ids))
        except Exception as exc:
            errors.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(SENT) == [f"通知 {n}" for n in range(4)]  # each once, none twice
    assert sum(c["sent"] for c in counts) == 4
    assert set(Outbox.objects.values_list("status", flat=True)) == {"sent"}
    assert delivery.retry_queued() == {"sent": 0, "failed": 0}  # nothing left to send again
