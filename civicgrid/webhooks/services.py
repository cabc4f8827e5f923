"""Webhooks: events become signed POSTs to subscribers, sent by a task after commit, retried
with exponential backoff, every attempt on record.

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

from .models import Delivery, EventType, Subscription

SIGNATURE_HEADER = "X-Civicgrid-Signature"
MAX_BACKOFF = 6 * 3600


@transaction.atomic
def subscription_create(*, name: str, url: str, events: list[str], by=None):
    """A subscriber and its signing secret (returned once; stored encrypted)."""
    unknown = set(events) - set(EventType.values)
    if unknown:
        raise ValidationError({"events": f"unknown event types: {', '.join(sorted(unknown))}"})
    secret = "whsec_" + secrets.token_urlsafe(32)
    sub = Subscription(name=name, url=url, events=list(events), secret_enc=pii.encrypt(secret))
    sub.created_by = by
    sub.full_clean()
    sub.save()
    return sub, secret


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


# Every intake and step asks whether anyone listens: each process keeps the active subscribers,
# re-read when the "webhooks" stamp moves (any save, delete, pause or resume; signals.py).
SUBSCRIBERS = StampedCache("webhooks", _active_subscriptions)


def subscribers_of(event_type: str) -> list[Subscription]:
    """The active subscribers of ``event_type``, from the process cache. Read-only."""
    return [s for s in SUBSCRIBERS.get() if event_type in (s.events or [])]


@transaction.atomic
def subscriptions_pause(queryset, *, paused: bool = True) -> int:
    """Pause (or resume) subscribers; what is queued for them waits."""
    count = queryset.update(paused=paused)
    SUBSCRIBERS.changed()
    return count


def emit(event_type: str, items: list[dict], *, now: dt.datetime | None = None) -> list[int]:
    """Queue one delivery per item for every subscriber of ``event_type``; sent after commit."""
    subscribers = subscribers_of(event_type)
    if not subscribers or not items:
        return []
    now = now or timezone.now()
    rows = []
    for data in items:
        payload = {
            "id": uuid.uuid4().hex,  # the same for every subscriber and every retry
            "type": event_type,
            "created": now.isoformat(),
            "data": data,
        }
        payload = json.loads(json.dumps(payload, cls=DjangoJSONEncoder))
        rows += [
            Delivery(subscription=s, event_type=event_type, payload=payload, next_attempt_at=now)
            for s in subscribers
        ]
    created = Delivery.objects.bulk_create(rows, batch_size=1000)
    ids = [d.pk for d in created]
    from .tasks import deliver as deliver_task

    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        transaction.on_commit(lambda chunk=chunk: deliver_task.delay(chunk))
    return ids


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
    due = Delivery.objects.select_related("subscription").filter(
        pk__in=list(ids), status=Delivery.Status.QUEUED, next_attempt_at__lte=now
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
            code, error = None, f"{exc.__class__.__name__}: {exc}"[:300]
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
    """Send what is due again (beat runs this every minute)."""
    now = now or timezone.now()
    ids = list(
        Delivery.objects.filter(status=Delivery.Status.QUEUED, next_attempt_at__lte=now)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:500]
    )
    return deliver(ids, now=now)
