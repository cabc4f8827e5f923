"""With a broker, beat counts open cases and red cards every minute and rewrites the recent
figures every ten minutes. The command centre asks for either when it finds them stale
(``stale_after``): such a task does nothing when the figures are no longer stale by the time it
runs (an earlier ask, or beat, has made them), so a page asked many times makes them once."""

import datetime as dt

from celery import shared_task
from django.utils import timezone

from . import services


@shared_task(name="figures.refresh")
def refresh(stale_after: float | None = None, days: int = services.RECENT_DAYS) -> dict:
    """The recent days' figures (where nearly every change falls); ``refresh_all`` rewrites
    the 90 days every hour (a city's 90 days took 6 minutes on the working day's busy machine)."""
    done = services.latest()
    if done is not None and _fresh(done.at, stale_after):
        return {"skipped": True, "at": done.at.isoformat()}
    done = services.refresh(days=days)
    return {"at": done.at.isoformat(), "seconds": done.seconds}


@shared_task(name="figures.refresh_all")
def refresh_all() -> dict:
    """Every day the charts show (a case reported weeks ago and closed today changes its day)."""
    done = services.refresh()
    return {"at": done.at.isoformat(), "seconds": done.seconds}


@shared_task(name="figures.count_now")
def count_now(stale_after: float | None = None) -> str:
    counted = services.counted_at()
    if counted is not None and _fresh(counted, stale_after):
        return counted.isoformat()
    return services.count_now().isoformat()


def _fresh(at: dt.datetime, stale_after: float | None) -> bool:
    """Whether figures made ``at`` are still fresh for an ask with ``stale_after`` seconds
    (beat's runs pass none: they always make them)."""
    if stale_after is None:
        return False
    return timezone.now() - at < dt.timedelta(seconds=stale_after)
