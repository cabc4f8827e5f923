"""/metrics for Prometheus: only for the scraper's token; request times by route, the last
sweep, the district's and streets' open cases and red cards."""

import datetime as dt
import os

import pytest
from django.utils import timezone

from civicgrid.cases.models import SweepRun
from civicgrid.cases.tests.test_views import seeded
from civicgrid.figures.services import count_now

pytestmark = pytest.mark.django_db
TOKEN = "scrape-token-for-tests"


def scrape(client, token=TOKEN):
    return client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {token}")


def test_without_the_token_there_is_nothing(client, settings):
    settings.CIVICGRID_METRICS_TOKEN = ""
    assert scrape(client).status_code == 404  # not set up: not found, whatever is sent
    settings.CIVICGRID_METRICS_TOKEN = TOKEN
    assert client.get("/metrics").status_code == 404
    assert scrape(client, "another-token").status_code == 404
    assert scrape(client).status_code == 200


def test_request_times_the_sweep_and_the_cases(client, settings, loop):
    settings.CIVICGRID_METRICS_TOKEN = TOKEN
    seeded(loop)
    now = timezone.now()
    count_now(now=now)
    SweepRun.objects.create(at=now - dt.timedelta(seconds=30), seconds=1.5)
    client.force_login(loop.operator)
    assert client.get("/cases/").status_code == 200
    text = scrape(client).content.decode()
    assert 'civicgrid_request_seconds_count{method="GET",route="cases:list",status="2xx"}' in text
    assert "civicgrid_sweep_seconds 1.5" in text
    age = float(text.split("\ncivicgrid_sweep_age_seconds ")[1].split()[0])
    assert 30 <= age < 120
    district = loop.tree.district.code
    assert f'civicgrid_open_cases{{area="{district}"}} 1.0' in text
    assert f'civicgrid_red_cards{{area="{district}"}} 0.0' in text
    assert "civicgrid_queue_messages" not in text  # eager: no broker to ask


def test_the_tasks_waiting_on_a_real_broker():
    """Against the Redis broker production may run (skipped without one on 127.0.0.1:6379, except
    in CI). A Celery app of its own: the project's app and its pools are left alone."""
    import redis
    from celery import Celery

    from civicgrid.web.metrics import StateCollector

    url = "redis://127.0.0.1:6379/14"
    try:
        redis.Redis.from_url(url).ping()
    except redis.ConnectionError:
        if os.environ.get("CIVICGRID_REQUIRE_REDIS"):  # CI: its machine runs Redis
            raise
        pytest.skip("no Redis on 127.0.0.1:6379")
    redis.Redis.from_url(url).flushdb()
    probe = Celery("metrics-probe", broker=url, set_as_current=False)  # not the current app
    try:
        for _ in range(3):
            probe.send_task("civicgrid.no_such_task", queue="celery")
        families = {f.name: f for f in StateCollector(app=probe).collect()}
        samples = families["civicgrid_queue_messages"].samples
        assert [(s.labels, s.value) for s in samples] == [({"queue": "celery"}, 3)]
    finally:
        redis.Redis.from_url(url).flushdb()
        probe.close()
