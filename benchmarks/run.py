"""make bench: the register benchmarks on SQLite (a fresh file) and on PostgreSQL (a fresh
database; BENCH_PG_URL, default postgres://postgres@127.0.0.1:5432), then the case benchmarks on
another fresh PostgreSQL database, then the Open311 benchmarks on a third, then the floors (issue
19: each throughput beside its floor, measured in the same run) on a fourth, then the
micro-project tally on SQLite and PostgreSQL, then the first paint of the main pages on the demo
(SQLite, in chromium).

Arguments pick which run: sqlite, postgresql, cases, open311, floors, tally, imports, suggest
(the class suggestion's accuracy and speed, bench_suggest.py, and the knowledge base's search
latency at 10,000 articles, bench_knowledge.py; both also part of sqlite), paint, wall,
addresses, day. Each PostgreSQL run gets a fresh database, dropped afterwards.

- floors (floors.py; also part of postgresql): on a fresh database with BENCH_FLOORS_CASES
  (100,000) cases stored, gunicorn with 4 workers and 8 clients, rounds alternating: the REST
  intake, Open311 POST and the default page of Open311 GET rendered afresh, each beside its floor
  (the framework floor, the list floor), and the database floor (pgbench); prints each figure
  beside its floor with the ratio and the target, and writes results/floors-postgresql.json.
  About 5 minutes, half of it the migration and the demo (8 minutes at a load of 16).
- day (bench_day.py; not part of postgresql): a city's working day, with BENCH_DAY_CASES
  (10,000,000) cases, BENCH_DAY_PERSONS (1,000,000) persons, for BENCH_DAY_MINUTES (10) minutes.

BENCH_PERSONS, BENCH_CASES, BENCH_OPEN, BENCH_OPEN311_CASES, BENCH_BALLOTS and BENCH_ADDRESSES
(the address index's size) set the other sizes; the command-centre wall after a restart
(wall.py) runs with paint on SQLite and with postgresql.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

import psycopg

HERE = Path(__file__).resolve().parent


def run(env: dict, script: str = "bench_register.py") -> int:
    if script in ("bench_paint.py", "wall.py"):
        extra = []
    elif script == "bench_tally.py":
        extra = ["--ballots", os.environ.get("BENCH_BALLOTS", "100000")]
    elif script == "bench_register.py":
        extra = ["--persons", os.environ.get("BENCH_PERSONS", "1000000")]
    elif script == "addresses.py":
        extra = ["--count", os.environ.get("BENCH_ADDRESSES", "1000000")]
    elif script == "bench_open311.py":
        extra = ["--cases", os.environ.get("BENCH_OPEN311_CASES", "1000000")]
    elif script == "floors.py":
        extra = ["--cases", os.environ.get("BENCH_FLOORS_CASES", "100000")]
    elif script == "bench_day.py":
        extra = [
            *("--cases", os.environ.get("BENCH_DAY_CASES", "10000000")),
            *("--persons", os.environ.get("BENCH_DAY_PERSONS", "1000000")),
            *("--minutes", os.environ.get("BENCH_DAY_MINUTES", "10")),
        ]
    else:
        extra = [
            "--cases",
            os.environ.get("BENCH_CASES", "10000000"),
            "--open",
            os.environ.get("BENCH_OPEN", "1000000"),
        ]
    return subprocess.call([sys.executable, str(HERE / script), *extra], env={**os.environ, **env})


def on_fresh_postgres(script: str) -> int:
    base = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
    name = f"civicgrid_bench_{uuid.uuid4().hex[:8]}"
    try:
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as exc:
        print(f"PostgreSQL not reachable at {base}: {exc}; skipped")
        return 0
    try:
        with tempfile.TemporaryDirectory() as var:
            return run({"CIVICGRID_VAR_DIR": var, "DATABASE_URL": f"{base}/{name}"}, script)
    finally:
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> int:
    status = 0
    which = sys.argv[1:] or ["sqlite", "postgresql", "paint"]
    if "sqlite" in which:
        with tempfile.TemporaryDirectory() as var:
            status |= run({"CIVICGRID_VAR_DIR": var, "DATABASE_URL": ""})
    if "postgresql" in which:
        status |= on_fresh_postgres("bench_register.py")
    if "cases" in which or "postgresql" in which:
        status |= on_fresh_postgres("bench_cases.py")
    if "open311" in which or "postgresql" in which:
        status |= on_fresh_postgres("bench_open311.py")
    if "floors" in which or "postgresql" in which:
        status |= on_fresh_postgres("floors.py")
    if "day" in which:
        if (HERE / "bench_day.py").exists():
            status |= on_fresh_postgres("bench_day.py")
        else:
            print("benchmarks/bench_day.py is not there yet; day skipped")
    if "addresses" in which or "postgresql" in which:  # the standard address index's suggest
        status |= on_fresh_postgres("addresses.py")
    if "tally" in which or "sqlite" in which:
        with tempfile.TemporaryDirectory() as var:
            status |= run({"CIVICGRID_VAR_DIR": var, "DATABASE_URL": ""}, "bench_tally.py")
    if "tally" in which or "postgresql" in which:
        status |= on_fresh_postgres("bench_tally.py")
    if "imports" in which or "sqlite" in which:  # the import reader's memory, no database
        status |= subprocess.call([sys.executable, str(HERE / "bench_import_memory.py")])
    if "suggest" in which or "sqlite" in which:  # the class suggestion's accuracy, no database
        status |= subprocess.call([sys.executable, str(HERE / "bench_suggest.py")])
        status |= subprocess.call([sys.executable, str(HERE / "bench_knowledge.py")])
    if "paint" in which:  # the demo on its own SQLite file, in a temporary folder
        status |= run({}, "bench_paint.py")
    if "wall" in which or "paint" in which:  # the wall after a restart, on the demo (SQLite)
        status |= run({"DATABASE_URL": ""}, "wall.py")
    if "wall" in which or "postgresql" in which:
        status |= on_fresh_postgres("wall.py")
    return status


if __name__ == "__main__":
    sys.exit(main())
