"""make bench: the register benchmarks on SQLite (a fresh file) and on PostgreSQL (a fresh
database; BENCH_PG_URL, default postgres://postgres@127.0.0.1:5432). BENCH_PERSONS sets the size.
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


def run(env: dict) -> int:
    args = [
        sys.executable,
        str(HERE / "bench_register.py"),
        "--persons",
        os.environ.get("BENCH_PERSONS", "1000000"),
    ]
    return subprocess.call(args, env={**os.environ, **env})


def main() -> int:
    status = 0
    which = sys.argv[1:] or ["sqlite", "postgresql"]
    if "sqlite" in which:
        with tempfile.TemporaryDirectory() as var:
            status |= run({"CIVICGRID_VAR_DIR": var, "DATABASE_URL": ""})
    if "postgresql" in which:
        base = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
        name = f"civicgrid_bench_{uuid.uuid4().hex[:8]}"
        try:
            with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{name}"')
        except psycopg.OperationalError as exc:
            print(f"PostgreSQL not reachable at {base}: {exc}; skipped")
            return status
        try:
            with tempfile.TemporaryDirectory() as var:
                status |= run({"CIVICGRID_VAR_DIR": var, "DATABASE_URL": f"{base}/{name}"})
        finally:
            with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
    return status


if __name__ == "__main__":
    sys.exit(main())
