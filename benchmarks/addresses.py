"""Standard address index benchmark on one database (DATABASE_URL, or SQLite in CIVICGRID_VAR_DIR).

Builds a district of N standard addresses (default 1,000,000: buildings on a few hundred roads,
24 houses each, so 40,000 buildings), rebuilds the index from the register (timed), then asks
``suggest`` — what the API and the portal answer — for what callers say: the road and number
without the district, out of order, with the street, with a typo, in pinyin initials, a house
with unit and room, a two-character start. Each kind: 200 queries, p50/p95 in ms and how often
the intended building came first.

Then the same queries through the API under load (issue 19: "p95 ≤ 50 ms under the day's
load"): gunicorn with 4 workers (BENCH_PORT), a district-wide grid leader's token (so houses are
ranked too), first one client alone, then 8 client threads asking without pause while a writer
edits 20 buildings a second through the register (each edit writes the building's 25 entries
again, as the register's pages do). p50/p95 per kind, client side.

Prints the numbers and writes benchmarks/results/addresses-<vendor>.json. Numbers, not
pass/fail (target: p95 ≤ 50 ms). ``--count 100000`` for a quicker run; ``--again`` measures a
database built before; ``--no-http`` skips the API part.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import random
import statistics
import sys
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("CIVICGRID_LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from http_load import PORT, gunicorn, percentile  # noqa: E402

from civicgrid.accounts.choices import Role, UnitKind  # noqa: E402
from civicgrid.accounts.models import OrgUnit, User  # noqa: E402
from civicgrid.accounts.services import role_assign, token_create, user_create  # noqa: E402
from civicgrid.accounts.units import orgunit_create  # noqa: E402
from civicgrid.areas.models import Area  # noqa: E402
from civicgrid.core.bulk import analyze  # noqa: E402
from civicgrid.registry.addresses import rebuild, resolve, suggest  # noqa: E402
from civicgrid.registry.addresses.words import pinyin  # noqa: E402
from civicgrid.registry.models import Building, House, StandardAddress  # noqa: E402

HOUSES = 24  # per building: 4 entrances × 6 floors
QUERIES = 200
FIRST = "和平建设人民幸福光明新华中山长安东方朝阳迎宾解放胜利青年文化友谊振兴团结"
SECOND = "安华明兴盛康宁泰昌隆丰茂源祥瑞德庆富贵达"
SUFFIX = ["路", "路", "路", "街", "大道", "弄"]
# one wrong character as a caller's words are typed: a homophone
TYPO = {"路": "璐", "街": "阶", "平": "苹", "和": "河", "安": "按", "华": "化", "明": "名",
        "兴": "星", "康": "抗", "宁": "凝", "昌": "常", "建": "健", "设": "社", "光": "广",
        "新": "心", "中": "忠", "山": "衫", "长": "常", "东": "冬", "方": "芳", "民": "敏"}  # fmt: skip


def setup(count: int, seed: int = 1) -> list[dict]:
    call_command("migrate", verbosity=0)
    rng = random.Random(seed)
    city = Area.objects.create(level=1, code="310100", name="示范市", path="310100/")
    district = Area.objects.create(
        level=2, code="310104", name="示范区", parent=city, path="310100/310104/"
    )
    grids = []
    streets = ["东街道", "西街道", "南街道", "北街道", "中心街道", "新城街道"]
    for s, street_name in enumerate(streets, start=1):
        scode = f"310104{s:03d}"
        street = Area.objects.create(
            level=3, code=scode, name=street_name, parent=district, path=f"{district.path}{scode}/"
        )
        for c in range(1, 5):
            ccode = f"{scode}{c:03d}"
            community = Area.objects.create(
                level=4, code=ccode, name=f"{street_name[0]}{'一二三四'[c - 1]}社区",
                parent=street, path=f"{street.path}{ccode}/",
            )  # fmt: skip
            for g in range(1, 6):
                gcode = f"{ccode}{g:03d}"
                grids.append(
                    Area.objects.create(
                        level=5,
                        code=gcode,
                        name=f"{community.name}网格{g}",
                        parent=community,
                        path=f"{community.path}{gcode}/",
                    )
                )
    roads = sorted({a + b + rng.choice(SUFFIX) for a in FIRST for b in SECOND})
    rng.shuffle(roads)
    roads = roads[:300]
    buildings = max(1, count // (HOUSES + 1))
    rows, seen = [], set()
    while len(rows) < buildings:
        road, number = rng.choice(roads), rng.randrange(1, 1000)
        if (road, number) in seen:
            continue
        seen.add((road, number))
        grid = rng.choice(grids)
        rows.append(
            Building(
                code=f"B{len(rows) + 1:07d}",
                name=f"{road[:2]}苑{rng.randrange(1, 30)}号楼",
                address=f"示范区{road}{number}号",
                grid=grid,
                lon=121.4 + rng.random() / 10,
                lat=31.1 + rng.random() / 10,
            )
        )
    Building.objects.bulk_create(rows, batch_size=5_000)  # bulk: no signals, like an import
    ids = list(Building.objects.order_by("pk").values_list("pk", flat=True))
    houses = [
        House(building_id=pk, entrance=str(e), room=f"{f}0{r}")
        for pk in ids
        for e in range(1, 5)
        for f, r in ((f, r) for f in range(1, 4) for r in (1, 2))
    ]
    House.objects.bulk_create(houses, batch_size=10_000)
    return list(Building.objects.values("code", "address", "grid__path"))


def queries(buildings: list[dict], seed: int = 2) -> dict[str, list[tuple[str, str]]]:
    rng = random.Random(seed)
    streets = {"310104001": "东街道", "310104002": "西街道", "310104003": "南街道",
               "310104004": "北街道", "310104005": "中心街道", "310104006": "新城街道"}  # fmt: skip
    out: dict[str, list[tuple[str, str]]] = {k: [] for k in (
        "partial", "out_of_order", "with_street", "typo", "initials", "house", "short")}  # fmt: skip
    for b in rng.sample(buildings, QUERIES):
        rest = b["address"].removeprefix("示范区")
        road, number = rest[: rest.index(next(c for c in rest if c.isdigit()))], rest
        number = rest[len(road) :]
        street = streets[b["grid__path"].split("/")[2]]
        typo_at = [i for i, ch in enumerate(road) if ch in TYPO]
        typo = road
        if typo_at:
            i = rng.choice(typo_at)
            typo = road[:i] + TYPO[road[i]] + road[i + 1 :]
        digits = number.removesuffix("号")
        out["partial"].append((f"{road}{number}", b["code"]))
        out["out_of_order"].append((f"{number}{road}", b["code"]))
        out["with_street"].append((f"{street}{road}{digits}号", b["code"]))
        out["typo"].append((f"{typo}{number}", b["code"]))
        out["initials"].append((f"{pinyin(road)[1]}{digits}", b["code"]))
        out["house"].append((f"{road}{number}{rng.randrange(1, 5)}单元201", b["code"]))
        out["short"].append((road[:2], ""))
    return out


def measure(kind: str, items: list[tuple[str, str]]) -> dict:
    times, first, resolved = [], 0, 0
    suggest(items[0][0])  # warm
    cpu = time.process_time()
    for query, code in items:
        start = time.perf_counter()
        found = suggest(query, limit=8)
        times.append((time.perf_counter() - start) * 1000)
        if code and found and found[0].building == code:
            first += 1
    cpu = (time.process_time() - cpu) * 1000 / len(items)  # this process's, the database's not
    for query, code in items[:50]:
        got = resolve(query)
        if code and got.candidate is not None and got.candidate.building == code:
            resolved += 1
    times.sort()
    with_code = sum(1 for _q, c in items if c)
    return {
        "kind": kind,
        "queries": len(items),
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[int(len(times) * 0.95) - 1], 1),
        "max_ms": round(times[-1], 1),
        "python_cpu_ms": round(cpu, 1),
        "first_is_intended": round(first / with_code, 3) if with_code else None,
        "intake_resolves": round(resolved / min(50, with_code), 3) if with_code else None,
        "example": items[0][0],
    }


# -- under load: the API through gunicorn, clients and a writer at the same time ---------------
def staff_key() -> str:
    """A bearer key of a district-wide grid leader (who sees the houses too)."""
    district = Area.objects.get(level=2)
    unit = OrgUnit.objects.filter(area=district).first() or orgunit_create(
        kind=UnitKind.GRID_CENTRE, name="示范区网格中心", code="bench-centre", area=district
    )
    user = User.objects.filter(username="bench-addresses").first()
    if user is None:
        user = user_create(username="bench-addresses", password=None)
        role_assign(user=user, unit=unit, role=Role.GRID_LEADER)
    return token_create(user=user, name="bench-addresses")[1]


def writer(stop: threading.Event, per_second: float, done: list[int]) -> None:
    """Addresses edited as the register is kept: a building renamed (its 25 entries written
    again by the signal, as the register's pages do) ``per_second`` times a second."""
    ids = list(Building.objects.values_list("pk", flat=True))
    rng = random.Random(3)
    try:
        while not stop.is_set():
            started = time.monotonic()
            b = Building.objects.get(pk=rng.choice(ids))
            b.name = f"{b.name.split('·')[0]}·{rng.randrange(100)}"
            b.save()
            done[0] += 1
            stop.wait(max(0.0, 1 / per_second - (time.monotonic() - started)))
    finally:
        connection.close()


def over_http(items: dict[str, list[tuple[str, str]]], seconds: float, clients: int,
              key: str) -> dict[str, list[float]]:  # fmt: skip
    """``clients`` threads asking ``GET /api/v1/addresses/suggest`` on keep-alive connections,
    each going through every kind's queries in turn, no pause between requests."""
    mixed = [(kind, q) for kind, pairs in items.items() for q, _code in pairs]
    random.Random(4).shuffle(mixed)
    headers = {"Authorization": f"Bearer {key}"}
    per_kind: dict[str, list[float]] = {k: [] for k in items}
    failed: list[int] = []
    stop = time.monotonic() + seconds

    def client(n: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
        i = n * len(mixed) // clients
        while time.monotonic() < stop:
            kind, q = mixed[i % len(mixed)]
            path = f"/api/v1/addresses/suggest?q={urllib.parse.quote(q)}&limit=8"
            started = time.perf_counter()
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            response.read()
            if response.status == 200:
                per_kind[kind].append((time.perf_counter() - started) * 1000)
            else:
                failed.append(response.status)
            i += 1

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    per_kind["errors"] = [float(s) for s in failed]
    return per_kind


def under_load(items, seconds: float, clients: int, workers: int, writes: float) -> dict:
    key = staff_key()
    out: dict = {"workers": workers, "clients": clients, "writes_per_second": writes}
    with gunicorn(workers):
        over_http(items, 3, clients, key)  # every worker warm
        for phase, n, w in (("http_one_client", 1, 0.0), ("loaded", clients, writes)):
            stop, done = threading.Event(), [0]
            thread = threading.Thread(target=writer, args=(stop, w, done))
            if w:
                thread.start()
            started = time.perf_counter()
            measured = over_http(items, seconds, n, key)
            wall = time.perf_counter() - started
            stop.set()
            if w:
                thread.join()
            errors = measured.pop("errors")
            rows = []
            for kind, times in measured.items():
                times.sort()
                rows.append({"kind": kind, "requests": len(times),
                             "p50_ms": round(statistics.median(times), 1),
                             "p95_ms": round(percentile(times, 0.95), 1)})  # fmt: skip
            total = sum(r["requests"] for r in rows)
            out[phase] = {"clients": n, "seconds": round(wall, 1), "errors": len(errors),
                          "per_second": round(total / wall, 1), "writes": done[0],
                          "suggest": rows}  # fmt: skip
            print(f"  over HTTP, {phase}: {n} clients, {total / wall:.0f} suggestions/s, "
                  f"{done[0]} building edits, {len(errors)} errors")  # fmt: skip
            for r in rows:
                print(f"    {r['kind']:13} p50 {r['p50_ms']:6.1f} ms  p95 {r['p95_ms']:6.1f} ms")
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=1_000_000, help="standard addresses")
    parser.add_argument(
        "--again", action="store_true", help="measure the database's index again, build nothing"
    )
    parser.add_argument("--seconds", type=float, default=30, help="each phase over HTTP")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn's")
    parser.add_argument("--writes", type=float, default=20, help="building edits a second")
    parser.add_argument("--no-http", action="store_true", help="in-process figures only")
    args = parser.parse_args()
    vendor = connection.vendor
    start = time.perf_counter()
    if args.again:
        buildings = list(Building.objects.values("code", "address", "grid__path"))
        entries, rebuild_s = StandardAddress.objects.count(), 0.0
    else:
        buildings = setup(args.count)
    register_s = time.perf_counter() - start
    start = time.perf_counter()
    if not args.again:
        entries = rebuild()
        rebuild_s = time.perf_counter() - start
    analyze(StandardAddress, Building, House)  # as a register import ends
    print(f"{vendor}: register {register_s:.1f} s; index rebuilt: {entries:,} entries in "
          f"{rebuild_s:.1f} s ({entries / max(rebuild_s, 1e-9):,.0f}/s)")  # fmt: skip
    results = []
    asked = queries(buildings)
    for kind, items in asked.items():
        r = measure(kind, items)
        results.append(r)
        print(f"  {kind:13} p50 {r['p50_ms']:6.1f} ms  p95 {r['p95_ms']:6.1f} ms  "
              f"cpu {r['python_cpu_ms']:5.1f} ms  "
              f"first {r['first_is_intended']}  intake {r['intake_resolves']}  e.g. {r['example']}")  # fmt: skip
    report = {
        "database": vendor,
        "entries": entries,
        "buildings": len(buildings),
        "rebuild_seconds": round(rebuild_s, 1),
        "suggest": results,
        "http": None
        if args.no_http
        else under_load(asked, args.seconds, args.clients, args.workers, args.writes),
        "target": "p95 <= 50 ms",
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load_average": os.getloadavg(),
        },
        "at": time.strftime("%Y-%m-%d %H:%M:%S"),
    }
    out = ROOT / "benchmarks" / "results" / f"addresses-{vendor}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2))
    print(f"written {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
