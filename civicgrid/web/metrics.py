"""Prometheus metrics (docs/deploy.md#monitoring): how long requests take, by route; how many
tasks wait on the broker; when the sweep last ran and how long it took; the open cases and red
cards of the district and each street.

``GET /metrics`` answers only a scraper that sends ``Authorization: Bearer`` with the value of
``CIVICGRID_METRICS_TOKEN``; without that setting, or with another token, it is not found. Under
gunicorn each worker counts its own requests; set ``PROMETHEUS_MULTIPROC_DIR`` (an empty
directory, the same for all workers of a host) to have every scrape add them up."""

from __future__ import annotations

import hmac
import os
import time

from django.conf import settings
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import CollectorRegistry, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector

from civicgrid.cases.models import SweepRun
from civicgrid.figures.models import AreaNow

REQUESTS = Histogram(
    "civicgrid_request_seconds",
    "Time to answer a request, by route (the view's name), method and status class.",
    ["route", "method", "status"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 2, 5, 10, 30),
)


METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}


class RequestMetrics:
    """Times every request (first in the middleware list: the whole answer is timed)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        route = (match.view_name or match.route) if match else "unmatched"
        method = request.method if request.method in METHODS else "other"  # a bounded label
        REQUESTS.labels(route, method, f"{response.status_code // 100}xx").observe(
            time.perf_counter() - started
        )
        return response


class StateCollector:
    """What a scrape reads at the moment it scrapes: the broker's queues, the last sweep, the
    counts the figures keep per area (``AreaNow``, made every minute)."""

    def __init__(self, app=None):
        self.app = app  # the Celery app whose broker is asked (default: the project's)

    def collect(self):
        yield from self._queues()
        yield from self._sweep()
        yield from self._cases()

    def _queues(self):
        if settings.CELERY_TASK_ALWAYS_EAGER and self.app is None:
            return
        from celery import current_app

        app = self.app or current_app
        waiting = GaugeMetricFamily(
            "civicgrid_queue_messages", "Tasks waiting on the broker, by queue.", labels=["queue"]
        )
        names = [
            "celery",
            *([settings.CIVICGRID_CLOCK_QUEUE] if settings.CIVICGRID_CLOCK_QUEUE else []),
        ]
        try:
            with app.connection_for_read() as conn:
                channel = conn.default_channel
                for name in names:
                    declared = channel.queue_declare(queue=name, passive=True)
                    waiting.add_metric([name], declared.message_count)
        except Exception:
            return
        yield waiting

    def _sweep(self):
        last = SweepRun.objects.order_by("-at").first()
        if last is None:
            return
        yield GaugeMetricFamily(
            "civicgrid_sweep_seconds", "How long the last sweep took.", value=last.seconds
        )
        yield GaugeMetricFamily(
            "civicgrid_sweep_age_seconds",
            "Seconds since the last sweep (beat sweeps every minute).",
            value=(timezone.now() - last.at).total_seconds(),
        )

    def _cases(self):
        opened = GaugeMetricFamily(
            "civicgrid_open_cases", "Open cases of an area at the last count.", labels=["area"]
        )
        red = GaugeMetricFamily(
            "civicgrid_red_cards",
            "Open cases past their deadline (red cards) of an area at the last count.",
            labels=["area"],
        )
        counted = AreaNow.objects.filter(area__level__lte=3).values_list(
            "area__code", "open", "red"
        )
        for code, n_open, n_red in counted:
            opened.add_metric([code], n_open)
            red.add_metric([code], n_red)
        yield opened
        yield red


def _registry() -> CollectorRegistry:
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        MultiProcessCollector(registry)  # every worker's requests, added up
    else:
        registry.register(REQUESTS)
    registry.register(StateCollector())
    return registry


@never_cache
@require_GET
def metrics(request):
    token = settings.CIVICGRID_METRICS_TOKEN
    sent = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if not token or not hmac.compare_digest(sent.encode(), token.encode()):
        raise Http404
    return HttpResponse(generate_latest(_registry()), content_type="text/plain; version=0.0.4")
