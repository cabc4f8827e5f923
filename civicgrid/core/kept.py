"""Counts over a wide scope, kept a moment (issue 19 §3).

A district's leader, its operators and its shift leads all see the whole district: at city scale
(10,000,000 cases, 300,000 of them open) every workbench and case list counting the open cases
afresh kept the database busy with the same answer. ``kept`` answers such a count from the cache
for up to ``KEEP`` when counting it took longer than ``settings.CIVICGRID_KEEP_COUNTS_AFTER``
seconds; a count that is quick (a handler's few cases, a grid) is always counted afresh, so
what a person has just done shows at once where it is easy to see.

The key is the name of the count and the SQL (with its parameters) of the querysets that make
the user's scope: two users share a kept count only when they see exactly the same cases. The
cache is the project's (per process by default, Redis when ``CIVICGRID_REDIS_URL`` is set).
Pages say how old their figures are: ``tracking()`` collects when each kept count was made.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import time
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db.models import QuerySet
from django.utils import timezone

KEEP = dt.timedelta(seconds=60)
T = TypeVar("T")
_made: ContextVar[list[dt.datetime] | None] = ContextVar("kept_made", default=None)


def key_of(name: str, scope: Iterable[QuerySet | str]) -> str:
    parts = [name]
    for qs in scope:
        if isinstance(qs, str):
            parts.append(qs)
            continue
        try:
            sql, params = qs.query.sql_with_params()
        except EmptyResultSet:  # a part that selects nothing (no units, say)
            sql, params = "nothing", ()
        parts.append(f"{qs.db}:{sql}:{params!r}")
    return "kept:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def kept(
    name: str, scope: Iterable[QuerySet | str], count: Callable[[], T], *, keep: dt.timedelta = KEEP
) -> T:
    """``count()``, or what it gave less than ``keep`` ago for the same name and scope (the
    querysets that select what is counted, or strings that say it exactly)."""
    after = settings.CIVICGRID_KEEP_COUNTS_AFTER
    if after is None:
        return count()
    key = key_of(name, scope)
    hit = cache.get(key)
    if hit is not None:
        value, made = hit
    else:
        made, started = timezone.now(), time.perf_counter()
        value = count()
        if time.perf_counter() - started >= after:
            cache.set(key, (value, made), keep.total_seconds())
    if (seen := _made.get()) is not None:
        seen.append(made)
    return value


@contextlib.contextmanager
def tracking() -> Iterator[list[dt.datetime]]:
    """When each count made inside the block was counted (kept or afresh), for an "as of"."""
    seen: list[dt.datetime] = []
    token = _made.set(seen)
    try:
        yield seen
    finally:
        _made.reset(token)
