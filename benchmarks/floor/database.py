"""The floors' table and the database floor (pgbench).

``bench_floor_case`` is ``CREATE TABLE … (LIKE cases_case INCLUDING ALL)``: the case table's
columns, defaults, identity, check constraints and every index (unique, partial, covering), so
that a floor insert maintains what a case insert maintains. ``LIKE`` never copies foreign keys:
the floor's row has none to check. It starts with a copy of the stored cases, so its indexes are
as large as the product's.
"""

from __future__ import annotations

import glob
import os
import re
import statistics
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connection

TABLE = "bench_floor_case"
PGBENCH = os.environ.get("BENCH_PGBENCH", "/usr/bin/pgbench")


def make_table() -> int:
    """(Re)creates the floor table with a copy of the cases stored; returns its row count."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'cases_case' "
            "AND column_name <> 'id' ORDER BY ordinal_position"
        )
        columns = ", ".join(c for (c,) in cursor.fetchall())
        cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")
        cursor.execute(f"CREATE TABLE {TABLE} (LIKE cases_case INCLUDING ALL)")
        cursor.execute(f"INSERT INTO {TABLE} ({columns}) SELECT {columns} FROM cases_case")
        cursor.execute(f"VACUUM (ANALYZE) {TABLE}")
        cursor.execute(f"SELECT count(*) FROM {TABLE}")
        return cursor.fetchone()[0]


def enrich(newest: int = 5000) -> int:
    """What a live district's newest cases have and the SQL fill (bench_cases.fill) leaves out,
    so that Open311's default page reads and renders what it would: a description with a phone
    number (redacted on the page), an address, a building, public events (the report; a public
    note on closing) and a public photo on one in five. Cases that have events already (posted
    through the API, or enriched before) are left as they are. Returns the cases enriched."""
    with connection.cursor() as c:
        c.execute(
            "SELECT coalesce(min(id), 0) FROM (SELECT id FROM cases_case ORDER BY id DESC "
            "LIMIT %s) s",
            [newest],
        )
        low = c.fetchone()[0]
        bare = "id >= %s AND NOT EXISTS (SELECT 1 FROM cases_caseevent e WHERE e.case_id = cases_case.id)"
        c.execute("SELECT id FROM registry_building ORDER BY id LIMIT 200")
        buildings = [r[0] for r in c.fetchall()] or [None]
        c.execute(
            "CREATE TEMPORARY TABLE bench_enriched AS SELECT id FROM cases_case WHERE " + bare,
            [low],
        )
        c.execute("SELECT count(*) FROM bench_enriched")
        count = c.fetchone()[0]
        c.execute(
            "UPDATE cases_case SET description = '小区门口垃圾堆放多日无人清运，气味很大，请尽快处理。"
            "联系电话 13812345' || lpad((id %% 1000)::text, 3, '0') || '，谢谢！',"
            " address = '示范区示范路' || (id %% 900 + 1) || '号',"
            " building_id = (%s::bigint[])[1 + id %% %s] WHERE id IN (SELECT id FROM bench_enriched)",
            [buildings, len(buildings)],
        )
        event = (
            "INSERT INTO cases_caseevent (case_id, seq, action, from_state, to_state, at, note,"
            " public, data) SELECT id, {seq}, '{action}', '{src}', '{dst}', {at}, '{note}', true,"
            " '{{}}' FROM cases_case WHERE id IN (SELECT id FROM bench_enriched){more}"
        )
        c.execute(
            event.format(
                seq=1, action="report", src="", dst="reported", at="reported_at", note="", more=""
            )
        )
        c.execute(
            event.format(
                seq=2,
                action="close",
                src="handled",
                dst="closed",
                at="closed_at",
                note="已清运完毕，现场已恢复整洁。如有问题请致电 021-12345678",
                more=" AND state = 'closed'",
            )
        )
        c.execute(
            "INSERT INTO cases_caseattachment (created_at, updated_at, case_id, event_id, kind,"
            " file, content_type, size, sha256, public) SELECT e.at, e.at, e.case_id, e.id,"
            " 'report', 'cases/2026/12/x.jpg', 'image/jpeg', 1000, '', true FROM cases_caseevent e"
            " WHERE e.case_id IN (SELECT id FROM bench_enriched) AND e.seq = 1"
            " AND e.case_id %% %s = 0",
            [5],
        )
        c.execute("DROP TABLE bench_enriched")
        for table in ("cases_case", "cases_caseevent", "cases_caseattachment"):
            c.execute(f"VACUUM (ANALYZE) {table}")
    return count


def drop_table() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")


def script(case_class: int, grid: int) -> str:
    """One transaction: one row of a case's width, the values the HTTP floor writes."""
    return (
        f"INSERT INTO {TABLE} (created_at, updated_at, number, kind, channel, state, priority, "
        "description, answers, lon, lat, address, anonymous, reporter_name, reporter_phone_enc, "
        "reporter_phone_index, reporter_phone_masked, reporter_email_enc, reporter_email_index, "
        "reporter_email_masked, idempotency_key, dispatch_level, tier_opened, tier_current, "
        "tier_resolved, due_at, yellow_at, red_at, handle_due_at, reported_at, registered_at, "
        "dispatched_at, self_handled, rating, rework_count, return_count, reopen_count, version, "
        "case_class_id, grid_id) VALUES (now(), now(), "
        "'PG' || to_char(now(), 'YYYYMMDD') || substr(md5(random()::text), 1, 12), 'matter', "
        "'hotline', 'dispatched', 'routine', 'bench', '{\"volume\": \"small\"}'::jsonb, "
        "116.3 + random() / 10, 39.9 + random() / 10, '', false, 'bench', '', "
        "md5(random()::text) || md5(random()::text), '138****0000', '', '', '', "
        "md5(random()::text), 'district', 'grid', 'grid', '', now() + interval '4 hours', "
        "now() + interval '3 hours', now() + interval '4 hours', now() + interval '1 day', "
        f"now(), now(), now(), false, '', 0, 0, 0, 1, {case_class}, {grid});\n"
    )


