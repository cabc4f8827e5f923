"""Sending the outbox: each queued email or SMS is tried; a failure is recorded on the row and
left queued for a retry, until ``CIVICGRID_OUTBOX_MAX_ATTEMPTS`` marks it failed."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from civicgrid.core import pii
from civicgrid.core.text import column_length, shortened

from .models import Outbox
from .sms import backend as sms_backend

ERROR_MAX = column_length(Outbox, "error")  # a longer error is kept shortened (…)


def deliver_outbox(ids) -> dict:
    """Send queued messages; a failure is recorded on the row and left queued for a retry.

    Each message is claimed before it is sent — its row locked, skipped when another worker holds
    it — and marked in the same transaction, so that the task sent after a commit and beat's
    retry, on two workers or two hosts at once, never send one message twice."""
    counts = {"sent": 0, "failed": 0}
    for pk in list(ids):
        with transaction.atomic():
            claimed = Outbox.objects.select_for_update(skip_locked=True).filter(
                pk=pk, status=Outbox.Status.QUEUED
            )
            message = claimed.first()
            if message is not None:
                counts["sent" if _send(message) else "failed"] += 1
    return counts


def _send(message: Outbox) -> bool:
    message.attempts += 1
    sent = False
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
        sent = True
    except Exception as exc:  # a gateway error must not lose the message: keep it queued
        message.error = shortened(f"{exc.__class__.__name__}: {exc}", ERROR_MAX)
        if message.attempts >= settings.CIVICGRID_OUTBOX_MAX_ATTEMPTS:
            message.status = Outbox.Status.FAILED
    message.save(update_fields=["attempts", "status", "sent_at", "error", "backend", "updated_at"])
    return sent


def retry_queued() -> dict:
    """Send again whatever is still queued (beat runs this every few minutes)."""
    ids = list(
        Outbox.objects.filter(status=Outbox.Status.QUEUED).values_list("pk", flat=True)[:1000]
    )
    return deliver_outbox(ids)
