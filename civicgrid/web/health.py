"""The health check load balancers and monitors probe: an interface, so it lives with the pages."""

from celery import current_app
from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


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


@never_cache
@require_GET
def healthz(request):
    state = {"database": _database_state(), "tasks": _queue_state()}
    ok = all(part["ok"] for part in state.values())
    return JsonResponse({"status": "ok" if ok else "degraded", **state}, status=200 if ok else 503)
