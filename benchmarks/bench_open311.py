"""Open311 benchmark on PostgreSQL (DATABASE_URL must point at an empty database).

gunicorn with 4 workers, 16 client threads on loopback, with N cases stored (default 1,000,000,
written by SQL like bench_cases.py): GET services, GET requests (the default page: the last 90
days, up to 1,000 requests), GET requests filtered by status and service_code, and POST
requests; then the server time of the main pages (bench_pages.py). The public lists are cached per process until a case changes (open311/documents.py);
``get_requests_default_uncached`` measures the default page rendered afresh every time, the worst
case when cases change continuously. Prints numbers and writes
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
from urllib.parse import urlencode

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_cases import _points_in_grids, fill  # noqa: E402  (sets Django up)
from bench_pages import bench_pages  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402
from http_load import gunicorn, load  # noqa: E402

from civicgrid.areas.models import Area  # noqa: E402
from civicgrid.cases.models import Case  # noqa: E402
from civicgrid.catalogue.models import CaseClass  # noqa: E402
from civicgrid.open311.services import app_issue  # noqa: E402

TARGETS = {"post_per_second": 600, "get_requests_per_second": 800, "p95_ms": 50}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--output", default=None)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("bench_open311.py measures PostgreSQL: set DATABASE_URL to an empty database")
    print("== Open311 benchmarks on postgresql ==", flush=True)
    call_command("migrate", verbosity=0)
    if not Area.objects.exists():
        call_command("demo", "--scale", "tiny", "--cases", "0", verbosity=0)
    have = Case.objects.count()
    if have < args.cases:
        fill(args.cases - have, open_share=0.1, now=timezone.now())
    _app, key = app_issue(name="bench", requests_per_hour=0)
    busy = CaseClass.objects.filter(kind="matter").order_by("id").values_list("code", flat=True)[0]
    points = _points_in_grids(4000)
    form = {"Content-Type": "application/x-www-form-urlencoded"}

    def get(path):
        return lambda n, i: ("GET", path, None, {})

    def post(n, i):
        lon, lat = points[(n * 7919 + i) % len(points)]
        body = urlencode(
            {
                "api_key": key,
                "service_code": "06010",
                "lat": lat,
                "long": lon,
                "attribute[volume]": "small",
                "description": "bench",
                "phone": "13800000000",
            }
        )
        return "POST", "/open311/v2/requests.json", body, form

    workloads = {
        "get_services": get("/open311/v2/services.json"),
        "get_requests_default": get("/open311/v2/requests.json"),
        "get_requests_filtered": get(f"/open311/v2/requests.json?status=open&service_code={busy}"),
        "post_requests": post,
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
            measured = load(request, args.seconds, 16)
            results[name] = _shown(name, measured)
    # the same default page rendered for every request, as when cases change all the time
    with gunicorn(4, CIVICGRID_OPEN311_CACHE_SECONDS="0"):
        measured = load(workloads["get_requests_default"], args.seconds, 16)
    results["get_requests_default_uncached"] = _shown("get_requests_default_uncached", measured)
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
