"""Issue 19's floors beside the product, in one run, on PostgreSQL (DATABASE_URL: an empty
database, or one a benchmark filled).

One gunicorn (``--workers``, default 4) serves ``benchmarks.floor.wsgi``: the product's own WSGI
application on config.settings, whose URL map also holds the floors (benchmarks/floor/). The
lists are rendered afresh for every request (``CIVICGRID_OPEN311_CACHE_SECONDS=0``, as when
cases change all the time); nothing else differs from ``config.wsgi``. ``--clients`` (8) client
threads, one request at a time each. Rounds alternate (every other round in reverse order),
``--rounds`` (3) of each:

- list: the product's ``GET /open311/v2/requests.json`` (the default page: 1,000 requests)
  and the list floor (the same 1,000 rows' published columns as JSON from ``.values()``);
- intake: the REST intake ``POST /api/v1/cases``, the framework floor (``POST /floor/cases``:
  a bearer token by its hashed key, one row of a case's width in one transaction), Open311
  ``POST requests.json``, and the database floor (pgbench, one single-row INSERT per
  transaction into the floor's table, as many clients).

Each workload is warmed up first (every worker's caches), then measured; best and median rate,
p95 per round, errors. Ratios are of the medians. Queries per report are counted in-process
(Django's test client, three reports after a warm one). Prints a table and writes
benchmarks/results/floors-postgresql.json; ``--cases`` (100,000) are stored first by SQL
(bench_cases.fill), and before the lists' rounds the newest 5,000 get what a live district's
cases have and the fill leaves out (floor/database.py ``enrich``: a description with a phone
number, an address, a building, public events and notes, a photo on one in five).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("CIVICGRID_LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from http_load import gunicorn, load  # noqa: E402

from benchmarks.floor import database  # noqa: E402
from benchmarks.floor.workloads import Workloads, queries_per_report, same_rows  # noqa: E402
from civicgrid.areas.models import Area  # noqa: E402
from civicgrid.catalogue.models import CaseClass  # noqa: E402

APP = "benchmarks.floor.wsgi:application"
# issue 19, §2: the product's rate as a share of its floor's, and its p95 as a multiple
TARGETS = {
    "rest_intake": {"floor": "framework", "rate": 0.5, "p95": 2.0},
    "open311_post": {"floor": "framework", "rate": 0.8, "p95": None},
    "open311_get_afresh": {"floor": "list", "rate": 0.5, "p95": None},
}
SHOWN = {
    "rest_intake": "REST intake POST /api/v1/cases",
    "open311_post": "Open311 POST requests.json",
    "open311_get_afresh": "Open311 GET requests.json, default page (1,000), afresh",
    "framework": "framework floor (POST /floor/cases)",
    "list": "list floor (GET /floor/requests.json)",
    "database": "database floor (pgbench, 1 INSERT per tx)",
}


def summary(rounds: list[dict]) -> dict:
    rates = [r["per_second"] for r in rounds]
    p95s = [r["p95_ms"] for r in rounds if r["p95_ms"] is not None]
    return {
        "best_per_second": max(rates),
        "median_per_second": round(statistics.median(rates), 1),
        "median_p95_ms": round(statistics.median(p95s), 1) if p95s else None,
        "best_p95_ms": min(p95s) if p95s else None,
        "requests": sum(r["requests"] for r in rounds),
        "errors": sum(r["errors"] for r in rounds),
        "error_statuses": sorted({s for r in rounds for s in r["error_statuses"]})[:5],
        "rounds": rounds,
    }


def alternate(runs: dict[str, Callable[[], dict]], rounds: int) -> dict[str, dict]:
    """Each of ``runs`` once per round, ``rounds`` times; every other round in reverse order
    (A B, B A, A B …), so that a drift of the machine's speed favours neither."""
    measured: dict[str, list[dict]] = {name: [] for name in runs}
    for k in range(rounds):
        for name in list(runs) if k % 2 == 0 else list(runs)[::-1]:
            got = runs[name]()
            measured[name].append(got)
            errors = f", {got['errors']} ERRORS {got['error_statuses']}" if got["errors"] else ""
            print(
                f"    round {k + 1} {name}: {got['per_second']}/s, p50 {got['p50_ms']} ms, "
                f"p95 {got['p95_ms']} ms{errors}",
                flush=True,
            )
    return {name: summary(got) for name, got in measured.items()}


