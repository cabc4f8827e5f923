"""Sending notifications: inbox items at once, email and SMS through the outbox after commit.

``notify`` writes the inbox rows in the caller's transaction and queues outgoing messages; the
delivery task runs after the commit (eagerly in the embedded default, on a Celery worker when a
broker is configured), so a rolled-back action never notifies anyone.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from civicgrid.core import pii

from .models import Notification, Outbox
from .sms import backend as sms_backend


def notify(users, *, kind: str, title: str, body: str = "", url: str = "") -> list[Notification]:
    """Put one inbox item in front of each of ``users`` (duplicates and inactive users skipped)."""
    seen, rows = set(), []
    for user in users:
        if user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        rows.append(Notification(user=user, kind=kind, title=title[:200], body=body, url=url))
    return Notification.objects.bulk_create(rows)


def send_sms(phone: str, text: str) -> Outbox:
    return _queue(Outbox.Channel.SMS, phone, pii.mask_phone(phone), "", text)


def send_email(address: str, subject: str, text: str) -> Outbox:
    return _queue(Outbox.Channel.EMAIL, address, pii.mask_email(address), subject, text)


def _queue(channel, to, masked, subject, body) -> Outbox:
    message = Outbox.objects.create(
        channel=channel, to_enc=pii.encrypt(to), to_masked=masked, subject=subject[:200], body=body
    )
    from .tasks import deliver

    transaction.on_commit(lambda: deliver.delay([message.pk]))
    return message


def deliver_outbox(ids) -> dict:
    """Send queued messages; a failure is recorded on the row and left queued for a retry."""
    counts = {"sent": 0, "failed": 0}
    for message in Outbox.objects.filter(pk__in=list(ids), status=Outbox.Status.QUEUED):
        message.attempts += 1
        try:
            to = pii.decrypt(message.to_enc)
            if message.channel == Outbox.Channel.SMS:
                gateway = sms_backend()
                gateway.send(to, message.body)
                message.backend = gateway.name
            else:
                send_mail(message.subject, message.body, settings.DEFAULT_FROM_EMAIL, [to])
                message.backend = settings.EMAIL_BACKEND.rsplit(".", 1)[0]
            message.status, message.sent_at, message.error = Outbox.Status.SENT, timezone.now(), ""
            counts["sent"] += 1
        except Exception as exc:  # a gateway error must not lose the message: keep it queued
            message.error = f"{exc.__class__.__name__}: {exc}"[:300]
            if message.attempts >= settings.CIVICGRID_OUTBOX_MAX_ATTEMPTS:
                message.status = Outbox.Status.FAILED
            counts["failed"] += 1
        message.save(
            update_fields=["attempts", "status", "sent_at", "error", "backend", "updated_at"]
        )
    return counts


def retry_queued() -> dict:
    """Send again whatever is still queued (beat runs this every few minutes)."""
    ids = list(
        Outbox.objects.filter(status=Outbox.Status.QUEUED).values_list("pk", flat=True)[:1000]
    )
    return deliver_outbox(ids)


def mark_read(*, user, ids=None) -> int:
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())
