"""Shared by the HTTP benchmarks: gunicorn serving the project, and N client threads sending
requests one at a time for a while, each on its own connection (gunicorn's sync workers close it
after each answer; the client opens it again). Latencies of the successful ones; every other
answer, and every request that got no answer, is counted as an error with its status."""

from __future__ import annotations

import contextlib
import http.client
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PORT = int(os.environ.get("BENCH_PORT", "8765"))


def percentile(samples, q):
    samples = sorted(samples)
    return samples[max(0, int(len(samples) * q) - 1)]


@contextlib.contextmanager
def gunicorn(workers: int = 4, app: str = "config.wsgi:application", **settings: str):
    """Serve ``app`` with ``workers`` processes; keyword arguments are extra environment
    settings (benchmarks/floors.py serves ``benchmarks.floor.wsgi:application``: the product's
    URLs and the floors' on the same settings)."""
    env = {**os.environ, "CIVICGRID_LOG_LEVEL": "WARNING", **settings}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            app,
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
            # gunicorn's default control socket is shared by every server of the user: stopping
            # this one would remove another's (a `make demo` running beside it)
            "--no-control-socket",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(100):
            try:
                http.client.HTTPConnection("127.0.0.1", PORT, timeout=1).request("GET", "/healthz")
                break
            except OSError:
                time.sleep(0.2)
        yield
    finally:
        server.terminate()
        try:  # gunicorn lets its workers finish (up to its graceful timeout, 30 s)
            server.wait(40)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(10)


def load(request, seconds: float, clients: int = 16, ok=(200, 201)) -> dict:
    """``request(n, i)`` → (method, path, body, headers) for client ``n``'s ``i``-th request."""
    latencies, errors = [], []
    stop = time.monotonic() + seconds
    lock = threading.Lock()

    def client(n: int):
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
        mine, failed, i = [], [], 0
        while time.monotonic() < stop:
            method, path, body, headers = request(n, i)
            started = time.perf_counter()
            try:
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                response.read()
            except (OSError, http.client.HTTPException) as exc:  # no answer: an error too
                failed.append(type(exc).__name__)
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
                i += 1
                continue
            elapsed = (time.perf_counter() - started) * 1000
            (mine if response.status in ok else failed).append(
                elapsed if response.status in ok else response.status
            )
            i += 1
        conn.close()
        with lock:
            latencies.extend(mine)
            errors.extend(failed)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    return {
        "clients": clients,
        "seconds": round(wall, 1),
        "requests": len(latencies),
        "errors": len(errors),
        "error_statuses": sorted({str(e) for e in errors})[:5],
        "per_second": round(len(latencies) / wall, 1),
        "p50_ms": round(statistics.median(latencies), 1) if latencies else None,
        "p95_ms": round(percentile(latencies, 0.95), 1) if latencies else None,
        "p99_ms": round(percentile(latencies, 0.99), 1) if latencies else None,
    }
