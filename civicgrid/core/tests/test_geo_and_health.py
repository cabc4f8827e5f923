from hypothesis import given
from hypothesis import strategies as st

from civicgrid.core.geo import gcj02_to_wgs84, wgs84_to_gcj02


@given(st.floats(min_value=118, max_value=124), st.floats(min_value=28, max_value=34))
def test_gcj02_round_trip_within_a_centimetre(lon, lat):
    back = gcj02_to_wgs84(*wgs84_to_gcj02(lon, lat))
    assert abs(back[0] - lon) < 1e-7 and abs(back[1] - lat) < 1e-7


def test_gcj02_offset_in_shanghai_is_a_few_hundred_metres():
    glon, glat = wgs84_to_gcj02(121.4, 31.2)
    assert 0.003 < glon - 121.4 < 0.006
    assert -0.003 < glat - 31.2 < 0


def test_healthz_reports_database_and_tasks(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] is True
    assert body["tasks"] == {"ok": True, "mode": "eager"}
    assert body["clock"] == {"last_sweep": None, "late": True, "queue": None}


def test_healthz_says_when_the_sweep_last_ran_without_failing_for_it(client, db):
    import datetime as dt

    from django.utils import timezone

    from civicgrid.cases.models import SweepRun

    now = timezone.now()
    SweepRun.objects.create(at=now - dt.timedelta(minutes=7))
    late = client.get("/healthz")
    assert late.status_code == 200  # a web host serves well while the clock is down
    assert late.json()["clock"]["late"] is True
    SweepRun.objects.create(at=now - dt.timedelta(minutes=1))
    body = client.get("/healthz").json()["clock"]
    assert body["late"] is False
    assert dt.datetime.fromisoformat(body["last_sweep"]) == now - dt.timedelta(minutes=1)


def test_healthz_degraded_when_the_broker_is_down(client, db, settings):
    from config.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = False
    old = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    try:
        response = client.get("/healthz")
    finally:
        app.conf.broker_url = old
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "degraded" and body["tasks"]["ok"] is False and body["database"]["ok"]


def test_analyze_runs_on_this_database(db):
    from civicgrid.core.bulk import analyze
    from civicgrid.registry.models import Person, Residence

    analyze(Person, Residence)  # valid SQL on SQLite and PostgreSQL alike