def compare(name: str, product: dict, floor: dict) -> dict:
    target = TARGETS[name]
    rate = (
        product["median_per_second"] / floor["median_per_second"]
        if floor["median_per_second"]
        else None
    )
    p95 = (
        product["median_p95_ms"] / floor["median_p95_ms"]
        if product["median_p95_ms"] and floor["median_p95_ms"]
        else None
    )
    clean = product["errors"] == 0 and floor["errors"] == 0 and product.get("comparable", True)
    met = (
        clean
        and rate is not None
        and rate >= target["rate"]
        and (target["p95"] is None or (p95 is not None and p95 <= target["p95"]))
    )
    wanted = f"≥ {target['rate']:.0%} of the {target['floor']} floor's rate"
    if target["p95"]:
        wanted += f"; p95 ≤ {target['p95']:g}× the floor's"
    return {
        "what": SHOWN[name],
        "floor": target["floor"],
        "product_per_second": product["median_per_second"],
        "product_best_per_second": product["best_per_second"],
        "product_p95_ms": product["median_p95_ms"],
        "floor_per_second": floor["median_per_second"],
        "floor_best_per_second": floor["best_per_second"],
        "floor_p95_ms": floor["median_p95_ms"],
        "ratio": round(rate, 3) if rate is not None else None,
        "best_ratio": round(product["best_per_second"] / floor["best_per_second"], 3)
        if floor["best_per_second"]
        else None,
        "p95_ratio": round(p95, 2) if p95 is not None else None,
        "target": wanted,
        "errors": {"product": product["errors"], "floor": floor["errors"]},
        "same_rows_as_floor": product.get("comparable", True),
        "met": met,
    }


def machine() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    return {
        "cores": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
        "django": django.get_version(),
        "postgresql": version,
    }


WORKLOADS = {
    "list": ("open311_get_afresh", "list"),
    "intake": ("rest_intake", "framework", "open311_post", "database"),
}


