"""Sending notifications: inbox items at once, email and SMS through the outbox after commit.

``notify`` writes the inbox rows in the caller's transaction and queues outgoing messages; the
delivery task (``tasks.deliver``, which sends through ``delivery.py``) runs after the commit
(eagerly in the embedded default, on a Celery worker when a broker is configured), so a
rolled-back action never notifies anyone.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from civicgrid.core import pii

from .models import Notification, Outbox
from .tasks import deliver

TITLE = Notification._meta.get_field("title").max_length or 200
SUBJECT = Outbox._meta.get_field("subject").max_length or 200


def shortened(text: str, size: int) -> str:
    """``text`` as it fits in ``size`` characters: cut with "…" to show it was cut."""
    return text if len(text) <= size else text[: size - 1] + "…"


def notify(users, *, kind: str, title: str, body: str = "", url: str = "") -> list[Notification]:
    """Put one inbox item in front of each of ``users`` (duplicates and inactive users skipped)."""
    seen, rows = set(), []
    for user in users:
        if user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        rows.append(
            Notification(user=user, kind=kind, title=shortened(title, TITLE), body=body, url=url)
        )
    return Notification.objects.bulk_create(rows)


def send_sms(phone: str, text: str) -> Outbox:
    return _queue(Outbox.Channel.SMS, phone, pii.mask_phone(phone), "", text)


def send_email(address: str, subject: str, text: str) -> Outbox:
    return _queue(Outbox.Channel.EMAIL, address, pii.mask_email(address), subject, text)


def _queue(channel, to, masked, subject, body) -> Outbox:
    message = Outbox.objects.create(
        channel=channel,
        to_enc=pii.encrypt(to),
        to_masked=masked,
        subject=shortened(subject, SUBJECT),
        body=body,
    )
    transaction.on_commit(lambda: deliver.delay([message.pk]))
    return message


def mark_read(*, user, ids=None) -> int:
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())
