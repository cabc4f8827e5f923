"""Beat rewrites the recent figures every ten minutes when a broker is configured."""

from celery import shared_task


@shared_task(name="figures.refresh")
def refresh() -> dict:
    from .services import refresh as run

    done = run()
    return {"at": done.at.isoformat(), "seconds": done.seconds}