def measure(
    *,
    names: tuple[str, ...] = (*WORKLOADS["list"], *WORKLOADS["intake"]),
    workers: int = 4,
    clients: int = 8,
    rounds: int = 3,
    seconds: float = 6,
    list_seconds: float = 8,
    db_seconds: float = 5,
    warmup: float = 2,
) -> dict:
    """``names`` (of WORKLOADS) against their floors, alternating, on the cases stored: the
    lists' rounds first, then the intakes'. Prints the table and returns the figures."""
    from bench_cases import _points_in_grids

    from civicgrid.cases.models import Case

    work = Workloads(_points_in_grids(4000))
    results: dict = {
        "machine": machine(),
        "cases": Case.objects.count(),
        "settings": {
            "workers": workers,
            "clients": clients,
            "rounds": rounds,
            "seconds_per_round": seconds,
            "list_seconds_per_round": list_seconds,
            "pgbench_seconds_per_round": db_seconds,
            "warmup_seconds": warmup,
            "open311_cache_seconds": 0,
        },
    }
    if "open311_get_afresh" in names or "list" in names:
        enriched = database.enrich()
        print(f"  the newest cases as a live district has them: {enriched:,} enriched", flush=True)
    print(f"  floor table: {database.make_table():,} rows copied", flush=True)
    counts = queries_per_report(work, [n for n in names if n != "database"])
    for name, got in counts.items():
        most = f"–{got['queries_most']}" if got["queries_most"] > got["queries"] else ""
        print(f"  queries per request, {SHOWN[name]}: {got['queries']}{most}", flush=True)
    results["queries_per_report"] = counts
    grid = Area.objects.filter(level=5).order_by("id").values_list("id", flat=True).first()
    sql = database.script(CaseClass.objects.get(code="06010").pk, grid)
    ok = {"open311_get_afresh": (200,), "list": (200,), "rest_intake": (201,), "framework": (201,)}

    def run(name: str) -> Callable[[], dict]:
        if name == "database":
            return lambda: database.pgbench(db_seconds, clients, sql)
        span = list_seconds if name in WORKLOADS["list"] else seconds
        return lambda: load(getattr(work, name), span, clients, ok=ok.get(name, (200, 201)))

    summaries: dict = {}
    with gunicorn(workers, app=APP, CIVICGRID_OPEN311_CACHE_SECONDS="0"):
        for part, members in WORKLOADS.items():
            chosen = [n for n in members if n in names]
            if not chosen:
                continue
            if "list" in chosen:
                results["same_rows"] = same_rows()
            print(f"  {part}: warming up {', '.join(chosen)}", flush=True)
            for name in chosen:
                if name != "database":
                    warm = load(getattr(work, name), warmup, clients, ok=ok.get(name, (200, 201)))
                    if warm["errors"]:
                        print(
                            f"    warm-up {name}: {warm['errors']} errors {warm['error_statuses']}"
                        )
            summaries.update(alternate({n: run(n) for n in chosen}, rounds))
    if "open311_get_afresh" in summaries and "same_rows" in results:
        summaries["open311_get_afresh"]["comparable"] = results["same_rows"]["same"]
    database.drop_table()
    results["floors"] = {
        k: summaries[k] for k in ("framework", "list", "database") if k in summaries
    }
    results["product"] = {k: summaries[k] for k in TARGETS if k in summaries}
    results["comparisons"] = {
        name: compare(name, summaries[name], summaries[TARGETS[name]["floor"]])
        for name in TARGETS
        if name in summaries and TARGETS[name]["floor"] in summaries
    }
    if "framework" in summaries and "database" in summaries:
        db = summaries["database"]["median_per_second"]
        results["framework_floor_share_of_database_floor"] = (
            round(summaries["framework"]["median_per_second"] / db, 3) if db else None
        )
    results["machine"]["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    print(table(results), flush=True)
    return results


def table(results: dict) -> str:
    """Each product figure beside its floor, the ratio and the target."""
    lines = [
        f"  {'what':<56} {'product':>22} {'floor':>22} {'ratio':>6} {'p95×':>5}  target: met",
    ]

    def figure(rate, p95) -> str:
        return f"{rate:>8}/s p95 {p95 if p95 is not None else '—':>6} ms"

    for c in results.get("comparisons", {}).values():
        errors = "" if not any(c["errors"].values()) else f"  ERRORS {c['errors']}"
        if not c["same_rows_as_floor"]:
            errors += "  (NOT THE FLOOR'S ROWS)"
        ratio = f"{c['ratio']:.0%}" if c["ratio"] is not None else "—"
        lines.append(
            f"  {c['what']:<56} {figure(c['product_per_second'], c['product_p95_ms'])} "
            f"{figure(c['floor_per_second'], c['floor_p95_ms'])} {ratio:>6} "
            f"{c['p95_ratio'] or '—':>5}  {c['target']}: {'yes' if c['met'] else 'NO'}{errors}"
        )
    for name, floor in results.get("floors", {}).items():
        lines.append(
            f"  {SHOWN[name]:<56} {figure(floor['median_per_second'], floor['median_p95_ms'])}"
            f" (median of {len(floor['rounds'])}; best {floor['best_per_second']}/s;"
            f" {floor['errors']} errors)"
        )
    share = results.get("framework_floor_share_of_database_floor")
    if share is not None:
        lines.append(f"  the framework floor is {share:.0%} of the database floor")
    return "\n".join(lines)


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=6, help="per HTTP round of intake")
    parser.add_argument(
        "--list-seconds", type=float, default=8, help="per HTTP round of the lists (slower)"
    )
    parser.add_argument("--db-seconds", type=float, default=5, help="per pgbench round")
    parser.add_argument(
        "--only",
        default="list,intake",
        help="comma-separated: list, intake, or single workloads (rest_intake, framework, "
        "open311_post, database, open311_get_afresh, list)",
    )
    parser.add_argument("--output", default=None)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("floors.py measures PostgreSQL: set DATABASE_URL to an empty database")
    names = [n for part in args.only.split(",") for n in WORKLOADS.get(part, (part,))]
    unknown = set(names) - {n for members in WORKLOADS.values() for n in members}
    if unknown:
        sys.exit(f"--only: unknown {sorted(unknown)}; say list, intake or workloads of them")
    print("== floors on postgresql ==", flush=True)
    started = time.perf_counter()
    from bench_cases import tiny_district_with_cases

    tiny_district_with_cases(args.cases)
    set_up = time.perf_counter() - started
    print(f"  set up in {set_up:.0f} s (migrate, the tiny demo, the cases)", flush=True)
    results = {
        "benchmark": "floors",
        "database": "postgresql",
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "targets": TARGETS,
        **measure(
            names=tuple(names),
            workers=args.workers,
            clients=args.clients,
            rounds=args.rounds,
            seconds=args.seconds,
            list_seconds=args.list_seconds,
            db_seconds=args.db_seconds,
        ),
    }
    results["seconds"] = {
        "set_up": round(set_up),
        "measuring": round(time.perf_counter() - started - set_up),
    }
    print(f"  measured in {results['seconds']['measuring']} s", flush=True)
    out = Path(args.output or ROOT / "benchmarks" / "results" / "floors-postgresql.json")
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(f"written {out}")


if __name__ == "__main__":
    main()
