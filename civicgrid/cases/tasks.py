"""Thin tasks: the sweep, run by beat every minute when a broker is configured."""

from celery import shared_task

from .services.sweep import sweep as run


@shared_task(name="cases.sweep")
def sweep() -> dict:
    return run()
