"""Server time of the main pages with the cases the caller has stored (called by
bench_open311.py, which stores 1,000,000): p50/p95 over repeated requests through Django's test
client, in one process, as a leader of the district sees them. The command centre's figures are
rewritten first (``civicgrid figures``) and that rewrite is timed too."""

from __future__ import annotations

import statistics
import time

from django.test import Client

from civicgrid.accounts.models import User
from civicgrid.cases.models import Case
from civicgrid.figures.services import refresh

TARGETS = {"list_and_detail_p95_ms": 150, "command_centre_p95_ms": 300}


def bench_pages(repeat: int = 30) -> dict:
    started = time.perf_counter()
    refresh()
    out = {"figures_refresh_seconds": round(time.perf_counter() - started, 2)}
    print(f"  → figures refresh (90 days): {out['figures_refresh_seconds']} s", flush=True)
    client = Client()
    client.force_login(User.objects.get(username="leader"))
    case = Case.objects.order_by("-id").first()
    pages = {
        "home_with_workbench": "/",
        "case_list": "/cases/",
        "case_list_red_cards": "/cases/?card=red",
        "case_detail": f"/cases/{case.pk}/",
        "command_centre": "/command/",
    }
    for name, url in pages.items():
        client.get(url)  # warm
        samples = []
        for _ in range(repeat):
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
