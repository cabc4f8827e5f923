"""A city's working day (issue 19 §3), on PostgreSQL (DATABASE_URL: an empty database, or one
this script filled before).

    bench_day.py --cases 10000000 --persons 1000000 --minutes 10

1. The city: the demo's city layout (10 streets, 1,080 grids) with its catalogue, routing
   rules, units and staff; ``--persons`` persons through the register import; a few thousand
   cases with their whole history, then a year of cases by SQL up to ``--cases`` (day_data.py).
2. The day, for ``--minutes``: gunicorn (``--workers``) serving the project, Celery's worker and
   beat on a broker (``--broker``) running the production schedule (the sweep and the figures),
   and, from a process of its own (day_load.py), ``--sessions`` staff sessions logged in through
   the login form, each doing its role's work with think time, and an intake stream of
   ``--intake`` reports a second through the REST API and Open311.
3. Every gunicorn worker's resident memory, sampled from /proc each second; the periodic tasks'
   durations from the worker's log; the slowest SQL of the run (pg_stat_statements, reset at the
   start, read at the end, this database only).
4. Exports of 10,000 and 100,000 cases from a gunicorn with one worker: its memory while each
   streams.

Prints the tables and writes benchmarks/results/day-postgresql.json. Never passes or fails.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import io
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("CIVICGRID_LOG_LEVEL", "WARNING")

import bench_cases  # noqa: E402  (sets Django up)
import day_data  # noqa: E402
import day_load  # noqa: E402
import day_report  # noqa: E402
import day_server  # noqa: E402
import http_load  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from civicgrid.accounts.models import User  # noqa: E402
from civicgrid.accounts.services import token_create  # noqa: E402
from civicgrid.areas.models import Area  # noqa: E402
from civicgrid.cases import selectors  # noqa: E402
from civicgrid.cases.models import Case  # noqa: E402
from civicgrid.demo import names  # noqa: E402
from civicgrid.open311.services import app_issue  # noqa: E402

DEFAULT_BROKER = "redis://127.0.0.1:6379/14"  # a database of its own: no other worker's queue
DEFAULT_CACHE = "redis://127.0.0.1:6379/13"
# as `make serve` runs it: a sync worker is killed after --timeout seconds without finishing a
# request (gunicorn's default of 30 would cut a 100,000-case export on a busy machine)
SERVE = {"GUNICORN_CMD_ARGS": "--timeout 120"}


def export_path(user: User, rows: int, fmt: str = "xlsx") -> str:
    """The case export a user asks for to get about ``rows`` of their cases: everything reported
    since the day that makes it so (counted by day over the last year, newest first)."""
    today = timezone.localdate()
    qs = selectors.case_list(user=user)
    days, have = 1, 0
    while days <= 366:
        start = today - dt.timedelta(days=days - 1)
        have = qs.filter(reported_at__gte=timezone.make_aware(
            dt.datetime.combine(start, dt.time()))).count()  # fmt: skip
        if have >= rows:
            break
        days = days * 2 if have == 0 else max(days + 1, int(days * rows / have) + 1)
    query = {"reported_from": start.isoformat(), "format": fmt}
    return "/cases/export?" + urlencode(query)


def photo() -> str:
    """A small photo from the site (640×480 JPEG, base64), as a phone sends after resizing."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (640, 480), (120, 140, 110))
    draw = ImageDraw.Draw(image)
    for i in range(0, 640, 40):
        draw.rectangle([i, 200 + i % 120, i + 30, 300 + i % 90], fill=(i % 255, 90, 160))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return base64.b64encode(out.getvalue()).decode()


def plan(args, people) -> dict:
    operator = User.objects.get(username="operator")
    _t, token = token_create(user=operator, name=f"day-{time.time():.0f}")
    _app, key = app_issue(name=f"day-{time.time():.0f}", requests_per_hour=0)
    homes = day_data.households_of(people)
    exports: dict[str, str] = {}
    sessions = []
    for p in people:
        user = User.objects.get(username=p.username)
        area = Area.objects.filter(path=p.grid_path).values_list("code", flat=True).first() or ""
        entry = {"username": p.username, "role": str(p.role), "area": area}
        if p.role == "leader":
            if p.username not in exports:
                exports[p.username] = export_path(user, 10_000)
            entry["export"] = exports[p.username]
        if p.username in homes:
            entry["households"] = homes[p.username]
        sessions.append(entry)
    return {
        "port": args.port,
        "seconds": args.minutes * 60,
        "password": day_data.PASSWORD,
        "think": [5, 15],
        "sessions": sessions,
        "intake_per_second": args.intake,
        "token": token,
        "open311_key": key,
        "service_code": "06010",
        "answers": {"volume": "small"},
        "points": bench_cases._points_in_grids(4000),
        "photo": photo(),
        "surnames": names.SURNAMES[:40],
        "given": names.GIVEN[:20],
    }


