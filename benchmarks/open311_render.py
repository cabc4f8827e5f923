"""Open311's default page (1,000 requests) rendered afresh, beside the list floor, in ONE process.

Issue 19 §2 asks the product's ``GET requests`` default page to reach half the rate of the list
floor (benchmarks/floor/views.py ``requests_floor``: the same 1,000 rows' published columns from
``.values()`` as JSON). Served by gunicorn (benchmarks/floors.py) both share the stack; here the
two views are called directly (RequestFactory, no middleware, no HTTP) so that what is left is
the query and the rendering, measured alternately in rounds: the floor, the product in JSON, the
product in XML. The product's document cache is off (``CIVICGRID_OPEN311_CACHE_SECONDS=0``).

DATABASE_URL: a PostgreSQL database (empty, or filled by a benchmark). ``--cases`` (200,000)
are stored first by SQL (bench_cases.fill) when fewer are there; the newest 5,000 then get what
a live district has and the SQL fill leaves out: a description with a phone number, an address,
a building, public events (the report; a public note on closing) and a public photo on one in
five. ``--profile json|xml`` prints pyinstrument's profile of the product instead (pip install
pyinstrument). Prints ms per page and the ratios; writes benchmarks/results/open311-render.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("CIVICGRID_LOG_LEVEL", "WARNING")
os.environ["CIVICGRID_OPEN311_CACHE_SECONDS"] = "0"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from django.utils import translation  # noqa: E402

from benchmarks.floor.database import enrich  # noqa: E402
from benchmarks.floor.views import requests_floor  # noqa: E402
from civicgrid.cases.models import Case  # noqa: E402
from civicgrid.open311 import views  # noqa: E402

ENRICHED = 5000


def prepare(cases: int) -> None:
    from bench_cases import tiny_district_with_cases

    tiny_district_with_cases(cases)
    enrich(ENRICHED)  # what a live district's newest cases have (the floors' own step)


FACTORY = RequestFactory()


def floor() -> bytes:
    return requests_floor(FACTORY.get("/floor/requests.json")).content


def product(fmt: str):
    def call() -> bytes:
        response = views.requests(FACTORY.get(f"/open311/v2/requests.{fmt}"), fmt=fmt)
        assert response.status_code == 200, response.content[:300]
        return response.content

    return call


def timed(call, n: int) -> tuple[list[float], list[float]]:
    """Wall and this process's CPU milliseconds of ``n`` calls (the CPU figure leaves out
    PostgreSQL's share and the waits of a busy machine)."""
    wall, cpu = [], []
    for _ in range(n):
        started, used = time.perf_counter(), time.process_time()
        call()
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - used) * 1000)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=200_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--requests", type=int, default=10, help="per workload and round")
    parser.add_argument("--profile", choices=["json", "xml"])
    parser.add_argument("--output", default=None)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("open311_render.py measures PostgreSQL: set DATABASE_URL")
    assert settings.CIVICGRID_OPEN311_CACHE_SECONDS == 0
    translation.activate(settings.LANGUAGE_CODE)
    prepare(args.cases)
    workloads = {"floor": floor, "json": product("json"), "xml": product("xml")}
    sizes = {name: call() for name, call in workloads.items()}  # warm: catalogue, connection
    rows = len(json.loads(sizes["json"]))
    print(f"{Case.objects.count():,} cases; the default page holds {rows} requests; bytes:", end="")
    print(", ".join(f" {name} {len(body):,}" for name, body in sizes.items()), flush=True)
    if args.profile:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.0005)
        with profiler:
            timed(workloads[args.profile], args.requests)
        print(profiler.output_text(unicode=True, color=False, show_all=False))
        return
    walls: dict[str, list[float]] = {name: [] for name in workloads}
    cpus: dict[str, list[float]] = {name: [] for name in workloads}
    medians: dict[str, list[float]] = {name: [] for name in workloads}
    for round_ in range(args.rounds):
        for name, call in workloads.items():
            wall, cpu = timed(call, args.requests)
            walls[name] += wall
            cpus[name] += cpu
            medians[name].append(statistics.median(wall))
        print(
            f"  round {round_ + 1}: "
            + ", ".join(f"{n} {medians[n][-1]:.1f} ms" for n in workloads),
            flush=True,
        )
    result = {
        name: {
            "best_ms": round(min(walls[name]), 1),
            "median_ms": round(statistics.median(walls[name]), 1),
            "round_medians_ms": [round(m, 1) for m in medians[name]],
            "cpu_best_ms": round(min(cpus[name]), 1),
            "cpu_median_ms": round(statistics.median(cpus[name]), 1),
        }
        for name in workloads
    }
    base = result["floor"]
    for name in ("json", "xml"):
        r = result[name]
        r["cost_vs_floor"] = round(r["median_ms"] / base["median_ms"], 2)
        r["best_vs_floor"] = round(r["best_ms"] / base["best_ms"], 2)
        r["cpu_vs_floor"] = round(r["cpu_median_ms"] / base["cpu_median_ms"], 2)
    for name, r in result.items():
        print(
            f"  {name}: wall best {r['best_ms']} ms, median {r['median_ms']} ms; "
            f"CPU of this process median {r['cpu_median_ms']} ms per page"
            + (
                f" → {r['cost_vs_floor']}× the floor's median time ({r['best_vs_floor']}× best, "
                f"{r['cpu_vs_floor']}× CPU)"
                if "cost_vs_floor" in r
                else ""
            )
        )
    out = Path(args.output or ROOT / "benchmarks" / "results" / "open311-render.json")
    out.write_text(
        json.dumps(
            {
                "benchmark": "open311-render",
                "date": dt.datetime.now().isoformat(timespec="seconds"),
                "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
                "cases": Case.objects.count(),
                "rows": rows,
                "rounds": args.rounds,
                "requests_per_round": args.requests,
                "results": result,
            },
            indent=2,
        )
        + "\n"
    )
    print(f"written {out}")


if __name__ == "__main__":
    main()
