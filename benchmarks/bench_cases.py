"""Case-loop benchmarks on PostgreSQL (DATABASE_URL must point at an empty database).

1. intake through the REST API beside its floors (floors.py): gunicorn with 4 workers, 8
   concurrent clients on loopback, ``--intake-cases`` (100,000) stored; rounds alternate between
   reports posted to ``POST /api/v1/cases`` (location → grid → class → deadlines-ready case →
   event), the framework floor (a hashed token, one row of a case's width) and pgbench's
   single-row inserts — cases/s and p95 of each, the ratios, queries per report.
2. sweep over N open cases (default 1,000,000) whose yellow and red points straddle *now* —
   seconds for the first sweep (announces every new card) and for a second one (idempotent).
3. case list API with M cases stored (default 10,000,000): first page, filtered pages, a deep
   keyset page — p50/p95.
4. the main pages and the command centre with those M cases (bench_pages.py).
5. every area and department indicator for the last full month over the district's streets.

Bulk history for 2 and 3 is written by SQL (``INSERT … SELECT … generate_series``): cases only,
no event rows (the list and the sweep do not read events). Prints numbers and writes
benchmarks/results/cases-postgresql.json. Numbers, not pass/fail.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("CIVICGRID_LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from civicgrid.accounts.models import OrgUnit, User  # noqa: E402
from civicgrid.accounts.services import token_create  # noqa: E402
from civicgrid.areas.locator import locate_many  # noqa: E402
from civicgrid.areas.models import Area  # noqa: E402
from civicgrid.cases.models import Case, CaseEvent, SweepRun  # noqa: E402
from civicgrid.cases.services.sweep import sweep  # noqa: E402
from civicgrid.catalogue.models import CaseClass  # noqa: E402
from civicgrid.core.bulk import analyze  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_pages import bench_pages  # noqa: E402
from http_load import percentile  # noqa: E402


# -- 1. intake ----------------------------------------------------------------------------------
def _points_in_grids(n: int) -> list[tuple[float, float]]:
    """``n`` random points inside the district's grids (reports come from everywhere, so the
    duplicate look-up sees a realistic handful of neighbours, not every case at one spot)."""
    rnd = random.Random(311)
    boxes = list(Area.objects.filter(level=5, active=True).values_list("bbox", flat=True))
    points: list[tuple[float, float]] = []
    while len(points) < n:
        batch = []
        for _ in range(n):
            x0, y0, x1, y1 = rnd.choice(boxes)
            batch.append((rnd.uniform(x0, x1), rnd.uniform(y0, y1)))
        points += [p for p, grid in zip(batch, locate_many(batch), strict=True) if grid]
    return points[:n]


def bench_intake(seconds: float, cases: int, clients: int = 8, workers: int = 4) -> dict:
    """The REST intake beside the framework floor and the database floor (floors.py), rounds
    alternating, with ``cases`` stored (issue 19: 100,000) written by SQL first."""
    import floors

    have = Case.objects.count()
    if have < cases:
        fill(cases - have, open_share=0.1, now=timezone.now())
    out = floors.measure(
        names=("rest_intake", "framework", "database"),
        workers=workers,
        clients=clients,
        seconds=seconds,
    )
    got = out["comparisons"]["rest_intake"]
    print(
        f"  → intake: {got['product_per_second']} cases/s, p95 {got['product_p95_ms']} ms: "
        f"{got['ratio']:.0%} of the framework floor ({got['floor_per_second']}/s, p95 "
        f"{got['floor_p95_ms']} ms); {out['queries_per_report']['rest_intake']['queries']} "
        "queries per report",
        flush=True,
    )
    return out


# -- bulk history by SQL -----------------------------------------------------------------------
def tiny_district_with_cases(n: int, *, open_share: float = 0.1) -> None:
    """Migrate, load the tiny demo (no cases) if the database has no district yet, and fill
    cases by SQL until ``n`` are stored (a database filled before is reused)."""
    call_command("migrate", verbosity=0)
    if not Area.objects.exists():
        call_command("demo", "--scale", "tiny", "--cases", "0", verbosity=0)
    have = Case.objects.count()
    if have < n:
        fill(n - have, open_share=open_share, now=timezone.now())


def fill(n: int, *, open_share: float, now: dt.datetime, days: int = 90) -> float:
    """Write ``n`` cases reported over the past ``days`` days, in the order of their ids (as a
    live table grows), each somewhere in its grid: ``open_share`` of them open (dispatched or
    handling, deadlines around ``now``), the rest closed. Ends with VACUUM (ANALYZE), as
    autovacuum would leave a table that has stopped changing."""
    boxes = list(Area.objects.filter(level=5, active=True).order_by("id").values_list("id", "bbox"))
    grids = [pk for pk, _box in boxes]
    classes = list(CaseClass.objects.filter(kind="matter").values_list("id", flat=True)[:60])
    units = list(OrgUnit.objects.filter(kind="department").values_list("id", flat=True))
    start = (Case.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    cols = {
        "id": "g",
        "number": "'SQ' || to_char(rep, 'YYYYMMDD') || lpad(g::text, 8, '0')",
        "kind": "'matter'",
        "case_class_id": "({classes})[1 + (g %% {nc})]",
        "channel": "CASE WHEN g %% 5 < 2 THEN 'hotline' ELSE 'patrol' END",
        "state": "CASE WHEN op THEN (CASE WHEN g %% 2 = 0 THEN 'handling' ELSE 'dispatched' END) ELSE 'closed' END",
        "priority": "'routine'",
        "description": "'bench'",
        "answers": "'{{}}'::jsonb",
        "lon": "({x0})[1 + (g %% {ng})] + random() * (({x1})[1 + (g %% {ng})] - ({x0})[1 + (g %% {ng})])",
        "lat": "({y0})[1 + (g %% {ng})] + random() * (({y1})[1 + (g %% {ng})] - ({y0})[1 + (g %% {ng})])",
        "address": "''",
        "building_id": "NULL",
        "grid_id": "({grids})[1 + (g %% {ng})]",
        "reporter_user_id": "NULL",
        "anonymous": "true",
        "reporter_name": "''",
        "reporter_phone_enc": "''",
        "reporter_phone_index": "''",
        "reporter_phone_masked": "''",
        "reporter_email_enc": "''",
        "reporter_email_index": "''",
        "reporter_email_masked": "''",
        "idempotency_key": "''",
        "merged_into_id": "NULL",
        "dispatch_level": "'district'",
        "lead_unit_id": "({units})[1 + (g %% {nu})]",
        "routing_rule_id": "NULL",
        "tier_opened": "'grid'",
        "tier_current": "'grid'",
        "tier_resolved": "CASE WHEN op THEN '' ELSE 'district' END",
        "due_at": "CASE WHEN op THEN now_ + (random() * 4 - 2) * interval '1 hour' END",
        "yellow_at": "CASE WHEN op THEN now_ + (random() * 4 - 2.8) * interval '1 hour' END",
        "red_at": "CASE WHEN op THEN now_ + (random() * 4 - 2) * interval '1 hour' END",
        "handle_due_at": "rep + interval '1 day'",
        "suspended_at": "NULL",
        "supervised_at": "NULL",
        "reported_at": "rep",
        "registered_at": "rep + interval '10 minutes'",
        "dispatched_at": "rep + interval '20 minutes'",
        "handled_at": "CASE WHEN op THEN NULL ELSE rep + interval '5 hours' END",
        "handling_seconds": "CASE WHEN op THEN NULL ELSE (random() * 8 * 3600)::int END",
        "closed_at": "CASE WHEN op THEN NULL ELSE rep + interval '6 hours' END",
        "closed_on_time": "CASE WHEN op THEN NULL ELSE true END",
        "self_handled": "false",
        "rating": "''",
        "resolved": "NULL",
        "rework_count": "0",
        "return_count": "0",
        "reopen_count": "0",
        "version": "1",
        "created_at": "rep",
        "updated_at": "rep",
    }
    columns = [f.column for f in Case._meta.concrete_fields]
    missing = set(columns) - set(cols)
    assert not missing, f"bench fill does not cover {missing}"
    params = {
        **{
            name: f"ARRAY{[float(box[i]) for _pk, box in boxes]}::float8[]"
            for i, name in enumerate(("x0", "y0", "x1", "y1"))
        },
        "classes": f"ARRAY{classes}",
        "nc": len(classes),
        "grids": f"ARRAY{grids}",
        "ng": len(grids),
        "units": f"ARRAY{units}",
        "nu": len(units),
    }
    # {name} placeholders are filled here; "%%" stays for psycopg, which reads it as "%"
    select = ", ".join(cols[c].format(**params) for c in columns)
    chunk = 1_000_000
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for lo in range(start, start + n, chunk):
            hi = min(start + n, lo + chunk) - 1
            cursor.execute(
                f"INSERT INTO cases_case ({', '.join(columns)}) "
                f"SELECT {select} FROM (SELECT g, (random() < %s) AS op, "
                f"%s::timestamptz - ((%s - g)::float8 / %s * %s * interval '1 day') "
                f"- random() * interval '1 hour' AS rep, %s::timestamptz AS now_ "
                f"FROM generate_series(%s, %s) g) s",
                [open_share, now, start + n, n, days, now, lo, hi],
            )
            print(f"    {hi - start + 1:,} cases written", flush=True)
        cursor.execute("SELECT setval(pg_get_serial_sequence('cases_case', 'id'), %s)", [start + n])
    analyze(Case)
    return time.perf_counter() - started


def bench_sweep(open_cases: int) -> dict:
    """Sweeps over ``open_cases`` running cases whose yellow and red points lie within two hours
    of *now*: the per-minute run (the steady state), a repeat (idempotent), the catch-up after
    an hour without sweeps, and the worst case — every card new at once."""
    now = timezone.now()
    # every case goes, with what refers to it (the intake's cases with their events, the demo's
    # few complaints and opinions, which protect their cases from a delete): this is a bench
    # database, and the ORM's delete would collect the intake's 100,000 cases one by one
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE cases_case CASCADE")
    seconds_fill = fill(open_cases, open_share=1.0, now=now)
    runs = {}
    SweepRun.objects.all().delete()
    SweepRun.objects.create(at=now - dt.timedelta(minutes=1))
    for name, at, reset in (
        ("per_minute", now, False),
        ("repeat", now, False),
        ("after_an_hour_without", now + dt.timedelta(hours=1), False),
        ("every_card_new", now + dt.timedelta(hours=2), True),
    ):
        if reset:
            SweepRun.objects.all().delete()
        started = time.perf_counter()
        counts = sweep(now=at)
        runs[name] = {"seconds": round(time.perf_counter() - started, 2), **counts}
        print(
            f"  → sweep {name} over {open_cases:,} open cases: {runs[name]['seconds']} s "
            f"({counts})",
            flush=True,
        )
    return {"open_cases": open_cases, "fill_seconds": round(seconds_fill, 1), **runs}


def bench_list(total: int, repeat: int = 200) -> dict:
    now = timezone.now()
    have = Case.objects.count()
    # three years of a busy district's history (about 9,000 reports a day at 10,000,000)
    seconds_fill = fill(total - have, open_share=0.03, now=now, days=1095) if total > have else 0.0
    user = User.objects.get(username="dispatcher")  # a street's dispatcher
    _t, key = token_create(user=user, name="bench-list")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    top = Case.objects.order_by("-id").values_list("id", flat=True).first()
    street = Area.objects.filter(level=3).order_by("code").values_list("code", flat=True).first()
    # a class the fill uses (one sixtieth of the cases)
    busy_class = (
        CaseClass.objects.filter(kind="matter").order_by("id").values_list("code", flat=True)[0]
    )
    cases = {
        "first_page": {"limit": 50},
        "open_in_street": {"limit": 50, "state": "open", "area": street},
        "red_cards": {"limit": 50, "card": "red"},
        "deep_keyset_page": {"limit": 50, "after": top - int(total * 0.9)},
        "class_filter": {"limit": 50, "case_class": busy_class},
    }
    out = {"cases": total, "fill_seconds": round(seconds_fill, 1)}
    for name, params in cases.items():
        for _ in range(5):
            assert client.get("/api/v1/cases", params).status_code == 200
        samples = []
        for _ in range(repeat):
            started = time.perf_counter()
            response = client.get("/api/v1/cases", params)
            samples.append((time.perf_counter() - started) * 1000)
        out[name] = {
            "p50_ms": round(statistics.median(samples), 2),
            "p95_ms": round(percentile(samples, 0.95), 2),
            "items": len(response.json()["items"]),
        }
        print(
            f"  → case list {name}: p50 {out[name]['p50_ms']} ms, p95 {out[name]['p95_ms']} ms",
            flush=True,
        )
    return out


def bench_evaluation(repeat: int = 5) -> dict:
    """Every area indicator for the district and each street, and every department indicator,
    for the last full month of the stored cases (target: ≤ 1 s at 10,000,000 cases).

    The fill writes cases only, so the month's steps that department figures count are written
    first: a dispatch for every case dispatched in the month, a return for one in 30 of them and
    a failed check (rework) for one in 12, and a signing (on time for nine in ten) for each."""
    from civicgrid.evaluation import periods
    from civicgrid.evaluation.compute import area_indicators, unit_indicators

    today = timezone.localdate()
    last = today.replace(day=1) - dt.timedelta(days=1)
    month = periods.month(last.year, last.month)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for seq, action, share, data in (
            (100, "dispatch", 1, "jsonb_build_object('unit', lead_unit_id)"),
            (101, "return", 30, "jsonb_build_object('unit', lead_unit_id)"),
            (102, "fail_check", 12, "'{}'::jsonb"),
            (103, "sign", 1, "jsonb_build_object('step_on_time', id %% 10 > 0)"),
        ):
            cursor.execute(
                "INSERT INTO cases_caseevent (case_id, seq, action, from_state, to_state, at, "
                f"note, public, data) SELECT id, {seq}, %s, '', '', dispatched_at, '', false, "
                f"{data} FROM cases_case WHERE dispatched_at >= %s AND dispatched_at < %s "
                "AND id %% %s = 0 ON CONFLICT DO NOTHING",
                [action, month.start, month.end, share],
            )
    analyze(CaseEvent)
    seconds_events = time.perf_counter() - started
    district = Area.objects.filter(level=2).order_by("code").first()
    areas = [district, *Area.objects.filter(parent=district, active=True)]
    units = list(OrgUnit.objects.filter(kind="department", active=True))
    samples = {"areas": [], "units": []}
    for _ in range(repeat):
        for name, run in (
            ("areas", lambda: area_indicators(areas, month)),
            ("units", lambda: unit_indicators(units, month)),
        ):
            t = time.perf_counter()
            got = run()
            samples[name].append(time.perf_counter() - t)
    figures = got  # the last run's department figures, to show they are not empty
    out = {
        "month": month.label,
        "streets": len(areas) - 1,
        "departments": len(units),
        "steps_written_seconds": round(seconds_events, 1),
        "registered_in_district": area_indicators([district], month)[district.pk]["registered"],
        "dispatches_counted": sum(v["dispatched"] for v in figures.values()),
    }
    for name, values in samples.items():
        out[f"{name}_p50_s"] = round(statistics.median(values), 3)
        out[f"{name}_max_s"] = round(max(values), 3)
    out["both_p50_s"] = round(out["areas_p50_s"] + out["units_p50_s"], 3)
    print(
        f"  → indicators for {month.label}: district and {out['streets']} streets "
        f"{out['areas_p50_s']} s, {out['departments']} departments {out['units_p50_s']} s "
        f"(p50; {out['registered_in_district']:,} cases registered, "
        f"{out['dispatches_counted']:,} dispatches)",
        flush=True,
    )
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=10_000_000)
    parser.add_argument("--open", type=int, default=1_000_000)
    parser.add_argument("--intake-seconds", type=float, default=8, help="per round")
    parser.add_argument("--intake-cases", type=int, default=100_000, help="stored for intake")
    parser.add_argument("--output", default=None)
    parser.add_argument(
        "--only",
        default="intake,sweep,list,pages,evaluation",
        help="comma-separated: intake, sweep, list, pages, evaluation (the last two after list: "
        "at --cases cases)",
    )
    args = parser.parse_args()
    only = set(args.only.split(","))
    if connection.vendor != "postgresql":
        sys.exit("bench_cases.py measures PostgreSQL: set DATABASE_URL to an empty database")
    print("== case benchmarks on postgresql ==", flush=True)
    call_command("migrate", verbosity=0)
    if not Area.objects.exists():
        call_command("demo", "--scale", "tiny", "--cases", "0", verbosity=0)
    results = {
        "benchmark": "cases",
        "database": "postgresql",
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "intake_api": bench_intake(args.intake_seconds, args.intake_cases)
        if "intake" in only
        else None,
        "sweep": bench_sweep(args.open) if "sweep" in only else None,
        "case_list_api": bench_list(args.cases) if "list" in only else None,
        "pages": bench_pages(repeat=10) if "pages" in only else None,
        "evaluation": bench_evaluation() if "evaluation" in only else None,
        "targets": {
            "intake_share_of_framework_floor": 0.5,
            "intake_p95_multiple_of_framework_floor": 2,
            "case_list_p95_ms": 50,
            "sweep_seconds_at_1m_open": 10,
            "evaluation_month_all_streets_and_departments_seconds": 1,
        },
    }
    out = Path(args.output or ROOT / "benchmarks" / "results" / "cases-postgresql.json")
    # a partial run (--only) keeps the other sections of the last report, saying when they were
    # measured
    earlier = json.loads(out.read_text()) if out.exists() else {}
    for section in ("intake_api", "sweep", "case_list_api", "pages", "evaluation"):
        if results[section] is None and earlier.get(section):
            results[section] = {
                "measured": earlier[section].get("measured", earlier.get("date")),
                **{k: v for k, v in earlier[section].items() if k != "measured"},
            }
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(f"written {out}")


if __name__ == "__main__":
    main()
