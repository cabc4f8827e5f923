"""The server side of bench_day.py: Celery's worker and beat on a broker, the resident memory
of each gunicorn worker sampled from /proc, the statements PostgreSQL ran (pg_stat_statements),
and the memory of a worker streaming an export."""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
PAGE = os.sysconf("SC_PAGE_SIZE")


# -- Celery ------------------------------------------------------------------------------------
@contextlib.contextmanager
def celery(broker: str, logdir: Path, **settings: str):
    """As production runs it (docs/admin-guide.md): a worker (2 processes) on the default queue,
    the clock's own worker (1 process) on the ``clock`` queue (the sweep and the figures), and
    beat with the production schedule, on ``broker`` (``settings``: more of their environment);
    yields the workers' log files. Beat's schedule file is a temporary one (no state carried
    over)."""
    env = {
        **os.environ,
        "CELERY_BROKER_URL": broker,
        "CIVICGRID_CLOCK_QUEUE": "clock",
        "CIVICGRID_LOG_LEVEL": "INFO",
        **settings,
    }
    env.pop("GUNICORN_CMD_ARGS", None)
    logs = [logdir / "celery-worker.log", logdir / "celery-clock.log"]
    beat_log = logdir / "celery-beat.log"
    base = [sys.executable, "-m", "celery", "-A", "config"]
    quiet = ["--loglevel", "INFO", "--without-gossip", "--without-mingle", "--purge"]
    processes = [
        subprocess.Popen(
            [
                *base,
                "worker",
                *quiet,
                "--concurrency",
                concurrency,
                "--queues",
                queue,
                "--hostname",
                f"day-{queue}-{os.getpid()}@%h",
            ],
            cwd=ROOT,
            env=env,
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
        )
        for queue, concurrency, log in (("celery", "2", logs[0]), ("clock", "1", logs[1]))
    ]
    processes.append(
        subprocess.Popen(
            [
                *base,
                "beat",
                "--loglevel",
                "INFO",
                "--schedule",
                str(logdir / "beat-schedule"),
                "--pidfile",
                str(logdir / "beat.pid"),
            ],
            cwd=ROOT,
            env=env,
            stdout=beat_log.open("w"),
            stderr=subprocess.STDOUT,
        )
    )
    try:
        yield logs
    finally:
        for p in reversed(processes):
            p.terminate()
        for p in reversed(processes):
            try:
                p.wait(30)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait(5)


TASK_DONE = re.compile(r"Task ([\w.]+)\[[^\]]+\] succeeded in ([\d.]+)s")
TASK_FAILED = re.compile(r"Task ([\w.]+)\[[^\]]+\] (raised|failed)")


def task_durations(logs: list[Path]) -> dict:
    """Seconds each periodic task took in the workers, from their logs (``succeeded in``)."""
    runs: dict[str, list[float]] = {}
    failed: dict[str, int] = {}
    lines = [line for log in logs for line in log.read_text(errors="replace").splitlines()]
    for line in lines:
        if m := TASK_DONE.search(line):
            runs.setdefault(m.group(1), []).append(float(m.group(2)))
        elif m := TASK_FAILED.search(line):
            failed[m.group(1)] = failed.get(m.group(1), 0) + 1
    return {
        name: {
            "runs": len(values),
            "failed": failed.get(name, 0),
            "p50_s": round(statistics.median(values), 3),
            "max_s": round(max(values), 3),
        }
        for name, values in sorted(runs.items())
    } | {name: {"runs": 0, "failed": n} for name, n in failed.items() if name not in runs}