def pgbench(seconds: float, clients: int, sql: str) -> dict:
    """pgbench with ``clients`` clients (a thread each) running ``sql`` for ``seconds``: one
    statement per transaction (autocommit). Latencies from its per-transaction log."""
    db = settings.DATABASES["default"]
    env = {**os.environ, "PGPASSWORD": str(db.get("PASSWORD") or "")}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "insert.sql"
        path.write_text(sql)
        command = [
            PGBENCH, "-n", "-f", str(path), "-c", str(clients), "-j", str(clients),
            "-T", str(max(1, round(seconds))), "-l", "--log-prefix", f"{tmp}/tx",
            "-h", str(db.get("HOST") or "127.0.0.1"), "-p", str(db.get("PORT") or 5432),
            "-U", str(db.get("USER") or "postgres"), str(db["NAME"]),
        ]  # fmt: skip
        done = subprocess.run(command, capture_output=True, text=True, env=env)
        latencies = []
        for log in glob.glob(f"{tmp}/tx.*"):
            for line in Path(log).read_text().splitlines():
                fields = line.split()
                if len(fields) >= 3:  # client, transaction, latency (µs), …
                    latencies.append(int(fields[2]) / 1000)
    out = done.stdout
    tps = re.search(r"tps = ([\d.]+) \(without initial connection time\)", out)
    processed = re.search(r"number of transactions actually processed: (\d+)", out)
    failed = re.search(r"number of failed transactions: (\d+)", out)
    latencies.sort()
    return {
        "clients": clients,
        "seconds": max(1, round(seconds)),
        "requests": int(processed.group(1)) if processed else 0,
        # a run that did not finish (pgbench's exit status) counts as one error at least
        "errors": (int(failed.group(1)) if failed else 0) + (1 if done.returncode else 0),
        "error_statuses": [done.stderr.strip()[-200:]] if done.returncode else [],
        "per_second": round(float(tps.group(1)), 1) if tps else 0.0,
        "p50_ms": round(statistics.median(latencies), 2) if latencies else None,
        "p95_ms": round(latencies[max(0, int(len(latencies) * 0.95) - 1)], 2)
        if latencies
        else None,
        "p99_ms": round(latencies[max(0, int(len(latencies) * 0.99) - 1)], 2)
        if latencies
        else None,
    }
