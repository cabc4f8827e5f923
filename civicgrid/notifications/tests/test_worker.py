"""Delivery through a real Celery worker and the local Redis broker (as in production)."""

import socket
import time

import pytest
from celery import Celery
from celery.contrib.testing.worker import start_worker

import civicgrid.notifications.tasks  # noqa: F401  (registers the shared tasks)
from civicgrid.notifications import services
from civicgrid.notifications.models import Outbox

REDIS = ("127.0.0.1", 6379)


def _redis_up() -> bool:
    try:
        socket.create_connection(REDIS, timeout=1).close()
        return True
    except OSError:
        return False


pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not _redis_up(), reason="needs the local Redis on 127.0.0.1:6379"),
]


@pytest.fixture
def redis_app():
    """A fresh app configured like production (settings, then a Redis broker, not eager)."""
    worker_app = Celery("civicgrid-test", set_as_current=False)
    worker_app.config_from_object("django.conf:settings", namespace="CELERY")
    worker_app.conf.update(broker_url="redis://127.0.0.1:6379/14", task_always_eager=False)
    worker_app.autodiscover_tasks(force=True)
    return worker_app


def test_a_real_worker_delivers_the_outbox(redis_app):
    deliver = redis_app.tasks["notifications.deliver"]
    message = Outbox.objects.create(
        channel="sms",
        to_enc=services.pii.encrypt("13812345678"),
        to_masked="138****5678",
        body="测试",
    )
    with start_worker(redis_app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
        deliver.delay([message.pk])
        # On SQLite the test and the worker share one in-memory database, and a poll can meet
        # the worker's write and lock it out; the task then retries (after about 30 s) and its
        # whole first attempt is rolled back. Poll gently and wait long enough for one retry.
        deadline = time.monotonic() + 75
        while time.monotonic() < deadline:
            message.refresh_from_db()
            if message.status != "queued":
                break
            time.sleep(0.5)
    assert message.status == "sent" and message.attempts == 1