def run_day(args, the_plan: dict, workdir: Path) -> dict:
    plan_file, out_file = workdir / "plan.json", workdir / "load.json"
    plan_file.write_text(json.dumps(the_plan, ensure_ascii=False))
    # as production runs it: one cache shared by every process
    shared = {} if args.cache == "none" else {"CIVICGRID_REDIS_URL": args.cache}
    broker = {"CELERY_BROKER_URL": args.broker, **SERVE, **shared}
    stats_note = day_server.statements_reset()
    if stats_note:
        print(f"  ! {stats_note}; the run goes on without the slowest SQL", flush=True)
    events_before = Case.objects.order_by("-id").values_list("id", flat=True).first() or 0
    started_at = timezone.now()
    with (
        day_server.autovacuum() as vacuum,
        day_server.celery(args.broker, workdir, **shared) as worker_logs,
        http_load.gunicorn(args.workers, **broker),
    ):
        sampler = day_server.RssSampler(args.port)
        sampler.start()
        print(
            f"  day: {len(the_plan['sessions'])} sessions, {args.intake} reports/s, "
            f"{args.minutes} min, gunicorn {args.workers} workers, Celery on {args.broker}, "
            f"autovacuum {vacuum}",
            flush=True,
        )
        cpu_before = day_server.cpu_snapshot()
        subprocess.run(
            [sys.executable, str(HERE / "day_load.py"), str(plan_file), str(out_file)],
            check=True,
            cwd=ROOT,
        )
        cpu = day_server.cpu_used(cpu_before, day_server.cpu_snapshot())
        plan_file.unlink()  # it holds the day's API token and Open311 key
        rss = sampler.stop()
    load = json.loads(out_file.read_text())
    return {
        "load": load,
        "rss": rss,
        "cpu": cpu,
        "autovacuum": vacuum,
        "tasks": day_server.task_durations(worker_logs),
        "sql": None if stats_note else day_server.statements_top(),
        "sql_note": stats_note,
        "steps": day_report.steps_since(started_at),
        "cases_reported": Case.objects.filter(pk__gt=events_before).count(),
    }


def export_memory(args) -> dict:
    """The district leader's exports from a gunicorn with one worker: 10,000 then 100,000 cases,
    csv (streamed) and xlsx (written to a temporary file, then sent)."""
    leader = User.objects.get(username="leader")
    exports = {}
    for fmt in ("csv", "xlsx"):
        for rows in (10_000, 100_000):
            exports[f"{rows:,} cases {fmt}"] = export_path(leader, rows, fmt)
    day_data._set_password([leader])

    def login():
        b = day_load.Browser(args.port, day_load.Recorder())
        b.get("login page", "/login/")
        b.post("log in", "/login/", {"username": "leader", "password": day_data.PASSWORD})
        return b

    with http_load.gunicorn(1, CELERY_BROKER_URL=args.broker, **SERVE):
        return day_server.export_memory(args.port, login, exports)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=10_000_000)
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--sessions", type=int, default=100)
    parser.add_argument("--intake", type=float, default=20, help="reports a second")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--broker", default=os.environ.get("BENCH_BROKER", DEFAULT_BROKER))
    parser.add_argument(
        "--cache",
        default=os.environ.get("BENCH_CACHE", DEFAULT_CACHE),
        help="the shared cache's Redis URL (CIVICGRID_REDIS_URL); none: each process its own",
    )
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", "8765")))
    parser.add_argument("--skip-export-memory", action="store_true")
    parser.add_argument("--output", default=None)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("bench_day.py measures PostgreSQL: set DATABASE_URL")
    http_load.PORT = args.port
    print("== a city's working day on postgresql ==", flush=True)
    built = day_data.build(args.persons)
    filled = day_data.fill_cases(args.cases, bench_cases.fill)
    people = day_data.sessions_people(args.sessions)
    the_plan = plan(args, people)
    logs = Path(tempfile.mkdtemp(prefix="bench-day-"))  # kept: Celery's logs, the raw samples
    day = run_day(args, the_plan, logs)
    print(f"  Celery's logs and the raw samples: {logs}", flush=True)
    try:
        exports = None if args.skip_export_memory else export_memory(args)
    except Exception as exc:  # the day's figures are written all the same
        exports = {"error": f"{type(exc).__name__}: {exc}"[:300]}
    results = {
        "benchmark": "day",
        "database": "postgresql",
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "command": " ".join(sys.argv),
        "data": {"district": built, "cases": filled, "cases_stored": Case.objects.count()},
        "day": {
            "minutes": args.minutes,
            "sessions": {
                r: sum(1 for p in people if p.role == r) for r in {p.role for p in people}
            },
            "intake_per_second": args.intake,
            "gunicorn_workers": args.workers,
            "broker": args.broker,
            "cache": args.cache,
        },
        **day_report.summary(day),
        "export_memory": exports,
        "targets": day_report.TARGETS,
    }
    day_report.show(results)
    out = Path(args.output or ROOT / "benchmarks" / "results" / "day-postgresql.json")
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(f"written {out}")


if __name__ == "__main__":
    main()
