"""``civicgrid scheduler [--once] [--exit-with-parent]``: the periodic work without a broker."""

import os
import signal
import threading
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from civicgrid.core.scheduler import Lock, Scheduler, beat_schedule, serve

STANDBY_SECONDS = 5


class Command(BaseCommand):
    help = gettext_lazy(  # type: ignore[assignment]  # Django shows a lazy help in its language
        "Run the periodic work (the sweep, the figures, the retries) on Celery beat's schedule "
        "in this process, for installs without a broker."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="run every task once and stop")
        parser.add_argument(
            "--exit-with-parent",
            action="store_true",
            help="stop when the process that started this one ends (make demo)",
        )
        parser.add_argument(
            "--lock",
            default=None,
            help="lock file that keeps a second scheduler standing by (default: var/scheduler.lock)",
        )

    def say(self, line: str) -> None:
        self.stdout.write(f"[{timezone.localtime():%Y-%m-%d %H:%M:%S}] scheduler: {line}")
        self.stdout.flush()

    def handle(self, *args, once, exit_with_parent, lock, **options):
        stop = threading.Event()
        for number in (signal.SIGINT, signal.SIGTERM):
            signal.signal(number, lambda *_args: stop.set())
        parent = os.getppid()

        def alive() -> bool:
            return not exit_with_parent or os.getppid() == parent

        scheduler = Scheduler(beat_schedule(), start=time.monotonic(), log=self.say)
        held = Lock(lock or settings.VAR_DIR / "scheduler.lock")
        if not held.acquire():
            if once:
                self.say(_("another scheduler is running; nothing done."))
                return
            self.say(_("another scheduler is running; standing by until it stops."))
            while not held.acquire():
                if stop.wait(STANDBY_SECONDS) or not alive():
                    return
        try:
            tasks = ", ".join(sorted({e.task for e in scheduler.entries}))
            self.say(_("running %(tasks)s") % {"tasks": tasks})
            if once:
                scheduler.tick(time.monotonic())
            else:
                serve(scheduler, stop, alive=alive)
                self.say(_("stopped."))
        finally:
            held.release()
