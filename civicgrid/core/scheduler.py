"""The periodic work without a broker: Celery beat's schedule, run in one process.

With a broker, ``celery -A config worker --beat`` runs ``CELERY_BEAT_SCHEDULE`` (the sweep that
announces cards and fires escalations, the figures, the retries). The embedded default has no
broker, so ``civicgrid scheduler`` (run by ``make demo`` beside gunicorn) reads the same
schedule from the Celery app and calls each task in its own process when it falls due. Every
task runs once at start, then every ``schedule`` seconds. A file lock in the var directory
makes a second scheduler of the same install stand by until the first one stops; the tasks are
idempotent anyway (the sweep keeps a watermark), so an overlap would repeat nothing.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from celery import current_app
from django.db import close_old_connections


@dataclass
class Entry:
    name: str
    task: str
    every: float  # seconds
    next_at: float  # on the scheduler's clock


def seconds_of(value) -> float:
    """A beat schedule's period in seconds: a number, a timedelta or ``schedule(run_every)``."""
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    run_every = getattr(value, "run_every", None)
    if isinstance(run_every, dt.timedelta) and type(value).__name__ == "schedule":
        return run_every.total_seconds()
    raise ValueError(
        f"{value!r}: the scheduler runs fixed periods only; use Celery beat (a broker) for this"
    )


def beat_schedule() -> dict:
    """The one list: the Celery app's beat schedule (``CELERY_BEAT_SCHEDULE``)."""
    app = current_app  # config's app: loading the settings (config.settings) made it current
    return dict(app.conf.beat_schedule or {})


def run_task(name: str):
    """Call the registered task ``name`` here and now, whatever the broker settings."""
    app = current_app  # config's app: loading the settings (config.settings) made it current
    app.loader.import_default_modules()  # the apps' tasks modules (autodiscovery)
    close_old_connections()  # as a worker does around each task: no stale connection kept
    try:
        return app.tasks[name]()
    finally:
        close_old_connections()


class Scheduler:
    """Which tasks are due at a moment of a monotonic clock; ``tick`` runs them."""

    def __init__(self, schedule: dict, *, start: float, run: Callable = run_task, log=print):
        self.entries = [
            Entry(name, spec["task"], seconds_of(spec["schedule"]), start)
            for name, spec in schedule.items()
        ]
        for entry in self.entries:
            if entry.every <= 0:
                raise ValueError(f"{entry.name}: the period must be positive")
        self.run, self.log = run, log

    def due(self, now: float) -> list[Entry]:
        return [e for e in self.entries if e.next_at <= now]

    def tick(self, now: float) -> list[str]:
        """Run what is due at ``now``; a task that fails is logged and tried at its next turn."""
        ran = []
        for entry in self.due(now):
            # next turn counted from the planned moment, skipping turns missed by a slow run
            missed = int((now - entry.next_at) // entry.every)
            entry.next_at += entry.every * (missed + 1)
            try:
                result = self.run(entry.task)
            except Exception:  # a failed run must not stop the others: logged, retried later
                self.log(f"{entry.task}: failed\n{traceback.format_exc()}")
            else:
                self.log(f"{entry.task}: {result}")
            ran.append(entry.task)
        return ran

    def wait(self, now: float) -> float:
        """Seconds until the next task is due."""
        if not self.entries:
            return float("inf")
        return max(0.0, min(e.next_at for e in self.entries) - now)


class Lock:
    """An exclusive lock on a file (released by the kernel when the process ends, however)."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.fd: int | None = None

    def acquire(self) -> bool:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self.fd = fd
        return True

    def release(self) -> None:
        if self.fd is not None:
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
            self.fd = None


def serve(
    scheduler: Scheduler,
    stop: threading.Event,
    *,
    clock: Callable[[], float] = time.monotonic,
    alive: Callable[[], bool] = lambda: True,
    poll: float = 1.0,
) -> None:
    """Run due tasks until ``stop`` is set or ``alive()`` turns false (checked every ``poll``)."""
    while not stop.is_set() and alive():
        scheduler.tick(clock())
        stop.wait(min(poll, scheduler.wait(clock())))
