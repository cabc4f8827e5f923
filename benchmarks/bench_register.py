"""Register benchmarks on one database (DATABASE_URL, or SQLite in CIVICGRID_VAR_DIR).

1. import from csv: buildings, households, then N persons (default 1,000,000) — persons/s;
   beside it the bulk floor (import_floor.py, PostgreSQL): a bare COPY of the rows that import
   wrote, into the same tables, and the ratio (issue 19: target ≥ 40 %); then the same persons
   file again (idempotent re-import).
2. locate: grid look-up for random points with the city-scale grid set (1,080 grids) —
   points/s in batches (locate_many) and one call at a time (locate).
3. person list API at N persons: first page, a deep keyset page, and filtered pages — p50/p95.

Prints the numbers and writes benchmarks/results/register-<vendor>.json. Numbers, not pass/fail.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import platform
import random
import statistics
import sys
import tempfile
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

from civicgrid.accounts.models import User  # noqa: E402
from civicgrid.accounts.services import token_create  # noqa: E402
from civicgrid.areas import locator  # noqa: E402
from civicgrid.areas.services import areas_import  # noqa: E402
from civicgrid.core.bulk import analyze  # noqa: E402
from civicgrid.demo.generator import Generator  # noqa: E402
from civicgrid.demo.register import (  # noqa: E402
    BUILDING_HEADER,
    HOUSEHOLD_HEADER,
    PERSON_HEADER,
)
from civicgrid.demo.scale import SCALES, Scale  # noqa: E402
from civicgrid.registry.importing import register_import  # noqa: E402
from civicgrid.registry.importing.table import NO_LIMITS  # noqa: E402
from civicgrid.registry.models import (  # noqa: E402
    House,
    Household,
    Person,
    PersonTag,
    Residence,
)

sys.path.insert(0, str(ROOT / "benchmarks"))
import import_floor  # noqa: E402

FLOOR_MODELS = (House, Household, Person, PersonTag, Residence)  # parents first


def timed(label, fn):
    start = time.perf_counter()
    result = fn()
    seconds = time.perf_counter() - start
    print(f"  {label}: {seconds:.1f} s", flush=True)
    return result, seconds


def write_csv(path: Path, header, rows) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)


def bench_import(persons: int, workdir: Path, rounds: int = 1) -> dict:
    base = SCALES["city"]
    scale = Scale(
        **{
            **base.__dict__,
            "buildings": max(40, persons // 25),
            "households": max(160, persons * 2 // 5),
            "persons": persons,
        }
    )
    gen = Generator.__new__(Generator)
    Generator.__init__(gen, "city", 1, log=lambda *a: None)
    gen.scale = scale
    print(
        f"import: {persons:,} persons, {scale.households:,} households, {scale.buildings:,} buildings",
        flush=True,
    )
    call_command("migrate", verbosity=0)
    _, t_areas = timed(
        "areas (1,080 grids, with geometry checks)", lambda: areas_import(gen.areas())
    )
    from civicgrid.areas.models import Area

    area_by_code = {a.code: a for a in Area.objects.all()}
    units = gen.organisations(area_by_code)
    gen.accounts(units, area_by_code)
    buildings = gen.buildings()
    households = gen.households(buildings)
    people, t_gen = timed(
        "generate person rows", lambda: gen.persons(households, dt.date(2026, 11, 23))
    )
    files = {}
    for kind, header, rows in (
        ("buildings", BUILDING_HEADER, buildings),
        ("households", HOUSEHOLD_HEADER, households),
        ("persons", PERSON_HEADER, people),
    ):
        files[kind] = workdir / f"{kind}.csv"
        write_csv(files[kind], header, rows)
    results = {
        "persons": persons,
        "areas_seconds": round(t_areas, 2),
        "generate_seconds": round(t_gen, 2),
    }
    for kind in ("buildings", "households"):
        report, seconds = timed(
            f"import {kind}",
            lambda kind=kind: register_import(kind=kind, path=files[kind], limits=NO_LIMITS),
        )
        assert report.ok, report.errors[:5]
        results[f"{kind}_rows"] = report.rows
        results[f"{kind}_seconds"] = round(seconds, 2)
        results[f"{kind}_per_second"] = round(report.rows / seconds)
    results.update(persons_against_floor(files["persons"], workdir, rounds))
    report, seconds = timed(
        "re-import persons (unchanged)",
        lambda: register_import(kind="persons", path=files["persons"], limits=NO_LIMITS),
    )
    assert report.ok and report.created == 0 and report.updated == 0, (
        report.created,
        report.updated,
    )
    results["persons_reimport_seconds"] = round(seconds, 2)
    results["persons_reimport_per_second"] = round(report.rows / seconds)
    print(f"  → re-import {results['persons_reimport_per_second']:,}/s", flush=True)
    return results


def persons_against_floor(path: Path, workdir: Path, rounds: int) -> dict:
    """The persons import and the bulk floor, alternating: product, floor, product, floor …"""
    floor = import_floor.supported()
    rounds = rounds if floor else 1  # another round needs the floor's removal (PostgreSQL)
    marks = import_floor.high_marks(FLOOR_MODELS) if floor else {}
    product, bare, captured = [], [], []
    rows = 0
    for round_ in range(rounds):
        if round_:
            import_floor.remove(marks)
        report, seconds = timed(
            "import persons",
            lambda: register_import(kind="persons", path=path, limits=NO_LIMITS),
        )
        assert report.ok and report.created == report.rows, report.errors[:5]
        rows = report.rows
        product.append(seconds)
        if not floor:
            continue
        if not captured:
            captured = import_floor.capture(marks, workdir)
        import_floor.remove(marks)
        seconds = import_floor.floor(captured)
        print(f"  bulk floor (COPY of the same rows): {seconds:.1f} s", flush=True)
        bare.append(seconds)
    if floor:
        analyze(*FLOOR_MODELS)  # as the import left them (untimed)
    out: dict = {
        "persons_rows": rows,
        "persons_seconds": round(min(product), 2),
        "persons_per_second": round(rows / min(product)),
        "persons_per_second_median": round(rows / statistics.median(product)),
        "rounds": rounds,
    }
    line = f"  → persons import: {out['persons_per_second']:,} persons/s"
    if bare:
        out["floor"] = {
            "what": "COPY of the rows the import wrote, same tables, indexes and foreign keys",
            "rows_by_table": import_floor.table_sizes(captured),
            "seconds": round(min(bare), 2),
            "persons_per_second": round(rows / min(bare)),
            "persons_per_second_median": round(rows / statistics.median(bare)),
        }
        out["ratio_to_floor"] = round(min(bare) / min(product), 3)
        out["ratio_to_floor_median"] = round(
            statistics.median(bare) / statistics.median(product), 3
        )
        line += (
            f"; bulk floor {out['floor']['persons_per_second']:,}/s; "
            f"ratio {out['ratio_to_floor']:.0%} (target ≥ 40 %)"
        )
    print(line, flush=True)
    return out


def bench_locate(points: int = 1_000_000) -> dict:
    from civicgrid.areas.models import Area

    grids = Area.objects.grids().filter(active=True).count()
    district = Area.objects.get(code="310199")
    x0, y0, x1, y1 = district.bbox
    rng = random.Random(5)
    pts = [(rng.uniform(x0, x1), rng.uniform(y0, y1)) for _ in range(points)]
    locator.index()  # build once; the build is reported separately
    locator._index = None
    _, t_build = timed("locator build", locator.index)
    start = time.perf_counter()
    found = 0
    for i in range(0, points, 100_000):
        found += sum(1 for g in locator.locate_many(pts[i : i + 100_000]) if g is not None)
    batch_rate = points / (time.perf_counter() - start)
    single = pts[:20_000]
    start = time.perf_counter()
    for lon, lat in single:
        locator.locate_many([(lon, lat)])
    single_rate = len(single) / (time.perf_counter() - start)
    print(
        f"  → locate: {batch_rate:,.0f} points/s in batches, {single_rate:,.0f}/s one at a time "
        f"({grids} grids, {found / points:.0%} inside a grid)",
        flush=True,
    )
    return {
        "grids": grids,
        "points": points,
        "batch_points_per_second": round(batch_rate),
        "single_points_per_second": round(single_rate),
        "index_build_seconds": round(t_build, 3),
    }


def bench_api(repeat: int = 200) -> dict:
    user = User.objects.get(username="leader")  # district scope: every person
    _token, key = token_create(user=user, name="bench")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    ids = list(
        Person.objects.order_by("id").values_list("id", flat=True)[
            :: max(1, Person.objects.count() // 100)
        ]
    )
    deep = ids[int(len(ids) * 0.9)]
    street = "310199005"
    cases = {
        "first_page": ("/api/v1/persons", {"limit": 50}),
        "deep_keyset_page": ("/api/v1/persons", {"limit": 50, "after": deep}),
        "filtered_first_page": (
            "/api/v1/persons",
            {"limit": 50, "area": street, "residence_type": "floating"},
        ),
        "filtered_deep_page": (
            "/api/v1/persons",
            {"limit": 50, "area": street, "residence_type": "floating", "after": deep},
        ),
        "tag_filter_page": ("/api/v1/persons", {"limit": 50, "tag": "party_member"}),
    }
    out = {}
    for name, (url, params) in cases.items():
        for _ in range(5):
            assert client.get(url, params).status_code == 200
        samples = []
        for _ in range(repeat):
            start = time.perf_counter()
            response = client.get(url, params)
            samples.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200
        samples.sort()
        p95 = samples[int(len(samples) * 0.95) - 1]
        out[name] = {
            "p50_ms": round(statistics.median(samples), 2),
            "p95_ms": round(p95, 2),
            "items": len(response.json()["items"]),
        }
        print(f"  → API {name}: p50 {out[name]['p50_ms']} ms, p95 {p95:.1f} ms", flush=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--output", default=None)
    parser.add_argument(
        "--rounds", type=int, default=1, help="persons import and floor, alternating"
    )
    parser.add_argument(
        "--import-only", action="store_true", help="skip the locate and API benchmarks"
    )
    args = parser.parse_args()
    vendor = connection.vendor
    print(f"== register benchmarks on {vendor} ==", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        results = {
            "benchmark": "register",
            "database": vendor,
            "date": dt.datetime.now().isoformat(timespec="seconds"),
            "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
            "import": bench_import(args.persons, Path(tmp), args.rounds),
            "targets": {
                "import_ratio_to_bulk_floor": 0.4,
                "locate_points_per_second": 100000,
                "person_list_api_p95_ms": 50,
            },
        }
        if not args.import_only:
            results["locate"] = bench_locate()
            results["person_list_api"] = bench_api()
    out = Path(args.output or ROOT / "benchmarks" / "results" / f"register-{vendor}.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(f"written {out}")


if __name__ == "__main__":
    main()
