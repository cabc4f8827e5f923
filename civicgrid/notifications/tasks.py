"""Thin tasks: ids in, a call to the outbox's sender, idempotent (only queued messages are sent)."""

from celery import shared_task

from . import delivery


@shared_task(
    name="notifications.deliver", autoretry_for=(Exception,), retry_backoff=30, max_retries=5
)
def deliver(ids: list[int]) -> dict:
    return delivery.deliver_outbox(ids)


@shared_task(name="notifications.retry_queued")
def retry_queued() -> dict:
    return delivery.retry_queued()
