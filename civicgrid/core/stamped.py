"""Per-process caches that follow a version stamp (decision 0004).

Some read-mostly tables are read on every request — grid boundaries (point → grid), the
working-time calendar, the catalogue of classes. Each process keeps one built copy and rebuilds it
when the table's ``Stamp`` moves. A process re-reads the stamp at most once every
``CIVICGRID_CACHE_RECHECK`` seconds (default 1), so a hot path costs no query; other processes see
a change within that time, and the process that made the change forgets its copy at once.

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

T = TypeVar("T")


class StampedCache(Generic[T]):
    _every: list = []

    def __init__(self, key: str, build: Callable[[], T]):
        self.key = key
        self._build = build
        self._lock = threading.Lock()
        self._entry: tuple[int, T] | None = None
        self._checked_at = 0.0
        StampedCache._every.append(self)

    def get(self) -> T:
        from .models import Stamp

        entry, now = self._entry, time.monotonic()
        if entry is not None and now - self._checked_at < settings.CIVICGRID_CACHE_RECHECK:
            return entry[1]
        version = Stamp.read(self.key)
        with self._lock:
            self._checked_at = now
            if self._entry is None or self._entry[0] != version:
                self._entry = (version, self._build())
            return self._entry[1]

    def forget(self) -> None:
        """Drop this process's copy: the next ``get`` rebuilds it."""
        with self._lock:
            self._entry = None

    def changed(self) -> None:
        """The table changed: move the stamp (in the caller's transaction) and forget."""
        from .models import Stamp

        Stamp.bump(self.key)
        self.forget()

    @classmethod
    def register(cls, other) -> None:
        """Another per-process cache (anything with ``forget()``) that ``forget_all`` drops."""
        cls._every.append(other)

    @classmethod
    def forget_all(cls) -> None:
        """Drop every cache of the process (tests roll the database back between tests)."""
        for cache in cls._every:
            cache.forget()
