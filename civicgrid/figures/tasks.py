"""With a broker, beat counts open cases and red cards every minute and rewrites the recent
figures every ten minutes."""

from celery import shared_task

from . import services


@shared_task(name="figures.refresh")
def refresh() -> dict:
    done = services.refresh()
    return {"at": done.at.isoformat(), "seconds": done.seconds}


@shared_task(name="figures.count_now")
def count_now() -> str:
    return services.count_now().isoformat()
