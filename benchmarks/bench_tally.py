"""Micro-project tally benchmark on one database (DATABASE_URL, or SQLite in CIVICGRID_VAR_DIR).

A community call with 40 projects on the ballot and N stored ballots (default 100,000; budget
voting, 1–6 projects each), then:
1. the count alone (read every ballot, count, fingerprint, choose) — best and median of 5;
2. the whole tally (the count, storing each project's votes and outcome, making the projects);
3. a recount from the stored ballots, checked against the stored result.

Prints the numbers and writes benchmarks/results/tally-<vendor>.json. Numbers, not pass/fail
(target: tally 100,000 ballots in at most 2 s).
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
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("CIVICGRID_LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from civicgrid.accounts.models import User  # noqa: E402
from civicgrid.areas.models import Area  # noqa: E402
from civicgrid.participation.models import Ballot, Call, Proposal  # noqa: E402
from civicgrid.participation.tally import call_tally, count, recount  # noqa: E402

PROJECTS = 40


def setup(ballots: int, seed: int = 1) -> Call:
    call_command("migrate", verbosity=0)
    rng = random.Random(seed)
    city = Area.objects.create(level=1, code="310100", name="示范市", path="310100/")
    district = Area.objects.create(
        level=2, code="310104", name="示范区", parent=city, path="310100/310104/"
    )
    street = Area.objects.create(
        level=3, code="310104001", name="东街道", parent=district, path=district.path + "310104001/"
    )
    community = Area.objects.create(
        level=4, code="310104001001", name="东一社区", parent=street,
        path=street.path + "310104001001/",
    )  # fmt: skip
    admin = User.objects.create_superuser("bench-admin", password="bench-password-123")
    now = timezone.now()
    call = Call.objects.create(
        area=community, title="基准测试", budget=Decimal(1_000_000),
        cap_works=Decimal(200_000), cap_services=Decimal(200_000), cap_goods=Decimal(200_000),
        proposals_from=(now - dt.timedelta(days=60)).date(),
        proposals_until=(now - dt.timedelta(days=40)).date(),
        voting_from=now - dt.timedelta(days=30), voting_until=now - dt.timedelta(hours=1),
        method="budget", created_by=admin,
    )  # fmt: skip
    fields = {"call": call, "description": "基准", "beneficiaries": "居民", "kind": "works",
              "proposer": "resident", "submitted_by": admin, "status": "on_ballot", "reasons": "符合"}  # fmt: skip
    proposals = Proposal.objects.bulk_create(
        [
            Proposal(
                title=f"项目{n}", cost=Decimal(rng.randrange(10_000, 200_000, 1_000)), **fields
            )
            for n in range(PROJECTS)
        ]
    )
    ids = [p.pk for p in proposals]
    weights = [rng.random() ** 2 for _ in ids]  # some projects far more popular than others
    rows = []
    for n in range(ballots):
        picked = set(rng.choices(ids, weights=weights, k=rng.randint(1, 6)))
        rows.append(Ballot(call=call, key=f"{n:064x}", choices=sorted(picked)))
        if len(rows) == 20_000:
            Ballot.objects.bulk_create(rows)
            rows = []
    Ballot.objects.bulk_create(rows)
    return call


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ballots", type=int, default=100_000)
    parser.add_argument("--output", default=None)
    args = parser.parse_args()
    vendor = connection.vendor
    print(f"== tally benchmark on {vendor}: {args.ballots:,} ballots ==", flush=True)
    start = time.perf_counter()
    call = setup(args.ballots)
    print(f"  stored the ballots in {time.perf_counter() - start:.1f} s", flush=True)
    times = []
    for _ in range(5):
        start = time.perf_counter()
        counted = count(call)
        times.append(time.perf_counter() - start)
    admin = User.objects.get(username="bench-admin")
    start = time.perf_counter()
    result = call_tally(actor=admin, call=call)
    whole = time.perf_counter() - start
    call.refresh_from_db()
    start = time.perf_counter()
    same, _ = recount(call)
    again = time.perf_counter() - start
    assert counted.ballots == result.ballots == args.ballots and same
    results = {
        "benchmark": "tally",
        "database": vendor,
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "ballots": args.ballots,
        "projects": PROJECTS,
        "count_seconds_best": round(min(times), 3),
        "count_seconds_median": round(statistics.median(times), 3),
        "tally_seconds": round(whole, 3),
        "recount_seconds": round(again, 3),
        "recount_agrees": same,
        "won": sum(1 for r in result.rows if r.outcome == "won"),
        "targets": {"tally_100000_ballots_seconds": 2},
    }
    print(
        f"  count: best {min(times):.3f} s, median {statistics.median(times):.3f} s; "
        f"whole tally {whole:.3f} s; recount {again:.3f} s (agrees: {same}); "
        f"{results['won']} projects chosen",
        flush=True,
    )
    out = Path(args.output or ROOT / "benchmarks" / "results" / f"tally-{vendor}.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(f"written {out}")


if __name__ == "__main__":
    main()
