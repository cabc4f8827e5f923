"""Webhooks: what cases announce becomes signed POSTs to subscribers, retried with exponential
backoff, every attempt on record.

Cases record announcements after a step is committed (``cases/announce.py``); ``send_due``,
run by beat or the scheduler every few seconds (``CELERY_BEAT_SCHEDULE``), turns each into one
delivery per active subscriber of its topic and sends what is due. Cases announce only the
topics the active subscribers chose: every change of the subscribers goes through this module,
which tells the announcements which topics it passes on.

Signature (header ``X-Civicgrid-Signature: t=<unix time>,v1=<hex>``): HMAC-SHA256 with the
subscriber's secret over ``<t>.<body>``. A receiver recomputes it and refuses a ``t`` older than a
few minutes, so a captured delivery cannot be replayed later (``verify`` below does both).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import secrets
import time
import urllib.error
import urllib.request
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from civicgrid.core import pii
from civicgrid.core.stamped import StampedCache
from civicgrid.core.text import column_length, shortened
from civicgrid.notifications.announcements import (
    announcement_topics_set,
    announcements_take,
)
from civicgrid.notifications.models import Announcement

from .models import Delivery, EventType, Subscription

SIGNATURE_HEADER = "X-Civicgrid-Signature"
MAX_BACKOFF = 6 * 3600
FORWARDER = "webhooks"  # how the announcements know who passes their topics on
ERROR_MAX = column_length(Delivery, "last_error")  # a longer error is kept shortened (…)


def _check_events(events: list[str]) -> None:
    unknown = set(events) - set(EventType.values)
    if unknown:
        raise ValidationError({"events": f"unknown event types: {', '.join(sorted(unknown))}"})


@transaction.atomic
def subscription_create(*, name: str, url: str, events: list[str], by=None):
    """A subscriber and its signing secret (returned once; stored encrypted)."""
    _check_events(events)
    secret = "whsec_" + secrets.token_urlsafe(32)
    sub = Subscription(name=name, url=url, events=list(events), secret_enc=pii.encrypt(secret))
    sub.created_by = by
    sub.full_clean()
    sub.save()
    _subscribers_changed()
    return sub, secret


@transaction.atomic
def subscription_save(*, subscription: Subscription) -> Subscription:
    """A subscriber changed (name, URL, event types, paused)."""
    _check_events(subscription.events or [])
    subscription.full_clean()
    subscription.save()
    _subscribers_changed()
    return subscription


@transaction.atomic
def subscriptions_delete(queryset) -> int:
    """Remove subscribers, with their deliveries."""
    count, _by_model = queryset.delete()
    _subscribers_changed()
    return count


def _subscribers_changed() -> None:
    """Every process re-reads the subscribers (the "webhooks" stamp moves with the change), and
    from now on cases announce exactly the topics the active subscribers chose."""
    SUBSCRIBERS.changed()
    topics: set[str] = set()
    for events in Subscription.objects.filter(paused=False).values_list("events", flat=True):
        topics.update(events or [])
    announcement_topics_set(forwarder=FORWARDER, topics=topics)


def sign(secret: str, timestamp: int, body: bytes) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={digest.hexdigest()}"


def verify(secret: str, header: str, body: bytes, *, tolerance: int = 300, now=None) -> bool:
    """What a receiver does: the signature matches and is fresh."""
    parts = dict(p.split("=", 1) for p in header.split(",") if "=" in p)
    try:
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    now = time.time() if now is None else now
    if abs(now - timestamp) > tolerance:
        return False
    return hmac.compare_digest(sign(secret, timestamp, body), header)


def _active_subscriptions() -> list[Subscription]:
    return list(Subscription.objects.filter(paused=False).order_by("id"))


# Each process keeps the active subscribers, re-read when the "webhooks" stamp moves (any
# change of the subscribers: create, save, delete, pause or resume, all in this module).
SUBSCRIBERS = StampedCache("webhooks", _active_subscriptions)


def subscribers_of(event_type: str) -> list[Subscription]:
    """The active subscribers of ``event_type``, from the process cache. Read-only."""
    return [s for s in SUBSCRIBERS.get() if event_type in (s.events or [])]


@transaction.atomic
def subscriptions_pause(queryset, *, paused: bool = True) -> int:
    """Pause (or resume) subscribers; what is queued for them waits."""
    count = queryset.update(paused=paused)
    _subscribers_changed()
    return count


def emit(event_type: str, items: list[dict], *, now: dt.datetime | None = None) -> list[int]:
    """Queue one delivery per item for every active subscriber of ``event_type``, due at once;
    ``send_due`` (or ``deliver``) sends them."""
    now = now or timezone.now()
    return _queue([(event_type, data, now) for data in items])


def _queue(events: list[tuple[str, dict, dt.datetime]]) -> list[int]:
    """One delivery of each (type, data, moment) to every active subscriber of its type."""
    rows = []
    for event_type, data, created in events:
        subscribers = subscribers_of(event_type)
        if not subscribers:
            continue
        payload = {
            "id": uuid.uuid4().hex,  # the same for every subscriber and every retry
            "type": event_type,
            "created": created.isoformat(),
            "data": data,
        }
        payload = json.loads(json.dumps(payload, cls=DjangoJSONEncoder))
        rows += [
            Delivery(
                subscription=s, event_type=event_type, payload=payload, next_attempt_at=created
            )
            for s in subscribers
        ]
    created_rows = Delivery.objects.bulk_create(rows, batch_size=1000)
    return [d.pk for d in created_rows]


def announcements_forward(*, batch: int = 500, most: int = 10_000) -> int:
    """Queue a delivery of each announcement to every active subscriber of its topic, oldest
    first, and drop the announcements (with the deliveries, in one transaction). Takes at most
    ``most`` a turn; the rest wait for the next. Returns the deliveries queued."""
    queued: list[int] = []

    def handle(announcements: list[Announcement]) -> None:
        queued.extend(_queue([(a.topic, a.payload, a.created_at) for a in announcements]))

    taken = 0
    while taken < most:
        took = announcements_take(handle=handle, limit=min(batch, most - taken))
        taken += took
        if took < batch:
            break
    return len(queued)


def send_due(*, now: dt.datetime | None = None) -> dict:
    """What beat or the scheduler runs every few seconds: forward what cases announced, then send
    every due delivery, the new ones and the retries."""
    queued = announcements_forward()
    return {"queued": queued, **retry_due(now=now)}


def backoff(attempts: int) -> int:
    """Seconds before attempt ``attempts + 1``: 30 s, 1 min, 2 min … at most 6 h."""
    return min(30 * 2 ** max(attempts - 1, 0), MAX_BACKOFF)


def _post(sub: Subscription, delivery: Delivery) -> int:
    body = json.dumps(delivery.payload, ensure_ascii=False).encode()
    request = urllib.request.Request(
        sub.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": "civicgrid-webhooks",
            "X-Civicgrid-Event": delivery.event_type,
            "X-Civicgrid-Delivery": str(delivery.pk),
            SIGNATURE_HEADER: sign(sub.secret, int(time.time()), body),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.CIVICGRID_WEBHOOK_TIMEOUT) as r:
            return r.status
    except urllib.error.HTTPError as exc:
        return exc.code


def deliver(ids, *, now: dt.datetime | None = None) -> dict:
    """Send the queued, due deliveries among ``ids``; a failure waits for its backoff."""
    now = now or timezone.now()
    counts = {"sent": 0, "failed": 0, "held": 0}
    due = (
        Delivery.objects.select_related("subscription")
        .filter(pk__in=list(ids), status=Delivery.Status.QUEUED, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "id")
    )
    for delivery in due:
        if delivery.subscription.paused:
            counts["held"] += 1
            continue
        delivery.attempts += 1
        try:
            code = _post(delivery.subscription, delivery)
            error = "" if 200 <= code < 300 else f"HTTP {code}"
        except Exception as exc:  # refused, timed out, bad URL: all on record, retried
            code = None
            error = shortened(f"{exc.__class__.__name__}: {exc}", ERROR_MAX)
        delivery.last_status_code, delivery.last_error = code, error
        if not error:
            delivery.status, delivery.delivered_at = Delivery.Status.SENT, timezone.now()
            counts["sent"] += 1
        else:
            counts["failed"] += 1
            if delivery.attempts >= settings.CIVICGRID_WEBHOOK_MAX_ATTEMPTS:
                delivery.status = Delivery.Status.FAILED
            else:
                delivery.next_attempt_at = now + dt.timedelta(seconds=backoff(delivery.attempts))
        delivery.save(
            update_fields=[
                "attempts",
                "status",
                "next_attempt_at",
                "last_status_code",
                "last_error",
                "delivered_at",
            ]
        )
    return counts


def retry_due(*, now: dt.datetime | None = None) -> dict:
    """Send the due deliveries, the longest waiting first (at most 500 a turn)."""
    now = now or timezone.now()
    ids = list(
        Delivery.objects.filter(status=Delivery.Status.QUEUED, next_attempt_at__lte=now)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:500]
    )
    return deliver(ids, now=now)
