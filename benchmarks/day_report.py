"""The figures of bench_day.py: per page and per call p50/p95/p99/max/count/errors, the
actions taken, the workers' memory, the periodic tasks and the slowest SQL, as tables."""

from __future__ import annotations

import math

from django.db.models import Count

from civicgrid.cases.models import CaseEvent

TARGETS = {
    "p95_ms": 300,
    "p99_ms": 1000,
    "errors": 0,
    "no_page_over_ms": 2000,
    "worker_rss_mb": 300,
    "export_100000_cases": "streams in constant memory",
}
# requests that are not pages or calls a user waits for (their figures are shown all the same)
SETUP = {"login page", "log in"}


def _q(values: list[float], q: float) -> float:
    """The nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(len(ordered) * q) - 1)]


def table(samples: list) -> dict[str, dict]:
    by_name: dict[str, list] = {}
    for name, ms, status, ok in samples:
        by_name.setdefault(name, []).append((ms, status, ok))
    out = {}
    for name, rows in sorted(by_name.items()):
        good = [ms for ms, _s, ok in rows if ok]
        bad = [s for _ms, s, ok in rows if not ok]
        out[name] = {
            "count": len(rows),
            "errors": len(bad),
            "error_statuses": sorted(set(bad))[:5],
            "p50_ms": round(_q(good, 0.50), 1) if good else None,
            "p95_ms": round(_q(good, 0.95), 1) if good else None,
            "p99_ms": round(_q(good, 0.99), 1) if good else None,
            "max_ms": round(max(good), 1) if good else None,
            "over_2s": sum(1 for ms in good if ms > TARGETS["no_page_over_ms"]),
        }
    return out


def steps_since(at) -> dict[str, int]:
    """The case steps written since ``at``, by action (what the day did to the cases)."""
    rows = CaseEvent.objects.filter(at__gte=at).values_list("action").annotate(n=Count("id"))
    return dict(sorted(rows))


def summary(day: dict) -> dict:
    load = day["load"]
    pages = table(load["samples"])
    work = {k: v for k, v in pages.items() if k not in SETUP}
    requests = sum(v["count"] for v in work.values())
    return {
        "arrival": {
            "seconds": load["arrival"]["seconds"],
            "logins": table(load["arrival"]["samples"]),
            "outcomes": load["arrival"]["outcomes"],
        },
        "seconds": load["seconds"],
        "requests": requests,
        "requests_per_second": round(requests / load["seconds"], 1) if load["seconds"] else None,
        "errors": sum(v["errors"] for v in pages.values()),
        "pages_over_2s": sum(v["over_2s"] for v in work.values()),
        "pages": pages,
        "actions": load["outcomes"],
        "refusals_seen": load["refusals"],
        "case_steps_written": day["steps"],
        "cases_reported_during_the_day": day["cases_reported"],
        "gunicorn_rss": day["rss"],
        "cpu": day.get("cpu"),
        "autovacuum": day.get("autovacuum"),
        "periodic_tasks": day["tasks"],
        "slowest_sql": day["sql"],
        "slowest_sql_note": day["sql_note"],
    }


def show(r: dict) -> None:
    a = r["arrival"]
    print(f"\n  arrival (before the day): every session logged in through the form in "
          f"{a['seconds']} s, four at a time; {a['outcomes'] or 'no refusal'}")  # fmt: skip
    for name, v in a["logins"].items():
        print(f"    {name:32} count {v['count']}, errors {v['errors']}, p50 {v['p50_ms']} ms, "
              f"p95 {v['p95_ms']} ms, max {v['max_ms']} ms")  # fmt: skip
    print(f"\n  {r['requests']:,} requests in {r['seconds']} s ({r['requests_per_second']}/s), "
          f"{r['errors']} errors, {r['pages_over_2s']} over 2 s")  # fmt: skip
    head = (
        f"  {'page / call':34} {'count':>6} {'err':>4} {'p50':>7} {'p95':>7} {'p99':>7} {'max':>7}"
    )
    print(head + "   (ms)")
    for name, v in r["pages"].items():
        cells = [
            v[k] if v[k] is not None else "-" for k in ("p50_ms", "p95_ms", "p99_ms", "max_ms")
        ]
        flag = "  ← over target" if v["p95_ms"] and (
            v["p95_ms"] > TARGETS["p95_ms"] or v["p99_ms"] > TARGETS["p99_ms"]
        ) else ""  # fmt: skip
        print(f"  {name:34} {v['count']:>6} {v['errors']:>4} "
              + " ".join(f"{c:>7}" for c in cells) + flag)  # fmt: skip
    print(f"\n  actions taken by the sessions: {r['actions']}")
    print(f"  case steps written during the day: {r['case_steps_written']}")
    print(f"  cases reported during the day: {r['cases_reported_during_the_day']:,}")
    if cpu := r.get("cpu"):
        print(f"  CPU while the load ran: the machine busy {cpu['machine_busy_share']:.0%}; "
              f"CPU seconds {cpu['cpu_seconds']}")  # fmt: skip
    rss = r["gunicorn_rss"]
    print(f"  gunicorn workers: max RSS {rss['max_rss_mb']} MB, peak (VmHWM) {rss['max_peak_mb']} "
          f"MB; per worker {rss['per_worker_max_rss_mb']}")  # fmt: skip
    print("  periodic tasks (Celery worker):")
    for name, v in r["periodic_tasks"].items():
        print(f"    {name:28} {v}")
    if r["slowest_sql"] is None:
        print(f"  slowest SQL: {r['slowest_sql_note']}")
    else:
        sql = r["slowest_sql"]
        print(f"  SQL: {sql['statements']:,} statements, {sql['total_ms'] / 1000:.1f} s in all")
        for title, key in (("by total time", "by_total_time"), ("by mean time", "by_mean_time")):
            print(f"  slowest SQL {title}:  calls  total ms  mean ms  max ms")
            for s in sql[key][:8]:
                print(f"    {s['calls']:>7} {s['total_ms']:>9} {s['mean_ms']:>8} {s['max_ms']:>7}  "
                      f"{s['query'][:110]}")  # fmt: skip
    if r.get("export_memory"):
        print("  export memory (one gunicorn worker):")
        for name, v in r["export_memory"].items():
            print(f"    {name:22} {v}")
