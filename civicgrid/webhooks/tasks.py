"""Thin tasks: ids in, a service call; only queued, due deliveries are sent (idempotent)."""

from celery import shared_task


@shared_task(name="webhooks.deliver")
def deliver(ids: list[int]) -> dict:
    from .services import deliver as run

    return run(ids)


@shared_task(name="webhooks.retry_due")
def retry_due() -> dict:
    from .services import retry_due as run

    return run()
