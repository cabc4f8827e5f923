"""Thin tasks: the sweep, run by beat every minute when a broker is configured."""

from celery import shared_task


@shared_task(name="cases.sweep")
def sweep() -> dict:
    from .services.sweep import sweep as run

    return run()
