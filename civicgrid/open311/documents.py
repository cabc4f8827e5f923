"""Public Open311 lists rendered once per change of what they show.

FixMyStreet-style clients, data portals and dashboards poll ``GET requests`` and
``servicerequestupdates`` with the same arguments over and over; a default page is up to 1,000
requests. Each process keeps the rendered bytes of its recent lists (LRU, at most ``BUDGET``
bytes), keyed by format, language and the query string, and serves them again while nothing they
show can have changed:

- the latest case event is the same (every change of a case writes an event) and so is the
  catalogue. The process re-reads the latest event id at most once every
  ``CIVICGRID_CACHE_RECHECK`` seconds, and at once after an event saved in this process;
- the document is at most ``CIVICGRID_OPEN311_CACHE_SECONDS`` old (default 30; 0 turns the cache
  off). This bounds what the stamp cannot see: a unit renamed, the "last 90 days" window moving
  on, a transaction that commits after a later one.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable

from django.conf import settings

from civicgrid.cases.models import CaseEvent
from civicgrid.catalogue.selectors import ACTIVE_CLASSES
from civicgrid.core.stamped import StampedCache

BUDGET = 32 * 1024 * 1024  # bytes of rendered documents per process


class Documents:
    def __init__(self, budget: int = BUDGET):
        self.budget = budget
        self._lock = threading.Lock()
        self._held: OrderedDict[tuple, tuple[int | None, object, float, bytes]] = OrderedDict()
        self._size = 0
        self._latest: int | None = None
        self._checked_at: float | None = None
        StampedCache.register(self)

    def _latest_event(self, now: float) -> int | None:
        checked = self._checked_at
        if checked is None or now - checked >= settings.CIVICGRID_CACHE_RECHECK:
            self._latest = CaseEvent.objects.order_by("-id").values_list("id", flat=True).first()
            self._checked_at = now
        return self._latest

    def get(self, key: tuple, build: Callable[[], bytes]) -> bytes:
        """The document for ``key``: the one held if still current, else ``build()`` (kept)."""
        ttl = settings.CIVICGRID_OPEN311_CACHE_SECONDS
        if ttl <= 0:
            return build()
        now = time.monotonic()
        latest, catalogue = self._latest_event(now), ACTIVE_CLASSES.get()
        with self._lock:
            held = self._held.get(key)
            if held and held[0] == latest and held[1] is catalogue and now - held[2] < ttl:
                self._held.move_to_end(key)
                return held[3]
        body = build()
        with self._lock:
            old = self._held.pop(key, None)
            self._size -= len(old[3]) if old else 0
            if len(body) <= self.budget:
                self._held[key] = (latest, catalogue, now, body)
                self._size += len(body)
            while self._size > self.budget:
                self._size -= len(self._held.popitem(last=False)[1][3])
        return body

    def changed(self) -> None:
        """A case changed in this process: read the latest event again on the next request."""
        self._checked_at = None

    def forget(self) -> None:
        with self._lock:
            self._held.clear()
            self._size = 0
            self._checked_at = None


DOCUMENTS = Documents()


def query_key(fmt: str, language: str, params, base: str = "") -> tuple:
    """What makes two list requests the same: format, language, every argument (sorted), and
    the address the client used (links in the document start with it)."""
    return (fmt, language, base, tuple(sorted((k, tuple(v)) for k, v in params.lists())))
