"""Shared by the HTTP benchmarks: gunicorn serving the project, and N client threads sending
requests on keep-alive connections for a while (latencies of the successful ones)."""

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
def gunicorn(workers: int = 4, **settings: str):
    """Serve with ``workers`` processes; keyword arguments are extra environment settings."""
    env = {**os.environ, "CIVICGRID_LOG_LEVEL": "WARNING", **settings}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
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
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            elapsed = (time.perf_counter() - started) * 1000
            (mine if response.status in ok else failed).append(
                elapsed if response.status in ok else response.status
            )
            i += 1
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
        "error_statuses": sorted(set(errors))[:5],
        "per_second": round(len(latencies) / wall, 1),
        "p50_ms": round(statistics.median(latencies), 1) if latencies else None,
        "p95_ms": round(percentile(latencies, 0.95), 1) if latencies else None,
    }