# -- resident memory ---------------------------------------------------------------------------
def _status(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM (peak) of ``pid`` in bytes."""
    out = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(("VmRSS:", "VmHWM:")):
                key, value, _unit = line.split()
                out[key[:-1]] = int(value) * 1024
    return out


def gunicorn_workers(port: int) -> list[int]:
    """The worker processes of the gunicorn serving ``port`` that this process started."""
    me, pids = os.getpid(), []
    masters = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            cmd = Path(f"/proc/{entry}/cmdline").read_bytes()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if b"gunicorn" in cmd and f"127.0.0.1:{port}".encode() in cmd:
            pids.append((int(entry), ppid))
            if ppid == me:
                masters.append(int(entry))
    return [pid for pid, ppid in pids if ppid in masters]


# -- where the CPUs went -------------------------------------------------------------------------
TICK = os.sysconf("SC_CLK_TCK")
GROUPS = (  # a process's group, by the first of these its command line holds
    ("gunicorn", b"gunicorn"),
    ("celery", b"celery"),
    ("load generator", b"day_load.py"),
    ("postgresql", b"postgres"),
)


def cpu_snapshot() -> dict:
    """CPU seconds so far: the machine's (busy and all, from /proc/stat) and each group's. A
    group counts its live processes and what their exited children used (PostgreSQL's
    connections that ended are in the postmaster's)."""
    with open("/proc/stat") as f:
        ticks = [int(v) for v in f.readline().split()[1:]]
    idle = ticks[3] + ticks[4]  # idle, iowait
    out = {"machine busy": (sum(ticks) - idle) / TICK, "machine all": sum(ticks) / TICK}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            cmd = Path(f"/proc/{entry}/cmdline").read_bytes()
        except OSError:
            continue
        group = next((name for name, mark in GROUPS if mark in cmd), None)
        if group is not None:  # utime, stime, cutime, cstime
            used = sum(int(v) for v in stat[11:15]) / TICK
            out[group] = out.get(group, 0.0) + used
    return out


def cpu_used(before: dict, after: dict) -> dict:
    """Where the CPUs went between two snapshots: seconds per group and the machine's share
    busy (a process that started and ended between them is not counted)."""
    spent = {k: round(after.get(k, 0.0) - before.get(k, 0.0), 1) for k in after}
    elapsed = spent.pop("machine all") or 1.0
    busy = spent.pop("machine busy")
    return {
        "machine_busy_share": round(busy / elapsed, 3),
        "cpu_seconds": {"machine (all cores)": busy, **{k: spent.get(k, 0.0) for k, _m in GROUPS}},
    }


class RssSampler(threading.Thread):
    """Samples every gunicorn worker's RSS every ``every`` seconds until stopped."""

    def __init__(self, port: int, every: float = 1.0) -> None:
        super().__init__(daemon=True)
        self.port, self.every = port, every
        self.max: dict[int, int] = {}
        self.hwm: dict[int, int] = {}
        self.halt = threading.Event()

    def run(self) -> None:
        while not self.halt.is_set():
            self.sample()
            self.halt.wait(self.every)

    def sample(self) -> None:
        for pid in gunicorn_workers(self.port):
            with contextlib.suppress(OSError, ValueError):
                s = _status(pid)
                self.max[pid] = max(self.max.get(pid, 0), s["VmRSS"])
                self.hwm[pid] = s["VmHWM"]

    def stop(self) -> dict:
        self.halt.set()
        self.join()
        mb = lambda b: round(b / 2**20, 1)  # noqa: E731
        return {
            "workers_seen": len(self.max),
            "max_rss_mb": mb(max(self.max.values(), default=0)),
            "max_peak_mb": mb(max(self.hwm.values(), default=0)),
            "per_worker_max_rss_mb": sorted(mb(v) for v in self.max.values()),
            "sample_every_s": self.every,
        }


# -- autovacuum ----------------------------------------------------------------------------------
@contextlib.contextmanager
def autovacuum():
    """PostgreSQL's autovacuum on for the day, as on any production server (this machine's
    server runs with it off: then the case tables' pages that the day touches are never marked
    all-visible and every index-only scan reads the table). Yields what the server had; a server
    that had it off gets it back off. Needs a superuser; without one the run goes on as it is."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW autovacuum")
        before = cursor.fetchone()[0]
        if before == "on":
            yield "on"
            return
        try:
            cursor.execute("ALTER SYSTEM SET autovacuum = on")
            cursor.execute("SELECT pg_reload_conf()")
        except Exception as exc:  # not a superuser: measured as the server is
            yield f"off ({str(exc).strip().splitlines()[0]})"
            return
    try:
        yield "off: turned on for the day"
    finally:
        with connection.cursor() as cursor:
            cursor.execute("ALTER SYSTEM RESET autovacuum")
            cursor.execute("SELECT pg_reload_conf()")


# -- pg_stat_statements ------------------------------------------------------------------------
def statements_reset() -> str | None:
    """Create the extension in this database and empty its figures; None when it works, else
    why not (the run goes on without it)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
            cursor.execute("SELECT pg_stat_statements_reset()")
        return None
    except Exception as exc:  # not loaded (shared_preload_libraries), or not allowed
        connection.rollback() if not connection.get_autocommit() else None
        return f"pg_stat_statements unavailable: {str(exc).strip().splitlines()[0]}"


def statements_top(n: int = 12) -> dict:
    """The statements of this database since the reset: the slowest by total and by mean time
    (mean only among statements called at least 5 times)."""
    columns = ("calls", "total_ms", "mean_ms", "max_ms", "rows", "query")
    query = (
        "SELECT calls, round(total_exec_time::numeric, 1), round(mean_exec_time::numeric, 2), "
        "round(max_exec_time::numeric, 1), rows, left(regexp_replace(query, '\\s+', ' ', 'g'), "
        "300) FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE "
        "datname = current_database()) {where} ORDER BY {order} DESC LIMIT %s"
    )
    out = {}
    with connection.cursor() as cursor:
        for name, where, order in (
            ("by_total_time", "", "total_exec_time"),
            ("by_mean_time", "AND calls >= 5", "mean_exec_time"),
        ):
            cursor.execute(query.format(where=where, order=order), [n])
            out[name] = [
                {
                    k: (float(v) if k.endswith("_ms") else v)
                    for k, v in zip(columns, row, strict=True)
                }
                for row in cursor.fetchall()
            ]
        cursor.execute(
            "SELECT sum(calls), round(sum(total_exec_time)::numeric, 0) FROM pg_stat_statements "
            "WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())"
        )
        calls, total = cursor.fetchone()
    out["statements"] = int(calls or 0)
    out["total_ms"] = float(total or 0)
    return out


# -- export memory -----------------------------------------------------------------------------
def export_memory(port: int, login, exports: dict[str, str]) -> dict:
    """Stream each export in ``exports`` (name → path) from the one worker of a gunicorn with
    one worker, sampling its RSS every 20 ms: its RSS before, the most during, the kernel's
    peak (VmHWM) after, the bytes and the seconds. ``login()`` → a logged-in day_load.Browser.
    """
    browser = login()
    (pid,) = gunicorn_workers(port)
    out = {}
    for name, path in exports.items():
        before = _status(pid)
        top, done = [before["VmRSS"]], threading.Event()

        def watch(top=top, done=done, pid=pid) -> None:
            while not done.is_set():
                with contextlib.suppress(OSError):
                    top[0] = max(top[0], _status(pid).get("VmRSS", 0))
                done.wait(0.02)

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        started = time.perf_counter()
        size, status, error = 0, 0, ""
        try:
            browser.conn.request("GET", path, headers={"Cookie": browser.cookie_header()})
            response = browser.conn.getresponse()
            status = response.status
            with tempfile.TemporaryFile() as sink:
                while chunk := response.read(256 * 1024):
                    size += len(chunk)
                    sink.write(chunk)
        except (OSError, http.client.HTTPException) as exc:  # the worker killed half-way
            error = f"{type(exc).__name__}: {exc}"[:200]
            browser = login()
        seconds = time.perf_counter() - started
        done.set()
        watcher.join()
        try:
            after = _status(pid)
        except OSError:
            out[name] = {"status": status, "error": error or "the worker is gone"}
            print(f"  → export {name}: {out[name]}", flush=True)
            (pid,) = gunicorn_workers(port) or (0,)
            continue
        out[name] = {
            "status": status,
            "error": error,
            "megabytes": round(size / 2**20, 1),
            "seconds": round(seconds, 1),
            "rss_before_mb": round(before["VmRSS"] / 2**20, 1),
            "rss_max_during_mb": round(top[0] / 2**20, 1),
            "rss_growth_mb": round((top[0] - before["VmRSS"]) / 2**20, 1),
            "peak_hwm_after_mb": round(after["VmHWM"] / 2**20, 1),
        }
        print(
            f"  → export {name}: {out[name]['megabytes']} MB in {out[name]['seconds']} s; worker "
            f"RSS {out[name]['rss_before_mb']} → max {out[name]['rss_max_during_mb']} MB "
            f"(peak {out[name]['peak_hwm_after_mb']} MB)",
            flush=True,
        )
    return out
