"""Thin tasks: a service call; only queued, due deliveries are sent (idempotent)."""

from celery import shared_task

from . import services


@shared_task(name="webhooks.send_due")
def send_due() -> dict:
    """Forward what cases announced and send what is due (beat runs this every few seconds)."""
    return services.send_due()


@shared_task(name="webhooks.deliver")
def deliver(ids: list[int]) -> dict:
    return services.deliver(ids)


@shared_task(name="webhooks.retry_due")
def retry_due() -> dict:
    return services.retry_due()
