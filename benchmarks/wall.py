"""The command-centre wall (指挥大屏) after a restart: the first request and warm ones.

"After a restart": gunicorn (one worker) has started and answers its health check; the next
request is the wall's. Loads the small demo district (SQLite in a temporary folder by default; the database of
DATABASE_URL when it is set, loading the demo there only if it holds no district), makes the figures
as the scheduler beside the server would have left them an hour before (stale: the page must not
rewrite them while the leader waits), then starts gunicorn fresh and, as the demo's leader,
times: the wall's first request after the restart, then warm requests of the wall, of each of
its parts loaded after the first paint (new reports, overdue list, workers on duty, map cells)
and of a drill-down to a street and to a grid. Prints the numbers and writes
benchmarks/results/wall-<database>.json. Target: the first request ≤ 1 s.

    .venv/bin/python benchmarks/wall.py [--repeat 20] [--var DIR] [--output FILE]

``--var DIR`` keeps the demo's SQLite file in DIR between runs (made once).
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import datetime as dt
import http.client
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

TARGET_MS = 1000


def _setup(var: str | None) -> str:
    if var:
        Path(var).mkdir(parents=True, exist_ok=True)
    else:
        var = tempfile.mkdtemp(prefix="civicgrid-wall-")
        atexit.register(shutil.rmtree, var, ignore_errors=True)
    os.environ.update(
        {
            "CIVICGRID_VAR_DIR": var,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "CIVICGRID_LOG_LEVEL": "WARNING",
        }
    )
    import django

    django.setup()
    return var


def _prepare() -> tuple[str, dict]:
    """The demo loaded and its figures an hour old; a session of the demo's leader."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.utils import timezone

    from civicgrid.accounts.models import User
    from civicgrid.areas.models import Area
    from civicgrid.figures.models import AreaNow, Refresh
    from civicgrid.figures.services import count_now, refresh

    call_command("migrate", verbosity=0)
    if not Area.objects.exists():
        started = time.perf_counter()
        call_command("demo", "--scale", "small", verbosity=0)
        print(f"  demo loaded in {time.perf_counter() - started:.0f} s", flush=True)
    call_command("collectstatic", "--no-input", verbosity=0)
    hour_ago = timezone.now() - dt.timedelta(hours=1)
    refresh(now=hour_ago)
    count_now(now=hour_ago)
    Refresh.objects.filter(at__gt=hour_ago).delete()
    AreaNow.objects.update(at=hour_ago)
    leader = User.objects.get(username="leader")
    session = SessionStore()
    session[SESSION_KEY] = str(leader.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = leader.get_session_auth_hash()
    session.create()
    street = Area.objects.filter(level=3).order_by("code").first()
    grid = Area.objects.filter(level=5, path__startswith=street.path).order_by("code").first()
    return session.session_key, {"street": street.code, "grid": grid.code}


def _get(port: int, path: str, cookie: str) -> tuple[float, int, int]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    started = time.perf_counter()
    conn.request("GET", path, headers={"Cookie": f"sessionid={cookie}", "Accept-Language": "zh"})
    response = conn.getresponse()
    body = response.read()
    elapsed = (time.perf_counter() - started) * 1000
    conn.close()
    return elapsed, response.status, len(body)


@contextlib.contextmanager
def _server(port: int, env: dict):
    """gunicorn with one worker (the first request surely meets the process just started),
    stopped however busy it is (a loaded machine can take more than the shared helper's 10 s)."""
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--log-level",
            "warning",
            "--no-control-socket",
        ],
        cwd=ROOT,
        env={**os.environ, "CIVICGRID_LOG_LEVEL": "WARNING", **env},
    )
    try:
        # the server is up when it answers its health check
        for _ in range(600):
            try:
                if _get(port, "/healthz", "")[1] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.1)
        yield
    finally:
        server.terminate()
        try:
            server.wait(60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--var", default=None)
    parser.add_argument("--output", default=None)
    args = parser.parse_args()
    _setup(args.var)
    from django.db import connection
    from http_load import PORT

    database = connection.vendor
    print(f"== the command-centre wall after a restart ({database}) ==", flush=True)
    cookie, codes = _prepare()
    connection.close()
    paths = {
        "wall": "/command/?wall=1",
        "live": "/command/live",
        "feed": "/command/feed",
        "overdue": "/command/overdue",
        "duty": "/command/duty",
        "cells_open": "/command/cells?layer=open",
        "street": f"/command/?wall=1&area={codes['street']}",
        "grid": f"/command/?wall=1&area={codes['grid']}",
    }
    results: dict = {
        "benchmark": "wall",
        "database": database,
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "repeat": args.repeat,
        "target_first_ms": TARGET_MS,
        "pages": {},
    }
    env = {"CIVICGRID_VAR_DIR": os.environ["CIVICGRID_VAR_DIR"]}
    if os.environ.get("DATABASE_URL"):
        env["DATABASE_URL"] = os.environ["DATABASE_URL"]
    with _server(PORT, env):
        first, status, size = _get(PORT, paths["wall"], cookie)
        assert status == 200, status
        results["first_ms"] = round(first, 1)
        results["first_bytes"] = size
        print(f"  → first request of the wall: {first:.0f} ms ({size / 1024:.0f} KiB)", flush=True)
        for name, path in paths.items():
            runs = []
            for _ in range(args.repeat):
                elapsed, status, size = _get(PORT, path, cookie)
                if status != 200:
                    print(f"  → {name}: status {status}", flush=True)
                    break
                runs.append(elapsed)
            if not runs:
                results["pages"][name] = {"path": path, "status": status}
                continue
            runs.sort()
            out = {
                "path": path,
                "p50_ms": round(statistics.median(runs), 1),
                "max_ms": round(runs[-1], 1),
                "bytes": size,
            }
            results["pages"][name] = out
            print(
                f"  → {name} warm: p50 {out['p50_ms']} ms, max {out['max_ms']} ms "
                f"({size / 1024:.1f} KiB)",
                flush=True,
            )
    met = results["first_ms"] <= TARGET_MS
    results["target_met"] = met
    print(
        f"  first request {results['first_ms']} ms (target ≤ {TARGET_MS} ms): "
        f"{'met' if met else 'NOT met'}"
    )
    out_path = Path(args.output or ROOT / "benchmarks" / "results" / f"wall-{database}.json")
    out_path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(f"written {out_path}")


if __name__ == "__main__":
    main()
