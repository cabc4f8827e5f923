"""The knowledge base's search latency (issue #21 §2: searchable by the operator while the caller
is on the line).

Builds the search index over N articles (default 10,000) made from the shipped report texts and
the catalogue's class names — each article a title, an answer of several sentences, who is
responsible and keywords — then asks it with the held-out report texts (a caller's sentence,
with the noise of a phone call), one at a time, as the intake's panel does after a pause in
typing. Measures the index's build time and memory (the peak while building, and what the index
keeps), and the search's p50 and p95 (the index part, which is what grows with N; the page then
reads the ten articles shown by id). The search's p95 is also given in CPU time, and the
machine's load beside it: on a machine busy with other work the wall-clock p95 includes the time
the process waited for a CPU.

No database. Prints the numbers and writes benchmarks/results/knowledge.json
(target: p95 ≤ 50 ms at 10,000 articles).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("CIVICGRID_LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from bench_suggest import noisy  # noqa: E402

from civicgrid.catalogue import seed  # noqa: E402
from civicgrid.insight import corpus, knowledge  # noqa: E402

UNITS = [
    "区城管执法局",
    "区民政局",
    "区人社局",
    "区市场监管局",
    "街道社区事务受理服务中心",
    "社区居委会",
]


def articles(n: int, rng: random.Random) -> list[tuple]:
    _majors, _parts, classes = seed.classes()
    names = [c["name"] for c in classes]
    said = [t for texts in corpus.phrases("train").values() for t in texts]
    rows = []
    for pk in range(1, n + 1):
        topic = rng.choice(names)
        answer = "。".join(rng.sample(said, 4)) + f"。{topic}由{rng.choice(UNITS)}负责处理。"
        rows.append((pk, f"{topic}怎么办（第{pk}条）", answer, rng.choice(UNITS),
                     "可先拨打热线反映，写明地点和时间。", " ".join(rng.sample(names, 3)),
                     frozenset()))  # fmt: skip
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=10_000)
    args = parser.parse_args()
    rng = random.Random(21)
    rows = articles(args.articles, rng)
    load = os.getloadavg()[0]  # the machine's load (1 minute) as it starts: others' work too
    started = time.perf_counter()
    index = knowledge.build(rows)
    built = time.perf_counter() - started
    tracemalloc.start()  # the memory on a second build (tracing slows it down)
    again = knowledge.build(rows)
    kept, memory = (n / 2**20 for n in tracemalloc.get_traced_memory())  # the index; the peak
    tracemalloc.stop()
    del again
    asks = [noisy(t, rng) for _c, s, t in corpus.rows() if s == "test"]
    for text in asks[:5]:
        knowledge.ranked(index, text)  # warm
    waits, cpu = [], []  # the wall-clock time; the time on the CPU (not the time others had it)
    for _round in range(3):
        for text in asks:
            t0, c0 = time.perf_counter(), time.thread_time()
            knowledge.ranked(index, text, limit=10)
            cpu.append((time.thread_time() - c0) * 1000)
            waits.append((time.perf_counter() - t0) * 1000)
    waits.sort()
    cpu.sort()
    p50, p95 = waits[len(waits) // 2], waits[int(len(waits) * 0.95)]
    cpu95 = cpu[int(len(cpu) * 0.95)]
    load = max(load, os.getloadavg()[0])
    print(f"knowledge base: {args.articles:,} articles, {len(index.vocabulary):,} terms; index built "
          f"in {built:.1f} s, {memory:.0f} MiB at the peak, {kept:.0f} MiB kept; search of a "
          f"caller's sentence p50 {p50:.2f} ms, p95 {p95:.2f} ms (on the CPU: p95 {cpu95:.2f} ms) "
          f"over {len(waits)} searches (target p95 ≤ 50 ms); load {load:.1f} on "
          f"{os.cpu_count()} CPUs")  # fmt: skip
    out = ROOT / "benchmarks" / "results" / "knowledge.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({
        "machine": platform.platform(), "cpus": os.cpu_count(), "load": round(load, 2),
        "articles": args.articles, "terms": len(index.vocabulary),
        "build_seconds": round(built, 2), "index_mib": round(memory, 1),
        "index_kept_mib": round(kept, 1), "search_ms_p50": round(p50, 2),
        "search_ms_p95": round(p95, 2), "search_cpu_ms_p95": round(cpu95, 2),
        "searches": len(waits),
    }, indent=2))  # fmt: skip
    print(f"written {out}")


if __name__ == "__main__":
    main()
