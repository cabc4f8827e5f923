"""The health check load balancers and monitors probe: an interface, so it lives with the pages."""

import datetime as dt

from celery import current_app
from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from civicgrid.cases.models import SweepRun

# beat sweeps every minute: a sweep older than this means the clock (its worker, beat or the
# scheduler) is not running
SWEEP_LATE = dt.timedelta(minutes=5)


def _database_state() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return {"ok": True, "vendor": connection.vendor}
    except Exception as exc:  # any driver error means "down"; report it, don't crash
        return {"ok": False, "vendor": connection.vendor, "error": exc.__class__.__name__}


def _queue_state() -> dict:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {"ok": True, "mode": "eager"}
    app = current_app  # config's app: loading the settings (config.settings) made it current
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return {"ok": True, "mode": "broker", "transport": app.conf.broker_url.split(":", 1)[0]}
    except Exception as exc:  # broker unreachable
        return {"ok": False, "mode": "broker", "error": exc.__class__.__name__}


def _clock_state() -> dict:
    """When the sweep last ran: for monitors, not for the load balancer (a web host serves well
    while the clock's worker is down, so a late sweep does not make this host unhealthy)."""
    try:
        last = SweepRun.objects.order_by("-at").values_list("at", flat=True).first()
    except Exception as exc:  # the database is down: _database_state says so
        return {"error": exc.__class__.__name__}
    late = last is None or timezone.now() - last > SWEEP_LATE
    return {
        "last_sweep": last.isoformat() if last else None,
        "late": late,
        "queue": settings.CIVICGRID_CLOCK_QUEUE or None,
    }


@never_cache
@require_GET
def healthz(request):
    state = {"database": _database_state(), "tasks": _queue_state()}
    ok = all(part["ok"] for part in state.values())
    body = {"status": "ok" if ok else "degraded", **state, "clock": _clock_state()}
    return JsonResponse(body, status=200 if ok else 503)
