"""Open311 benchmark on PostgreSQL (DATABASE_URL must point at an empty database).

gunicorn with 4 workers, 8 client threads on loopback, with N cases stored (``--cases``, default
1,000,000, written by SQL like bench_cases.py):

- the polled documents, served from each process's cache until a case changes
  (open311/documents.py): GET services, GET requests (the default page: the last 90 days, up to
  1,000 requests), GET requests filtered by status and service_code;
- beside their floors (floors.py, rounds alternating): the default page rendered afresh for
  every request (the cache off, as when cases change all the time) against the list floor, and
  POST requests against the framework floor;

then the server time of the main pages (bench_pages.py). Prints numbers and writes
benchmarks/results/open311-postgresql.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import floors  # noqa: E402
from bench_cases import tiny_district_with_cases  # noqa: E402  (sets Django up)
from bench_pages import bench_pages  # noqa: E402
from django.db import connection  # noqa: E402
from http_load import gunicorn, load  # noqa: E402

from civicgrid.cases.models import Case  # noqa: E402
from civicgrid.catalogue.models import CaseClass  # noqa: E402

TARGETS = {
    "get_requests_per_second": 800,
    "p95_ms": 50,
    "get_afresh_share_of_list_floor": 0.5,
    "post_share_of_framework_floor": 0.8,
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--seconds", type=float, default=10, help="per cached workload")
    parser.add_argument("--round-seconds", type=float, default=8, help="per round beside a floor")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--output", default=None)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("bench_open311.py measures PostgreSQL: set DATABASE_URL to an empty database")
    print("== Open311 benchmarks on postgresql ==", flush=True)
    tiny_district_with_cases(args.cases)
    busy = CaseClass.objects.filter(kind="matter").order_by("id").values_list("code", flat=True)[0]

    def get(path):
        return lambda n, i: ("GET", path, None, {})

    workloads = {
        "get_services": get("/open311/v2/services.json"),
        "get_requests_default": get("/open311/v2/requests.json"),
        "get_requests_filtered": get(f"/open311/v2/requests.json?status=open&service_code={busy}"),
    }
    results = {
        "benchmark": "open311",
        "database": "postgresql",
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "cases": Case.objects.count(),
        "workers": 4,
        "targets": TARGETS,
    }
    with gunicorn(4):
        for name, request in workloads.items():
            measured = load(request, args.seconds, args.clients)
            results[name] = _shown(name, measured)
    # the default page rendered for every request (as when cases change all the time) and POST
    # requests, each beside its floor
    results["beside_floors"] = floors.measure(
        names=("open311_get_afresh", "list", "open311_post", "framework"),
        clients=args.clients,
        seconds=args.round_seconds,
    )
    results["pages"] = bench_pages()
    out = Path(args.output or HERE / "results" / "open311-postgresql.json")
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(f"written {out}")


def _shown(name: str, measured: dict) -> dict:
    print(
        f"  → {name}: {measured['per_second']}/s, p50 {measured['p50_ms']} ms, "
        f"p95 {measured['p95_ms']} ms ({measured['errors']} errors)",
        flush=True,
    )
    return measured


if __name__ == "__main__":
    main()
