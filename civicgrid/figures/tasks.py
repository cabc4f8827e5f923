"""With a broker, beat counts open cases and red cards every minute and rewrites the recent
figures every ten minutes."""

from celery import shared_task


@shared_task(name="figures.refresh")
def refresh() -> dict:
    from .services import refresh as run

    done = run()
    return {"at": done.at.isoformat(), "seconds": done.seconds}


@shared_task(name="figures.count_now")
def count_now() -> str:
    from .services import count_now as run

    return run().isoformat()
