"""Per-process caches that follow a version stamp (decision 0004).

Some read-mostly tables are read on every request — grid boundaries (point → grid), the
working-time calendar, the catalogue of classes. Each process keeps one built copy and rebuilds it
when the table's ``Stamp`` moves. A process re-reads the stamp at most once every
``CIVICGRID_CACHE_RECHECK`` seconds (default 1), so a hot path costs no query; other processes see
a change within that time, and the process that made the change forgets its copy at once. When
one cache's recheck is due, the stamps of every cache the process follows are read in the same
query (``_STAMPS``): a request that touches several caches pays one query a second, not one each.

A write calls ``cache.changed()`` inside its transaction: the stamp moves with the data (a
rollback takes both back) and this process drops its copy. The value a cache returns is shared by
every thread of the process: treat it as read-only.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Generic, TypeVar

from django.conf import settings

from . import replicas
from .models import Stamp

T = TypeVar("T")


class _Stamps:
    """The stamps this process follows, read together and kept for ``CIVICGRID_CACHE_RECHECK``
    seconds."""

    def __init__(self) -> None:
        self.keys: set[str] = set()
        self._lock = threading.Lock()
        self._versions: dict[str, int] = {}
        self._read_at = float("-inf")

    def version(self, key: str, now: float) -> int:
        versions = self._versions
        if key not in versions or now - self._read_at >= settings.CIVICGRID_CACHE_RECHECK:
            keys = self.keys | {key}
            read = dict(Stamp.objects.filter(key__in=keys).values_list("key", "version"))
            versions = {k: read.get(k, 0) for k in keys}
            with self._lock:
                self._versions, self._read_at = versions, now
        return versions[key]

    def stale(self) -> None:
        """A stamp moved here: the next check reads them all again."""
        with self._lock:
            self._read_at = float("-inf")


_STAMPS = _Stamps()


class StampedCache(Generic[T]):
    _every: list = []

    def __init__(self, key: str, build: Callable[[], T]):
        self.key = key
        self._build = build
        self._lock = threading.Lock()
        self._entry: tuple[int, T] | None = None
        self._checked_at = 0.0
        _STAMPS.keys.add(key)
        StampedCache._every.append(self)

    def get(self) -> T:
        entry, now = self._entry, time.monotonic()
        if entry is not None and now - self._checked_at < settings.CIVICGRID_CACHE_RECHECK:
            return entry[1]
        version = _STAMPS.version(self.key, now)
        with self._lock:
            self._checked_at = now
            if self._entry is None or self._entry[0] != version:
                with replicas.primary():  # never an old table kept under the new version
                    self._entry = (version, self._build())
            return self._entry[1]

    def forget(self) -> None:
        """Drop this process's copy: the next ``get`` rebuilds it."""
        with self._lock:
            self._entry = None

    def changed(self) -> None:
        """The table changed: move the stamp (in the caller's transaction) and forget."""
        Stamp.bump(self.key)
        _STAMPS.stale()
        self.forget()

    @classmethod
    def register(cls, other) -> None:
        """Another per-process cache (anything with ``forget()``) that ``forget_all`` drops."""
        cls._every.append(other)

    @classmethod
    def forget_all(cls) -> None:
        """Drop every cache of the process (tests roll the database back between tests)."""
        _STAMPS.stale()
        for cache in cls._every:
            cache.forget()
