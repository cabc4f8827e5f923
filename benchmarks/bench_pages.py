"""Server time of the main pages with the cases the caller has stored (called by
bench_open311.py, which stores 1,000,000, and bench_cases.py, which stores 10,000,000): p50/p95
over repeated requests through Django's test client, in one process, as a leader of the district
sees them. The command centre's figures are rewritten and its open cases counted first (what beat
does every ten minutes and every minute), and both are timed. The map's layers are measured with
their one-minute cache emptied before each request (the first viewer after a minute)."""

from __future__ import annotations

import statistics
import time

from django.core.cache import cache
from django.test import Client

from civicgrid.accounts.models import User
from civicgrid.cases.models import Case
from civicgrid.figures.services import count_now, refresh

TARGETS = {"list_and_detail_p95_ms": 150, "command_centre_p95_ms": 300}
# the map layers are fetched after the page has been shown; no target of their own


def bench_pages(repeat: int = 30) -> dict:
    started = time.perf_counter()
    refresh()
    out = {"figures_refresh_seconds": round(time.perf_counter() - started, 2)}
    print(f"  → figures refresh (90 days): {out['figures_refresh_seconds']} s", flush=True)
    started = time.perf_counter()
    count_now()
    out["count_now_seconds"] = round(time.perf_counter() - started, 2)
    print(f"  → open cases and red cards counted: {out['count_now_seconds']} s", flush=True)
    client = Client()
    client.force_login(User.objects.get(username="leader"))
    case = Case.objects.order_by("-id").first()
    pages = {
        "home_with_workbench": "/",
        "case_list": "/cases/",
        "case_list_red_cards": "/cases/?card=red",
        "case_detail": f"/cases/{case.pk}/",
        "command_centre": "/command/",
        "command_map_open_cases": "/command/cells?layer=open",
        "command_map_red_cards": "/command/cells?layer=red",
        "command_map_heat_7_days": "/command/cells?layer=reports&days=7",
        "command_map_heat_30_days": "/command/cells?layer=reports&days=30",
    }
    for name, url in pages.items():
        count_now()  # as beat does every minute, so that no page counts them itself
        client.get(url)  # warm
        samples = []
        for _ in range(repeat):
            cache.clear()  # the map's layers: as the first viewer after a minute finds them
            t = time.perf_counter()
            response = client.get(url)
            samples.append((time.perf_counter() - t) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        samples.sort()
        out[name] = {
            "p50_ms": round(statistics.median(samples), 1),
            "p95_ms": round(samples[int(len(samples) * 0.95) - 1], 1),
        }
        print(
            f"  → page {name}: p50 {out[name]['p50_ms']} ms, p95 {out[name]['p95_ms']} ms",
            flush=True,
        )
    out["targets"] = TARGETS
    return out
