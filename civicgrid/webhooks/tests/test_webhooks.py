"""Webhooks: what cases announce after commit, forwarded by ``send_due`` (which beat and the
scheduler run every few seconds) as signed deliveries to a loopback receiver; retries with
backoff, pausing, and the events of the case loop."""

import datetime as dt
import http.server
import json
import threading

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from civicgrid.accounts import services as accounts
from civicgrid.accounts.choices import Role
from civicgrid.cases.models import Case
from civicgrid.cases.services import case_transition
from civicgrid.cases.services.sweep import sweep
from civicgrid.cases.tests.fixtures import MONDAY
from civicgrid.cases.tests.test_views import seeded
from civicgrid.notifications.models import Announcement, AnnouncementTopic
from civicgrid.webhooks import services
from civicgrid.webhooks.models import Delivery, Subscription

pytestmark = pytest.mark.django_db


class Receiver:
    """An HTTP server on 127.0.0.1 that records what it gets and answers the queued codes."""

    def __init__(self):
        self.received = []
        self.codes = []
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                outer.received.append((dict(self.headers), body))
                self.send_response(outer.codes.pop(0) if outer.codes else 204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    r = Receiver()
    yield r
    r.close()


@pytest.fixture
def subscriber(receiver):
    sub, secret = services.subscription_create(
        name="区城运平台",
        url=receiver.url,
        events=["case.created", "case.state_changed", "case.overdue"],
    )
    sub.plain_secret = secret
    return sub


def test_a_report_is_delivered_signed_after_commit(
    loop, subscriber, receiver, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case = seeded(loop)
    # committed and announced; the scheduler's next turn sends it
    assert receiver.received == [] and Announcement.objects.count() == 1
    assert services.send_due()["sent"] == 1
    assert not Announcement.objects.exists()
    ((headers, body),) = receiver.received
    payload = json.loads(body)
    assert payload["type"] == "case.created" and payload["data"]["case"]["number"] == case.number
    assert "王" not in body.decode() and "13812345678" not in body.decode()
    assert headers["X-Civicgrid-Event"] == "case.created"
    signature = headers["X-Civicgrid-Signature"]
    assert services.verify(subscriber.plain_secret, signature, body)
    assert not services.verify("whsec_other", signature, body)
    assert not services.verify(subscriber.plain_secret, signature, body + b" ")
    # replayed much later: refused
    assert not services.verify(
        subscriber.plain_secret, signature, body, now=timezone.now().timestamp() + 3600
    )
    delivery = Delivery.objects.get()
    assert delivery.status == "sent" and delivery.attempts == 1 and delivery.last_status_code == 204


def test_nothing_is_sent_for_a_rolled_back_step(
    loop, subscriber, receiver, django_capture_on_commit_callbacks
):

    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                seeded(loop)
                raise RuntimeError("undo")
        except RuntimeError:
            pass
    services.send_due()
    assert receiver.received == [] and Case.objects.count() == 0
    assert not Announcement.objects.exists() and not Delivery.objects.exists()


def test_failures_are_retried_with_backoff_then_given_up(
    loop, subscriber, receiver, settings, django_capture_on_commit_callbacks
):
    settings.CIVICGRID_WEBHOOK_MAX_ATTEMPTS = 3
    receiver.codes = [500, 502, 503]
    with django_capture_on_commit_callbacks(execute=True):
        seeded(loop)
    services.send_due()
    delivery = Delivery.objects.get()
    assert (
        delivery.status == "queued" and delivery.attempts == 1 and delivery.last_error == "HTTP 500"
    )
    first_wait = delivery.next_attempt_at
    assert services.retry_due()["sent"] == 0  # not due yet: nothing tried
    later = first_wait + dt.timedelta(seconds=1)
    services.retry_due(now=later)
    delivery.refresh_from_db()
    assert delivery.attempts == 2 and delivery.next_attempt_at - later == dt.timedelta(seconds=60)
    services.retry_due(now=delivery.next_attempt_at)
    delivery.refresh_from_db()
    assert (
        delivery.status == "failed" and delivery.attempts == 3 and delivery.last_status_code == 503
    )
    assert len(receiver.received) == 3
    # the same event id on every attempt, so a receiver can drop repeats
    assert len({json.loads(b)["id"] for _, b in receiver.received}) == 1


def test_an_unreachable_subscriber_is_recorded_and_retried(
    loop, receiver, django_capture_on_commit_callbacks
):
    receiver.close()
    services.subscription_create(name="down", url=receiver.url, events=["case.created"])
    with django_capture_on_commit_callbacks(execute=True):
        seeded(loop)
    assert services.send_due()["failed"] == 1
    delivery = Delivery.objects.get()
    assert delivery.status == "queued" and delivery.last_status_code is None
    assert "Error" in delivery.last_error or "refused" in delivery.last_error.lower()


def test_a_long_error_is_kept_shortened_visibly(
    loop, receiver, monkeypatch, django_capture_on_commit_callbacks
):
    services.subscription_create(name="noisy", url=receiver.url, events=["case.created"])
    with django_capture_on_commit_callbacks(execute=True):
        seeded(loop)

    def refuse(*args):
        raise OSError("x" * 1000)

    monkeypatch.setattr(services, "_post", refuse)
    assert services.send_due()["failed"] == 1
    error = Delivery.objects.get().last_error
    assert len(error) == services.ERROR_MAX and error.startswith("OSError: xxx")
    assert error.endswith("…")  # whoever reads it sees that it was cut


def test_a_paused_subscriber_gets_nothing_until_it_resumes(
    loop, subscriber, receiver, django_capture_on_commit_callbacks
):
    case = seeded(loop)
    (held,) = services.emit("case.created", [{"case": {"number": case.number}}])  # queued
    services.subscriptions_pause(Subscription.objects.filter(pk=subscriber.pk))
    with django_capture_on_commit_callbacks(execute=True):
        case_transition(case_id=case.pk, action="register", actor=loop.shift_lead, now=MONDAY)
    assert services.send_due()["held"] == 1
    assert receiver.received == []
    assert not Announcement.objects.exists()  # no active subscriber: nothing announced
    assert not Delivery.objects.filter(event_type="case.state_changed").exists()
    assert services.deliver([held])["held"] == 1
    services.subscriptions_pause(Subscription.objects.filter(pk=subscriber.pk), paused=False)
    assert services.retry_due()["sent"] == 1 and len(receiver.received) == 1


def test_loop_events_reach_their_subscribers(
    loop, subscriber, receiver, django_capture_on_commit_callbacks
):
    rated, _ = services.subscription_create(name="评价", url=receiver.url, events=["case.rated"])
    assert services.subscribers_of("case.rated") == [rated]
    with django_capture_on_commit_callbacks(execute=True):
        case = seeded(loop)
    for action, actor in (("register", loop.shift_lead), ("dispatch", loop.dispatcher)):
        with django_capture_on_commit_callbacks(execute=True):
            case_transition(case_id=case.pk, action=action, actor=actor, now=MONDAY)
    assert receiver.received == []
    services.send_due()  # one turn of the scheduler forwards all three, in order
    kinds = [json.loads(b)["type"] for _, b in receiver.received]
    assert kinds == ["case.created", "case.state_changed", "case.state_changed"]
    # each tells the case as it stood just after its step, however late it is forwarded
    states = [json.loads(b)["data"]["case"]["state"] for _, b in receiver.received]
    assert states == ["reported", "registered", "dispatched"]
    step = json.loads(receiver.received[-1][1])["data"]
    assert (
        step["event"]["action"] == "dispatch" and step["case"]["lead_unit"] == loop.department.name
    )
    # red cards found by the sweep are announced too
    receiver.received.clear()
    Case.objects.filter(pk=case.pk).update(red_at=MONDAY + dt.timedelta(hours=1), yellow_at=MONDAY)
    with django_capture_on_commit_callbacks(execute=True):
        sweep(now=MONDAY + dt.timedelta(hours=2))
    services.send_due()
    assert [json.loads(b)["type"] for _, b in receiver.received] == ["case.overdue"]


def test_cases_announce_only_what_an_active_subscriber_chose(
    loop, receiver, django_capture_on_commit_callbacks
):
    def step(action, actor):
        with django_capture_on_commit_callbacks(execute=True):
            case_transition(case_id=case.pk, action=action, actor=actor, now=MONDAY)

    with django_capture_on_commit_callbacks(execute=True):
        case = seeded(loop)  # nobody listens: nothing is recorded
    step("register", loop.shift_lead)
    assert not Announcement.objects.exists()
    rated, _secret = services.subscription_create(
        name="评价", url=receiver.url, events=["case.rated"]
    )
    step("dispatch", loop.dispatcher)  # a step, not a rating
    assert not Announcement.objects.exists()
    rated.events = ["case.state_changed"]
    services.subscription_save(subscription=rated)
    step("sign", loop.handler)
    assert list(Announcement.objects.values_list("topic", flat=True)) == ["case.state_changed"]
    # the subscriber leaves before the scheduler's turn: what was announced goes to nobody
    services.subscriptions_delete(Subscription.objects.filter(pk=rated.pk))
    assert not AnnouncementTopic.objects.exists()
    assert services.send_due()["queued"] == 0
    assert not Announcement.objects.exists() and receiver.received == []


def test_unknown_event_types_are_refused():
    with pytest.raises(ValidationError):
        services.subscription_create(name="x", url="http://127.0.0.1/", events=["case.exploded"])


def test_admin_creates_a_subscriber_and_sees_deliveries(client, loop, receiver):
    admin = accounts.user_create(
        username="district_admin", password="pw-for-tests-123", is_staff=True
    )
    accounts.role_assign(user=admin, unit=loop.department, role=Role.ADMIN)
    client.force_login(admin)
    response = client.post(
        "/admin/webhooks/subscription/add/",
        {"name": "城运", "url": receiver.url, "events": ["case.created", "case.rated"]},
        follow=True,
    )
    sub = Subscription.objects.get()
    assert sub.events == ["case.created", "case.rated"] and sub.secret.startswith("whsec_")
    assert any("whsec_" in str(m) for m in response.context["messages"])
    assert client.get("/admin/webhooks/delivery/").status_code == 200
    # cases now announce what it chose; deleted in the admin, they stop
    topics = AnnouncementTopic.objects.values_list("topic", flat=True)
    assert set(topics) == {"case.created", "case.rated"}
    client.post(
        f"/admin/webhooks/subscription/{sub.pk}/change/",
        {"name": "城运", "url": receiver.url, "events": ["case.overdue"]},
    )
    assert set(AnnouncementTopic.objects.values_list("topic", flat=True)) == {"case.overdue"}
    client.post(
        f"/admin/webhooks/subscription/{sub.pk}/change/",
        {"name": "城运", "url": receiver.url, "events": ["case.overdue"], "paused": "on"},
    )
    assert not AnnouncementTopic.objects.exists()  # a paused subscriber hears nothing new
    client.post(f"/admin/webhooks/subscription/{sub.pk}/delete/", {"post": "yes"})
    assert not Subscription.objects.exists() and not AnnouncementTopic.objects.exists()
    client.force_login(loop.handler)
    assert client.get("/admin/webhooks/subscription/").status_code in (302, 403)


def test_retry_command_sends_what_is_due(loop, subscriber, receiver, capsys):
    services.emit("case.created", [{"case": {"number": "SQ1"}}])
    call_command("retry")
    assert len(receiver.received) == 1 and "1" in capsys.readouterr().out
