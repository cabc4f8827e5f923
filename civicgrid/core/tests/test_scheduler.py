"""The scheduler: beat's schedule run in one process, without a broker."""

import datetime as dt
import io
import threading

import pytest
from django.conf import settings
from django.core.management import call_command

from civicgrid.cases.models import SweepRun
from civicgrid.core.scheduler import Lock, Scheduler, beat_schedule, run_task, seconds_of, serve

SCHEDULE = {
    "fast": {"task": "a", "schedule": 60.0},
    "slow": {"task": "b", "schedule": dt.timedelta(minutes=10)},
}


def test_the_schedule_is_celery_beats():
    assert beat_schedule() == settings.CELERY_BEAT_SCHEDULE
    assert {"cases.sweep", "figures.count_now"} <= {e["task"] for e in beat_schedule().values()}


def test_the_clock_has_a_queue_of_its_own_only_when_one_is_named():
    from celery.app.routes import Router, prepare

    from config.celery import app
    from config.settings import _clock_routes

    assert settings.CELERY_TASK_ROUTES == {}  # unset: one worker serves everything
    router = Router(prepare(_clock_routes("clock")), app.amqp.queues, create_missing=True, app=app)
    scheduled = {e["task"] for e in beat_schedule().values()}
    clock = set(settings.CLOCK_TASKS)
    assert clock <= scheduled  # every task of the clock is on beat's schedule
    for task in scheduled:
        queue = router.route({}, task)["queue"].name
        assert queue == ("clock" if task in clock else app.conf.task_default_queue), task
    assert router.route({}, "notifications.deliver")["queue"].name == "celery"


def test_every_task_runs_at_start_then_on_its_period():
    called = []
    s = Scheduler(SCHEDULE, start=1000.0, run=called.append, log=lambda line: None)
    assert s.tick(1000.0) == ["a", "b"]
    assert s.tick(1059.0) == []
    assert s.wait(1059.0) == 1.0
    assert s.tick(1060.0) == ["a"]
    assert s.tick(1600.0) == ["a", "b"]
    assert called == ["a", "b", "a", "a", "b"]


def test_a_slow_run_skips_the_turns_it_missed():
    called = []
    s = Scheduler(SCHEDULE, start=0.0, run=called.append, log=lambda line: None)
    s.tick(0.0)
    assert s.tick(250.0) == ["a"]  # one run, not four
    assert s.wait(250.0) == 50.0


def test_a_failing_task_is_logged_and_the_others_still_run():
    lines = []

    def run(name):
        if name == "a":
            raise RuntimeError("boom")
        return {"ok": 1}

    s = Scheduler(SCHEDULE, start=0.0, run=run, log=lines.append)
    assert s.tick(0.0) == ["a", "b"]
    assert "a: failed" in lines[0] and "boom" in lines[0]
    assert lines[1] == "b: {'ok': 1}"
    assert s.tick(60.0) == ["a"]  # tried again at its next turn


def test_periods_it_cannot_keep_are_refused():
    from celery.schedules import crontab

    assert seconds_of(30) == 30.0
    with pytest.raises(ValueError):
        seconds_of(crontab(minute="*/5"))
    with pytest.raises(ValueError):
        Scheduler({"x": {"task": "a", "schedule": 0}}, start=0.0)


def test_serve_stops_when_told_or_when_its_parent_is_gone():
    called = []
    s = Scheduler(SCHEDULE, start=0.0, run=called.append, log=lambda line: None)
    stop = threading.Event()
    checks = iter([True, True, False])
    serve(s, stop, clock=lambda: 0.0, alive=lambda: next(checks), poll=0)
    assert called == ["a", "b"]  # ran once, then the parent was gone
    stop.set()
    serve(s, stop, clock=lambda: 1e6)
    assert called == ["a", "b"]


def test_one_scheduler_at_a_time(tmp_path):
    first, second = Lock(tmp_path / "s.lock"), Lock(tmp_path / "s.lock")
    assert first.acquire()
    assert not second.acquire()
    first.release()
    assert second.acquire()
    second.release()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # restores what migrations wrote
def test_tasks_run_here_without_a_broker():
    assert settings.CELERY_TASK_ALWAYS_EAGER  # no broker in tests
    result = run_task("cases.sweep")
    assert set(result) == {"yellow", "red", "escalated"}
    assert SweepRun.objects.count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # restores what migrations wrote
def test_the_command_runs_every_task_once(tmp_path):
    out = io.StringIO()
    call_command("scheduler", "--once", "--lock", str(tmp_path / "s.lock"), stdout=out)
    assert SweepRun.objects.count() == 1
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert f"{entry['task']}: " in out.getvalue()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # restores what migrations wrote
def test_a_second_scheduler_does_nothing_while_the_first_runs(tmp_path):
    held = Lock(tmp_path / "s.lock")
    assert held.acquire()
    out = io.StringIO()
    try:
        call_command("scheduler", "--once", "--lock", str(tmp_path / "s.lock"), stdout=out)
    finally:
        held.release()
    assert SweepRun.objects.count() == 0
    assert "另一个定时调度进程正在运行" in out.getvalue()
