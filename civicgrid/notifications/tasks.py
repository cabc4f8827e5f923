"""Thin tasks: ids in, a service call, idempotent (only queued messages are sent)."""

from celery import shared_task


@shared_task(
    name="notifications.deliver", autoretry_for=(Exception,), retry_backoff=30, max_retries=5
)
def deliver(ids: list[int]) -> dict:
    from .services import deliver_outbox

    return deliver_outbox(ids)


@shared_task(name="notifications.retry_queued")
def retry_queued() -> dict:
    from .services import retry_queued as run

    return run()
