"""The requests of the floors' workloads (benchmarks/floors.py), and what is checked in-process
before the rounds: queries per request, and that the list floor reads the product's page."""

from __future__ import annotations

import uuid
from urllib.parse import urlencode

from django.db import connection

from civicgrid.accounts.models import User
from civicgrid.accounts.services import token_create
from civicgrid.open311.services import app_issue

FORM = "application/x-www-form-urlencoded"


class Workloads:
    """The requests of every workload, for client ``n``'s ``i``-th request."""

    def __init__(self, points: list[tuple[float, float]]):
        self.points = points
        user = User.objects.get(username="operator")
        _t, token = token_create(user=user, name=f"bench-floors-{uuid.uuid4().hex[:6]}")
        _app, self.api_key = app_issue(name="bench-floors", requests_per_hour=0)
        self.bearer = {"Authorization": f"Bearer {token}", "Content-Type": FORM}
        self.run = uuid.uuid4().hex[:6]  # idempotency keys differ from one run to the next

    def report(self, n: int, i: int) -> str:
        lon, lat = self.points[(n * 7919 + i) % len(self.points)]
        return urlencode(
            {
                "case_class": "06010",
                "channel": "hotline",
                "lon": lon,
                "lat": lat,
                "reporter_name": "bench",
                "reporter_phone": "13800000000",
                "answers": '{"volume": "small"}',
                "idempotency_key": f"f{self.run}-{n}-{i}-{uuid.uuid4().hex[:6]}",
            }
        )

    def rest_intake(self, n, i):
        return "POST", "/api/v1/cases", self.report(n, i), self.bearer

    def framework(self, n, i):
        return "POST", "/floor/cases", self.report(n, i), self.bearer

    def open311_post(self, n, i):
        lon, lat = self.points[(n * 7919 + i) % len(self.points)]
        body = urlencode(
            {
                "api_key": self.api_key,
                "service_code": "06010",
                "lat": lat,
                "long": lon,
                "attribute[volume]": "small",
                "description": "bench",
                "phone": "13800000000",
            }
        )
        return "POST", "/open311/v2/requests.json", body, {"Content-Type": FORM}

    @staticmethod
    def open311_get_afresh(n, i):
        return "GET", "/open311/v2/requests.json", None, {}

    @staticmethod
    def list(n, i):
        return "GET", "/floor/requests.json", None, {}


def queries_per_report(work: Workloads, names: list[str]) -> dict:
    """Statements per request, in-process (Django's test client): three requests after a warm
    one, the fewest and the most (a token's last use is written at most once a minute). BEGIN
    and COMMIT are counted (Django logs them)."""
    from django.db import reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    out = {}
    with override_settings(ROOT_URLCONF="benchmarks.floor.urls", CIVICGRID_OPEN311_CACHE_SECONDS=0):
        client = Client()
        for name in names:
            counted = []
            for i in range(4):
                method, path, body, headers = getattr(work, name)(99, i)
                extra = {f"HTTP_{k.upper()}": v for k, v in headers.items() if k != "Content-Type"}
                with CaptureQueriesContext(connection) as captured:
                    if method == "POST":
                        response = client.post(path, body, content_type=FORM, **extra)
                    else:
                        response = client.get(path, **extra)
                assert response.status_code in (200, 201), (name, response.status_code)
                counted.append([q["sql"][:60] for q in captured.captured_queries])
            sizes = [len(c) for c in counted[1:]]
            out[name] = {
                "queries": min(sizes),
                "queries_most": max(sizes),
                "statements": max(counted[1:], key=len),
            }
            reset_queries()
    return out


def same_rows() -> dict:
    """Whether the product's default page and the list floor hold the same requests, in the
    same order (if not, the list's comparison is not met: the floor would not be its floor)."""
    from django.test import Client
    from django.test.utils import override_settings

    with override_settings(ROOT_URLCONF="benchmarks.floor.urls", CIVICGRID_OPEN311_CACHE_SECONDS=0):
        client = Client()
        product = [r["service_request_id"] for r in client.get("/open311/v2/requests.json").json()]
        floor = [r["number"] for r in client.get("/floor/requests.json").json()]
    if product != floor:
        print(
            f"  !! the list floor's {len(floor)} rows are not the product page's {len(product)}",
            flush=True,
        )
    return {"rows": len(product), "floor_rows": len(floor), "same": product == floor}
