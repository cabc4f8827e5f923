"""Rate limits for what the public can do without an account (reports, proofs of identity).

Counters live in the database, so every process of every server shares them and the embedded
default (SQLite, no cache server) limits as well as a full deployment (decision 0006). Windows are
fixed (a subject may make up to twice its limit across a window boundary); each hit is one
atomic upsert. Old windows are pruned now and then by the hits themselves.
"""

from __future__ import annotations

import hashlib
import random
import time
from dataclasses import dataclass

from django.db import connection, transaction

from .models import RateCounter
from .text import column_length

KEEP_SECONDS = 2 * 86400


@dataclass(frozen=True)
class Limit:
    name: str
    count: int  # attempts allowed per window; 0 or less turns the limit off
    seconds: int

    def _key(self, subject: str) -> str:
        key = f"{self.name}:{subject}"
        if len(key) <= column_length(RateCounter, "key"):
            return key
        # a subject too long for the column counts by its digest: cut, two could share a count
        return f"{self.name}:{hashlib.sha256(subject.encode()).hexdigest()}"

    def _window(self, now: float | None) -> int:
        now = time.time() if now is None else now
        return int(now // self.seconds) * self.seconds

    def used(self, subject: str, *, now: float | None = None) -> int:
        """Attempts already counted in the current window."""
        return (
            RateCounter.objects.filter(key=self._key(subject), window_start=self._window(now))
            .values_list("count", flat=True)
            .first()
            or 0
        )

    def exceeded(self, subject: str, *, now: float | None = None) -> bool:
        return self.count > 0 and self.used(subject, now=now) >= self.count

    def hit(self, subject: str, *, now: float | None = None) -> bool:
        """Count one attempt; False when it is over the limit (the attempt should be refused)."""
        if self.count <= 0:
            return True
        params: list[str | int] = [self._key(subject), self._window(now)]
        q = connection.ops.quote_name
        table, key, start, count = (
            q(n) for n in (RateCounter._meta.db_table, "key", "window_start", "count")
        )
        with transaction.atomic(), connection.cursor() as cursor:
            # SQLite ≥ 3.24 and PostgreSQL both take this upsert; the read-back is in the same
            # transaction (SQLite holds its write lock; PostgreSQL may show a later hit too)
            cursor.execute(
                f"INSERT INTO {table} ({key}, {start}, {count}) VALUES (%s, %s, 1) "
                f"ON CONFLICT ({key}, {start}) DO UPDATE SET {count} = {table}.{count} + 1",
                params,
            )
            cursor.execute(f"SELECT {count} FROM {table} WHERE {key} = %s AND {start} = %s", params)
            n = cursor.fetchone()[0]
        if random.random() < 0.01:
            prune(now=now)
        return n <= self.count


def prune(*, now: float | None = None) -> int:
    """Forget windows that ended more than two days ago."""
    now = time.time() if now is None else now
    deleted, _ = RateCounter.objects.filter(window_start__lt=now - KEEP_SECONDS).delete()
    return deleted
