"""Reads from a read replica where staleness is harmless, everything else on the primary (issue 22
§2, docs/deploy.md#read-replicas).

With ``DATABASE_REPLICA_URL`` set there is a second database, ``replica``: a PostgreSQL hot
standby that follows the primary by streaming replication, some milliseconds (or, under load,
seconds) behind. A view that only lists or counts — lists, dashboards, evaluation, exports,
Open311's reads — is marked :func:`reads_from_replica`; its reads go to the replica unless

- the request is pinned: it wrote something (any write routed during the view), or it comes
  within ``CIVICGRID_REPLICA_PIN_SECONDS`` of a write by the same browser (a signed cookie set by
  :class:`PinningMiddleware`), so nobody misses their own action on the next page;
- it runs inside a transaction on the primary (a read there must see the transaction's writes).

Every write, every read of an unmarked view and every background task uses the primary, and so do
the reads that decide who may do what or fill a process's caches, even in a marked view: accounts
and grants, sessions, version stamps (``ALWAYS_PRIMARY``), and whatever a ``StampedCache`` builds
(``primary()``) — a lagging replica must never put an old grant or an old table into a cache
kept under the new version. Without a replica configured nothing changes."""

from __future__ import annotations

import contextlib
import contextvars
import functools
import time
from collections.abc import Callable

from django.conf import settings
from django.db import connections

REPLICA = "replica"
PIN_COOKIE = "cg_pin"
# who may do what, the session, the version stamps: never from a replica that may lag
ALWAYS_PRIMARY = {"accounts", "auth", "sessions", "contenttypes", "axes", "admin", "core"}
_allowed: contextvars.ContextVar[bool] = contextvars.ContextVar("replica_reads", default=False)
_wrote: contextvars.ContextVar[bool] = contextvars.ContextVar("wrote", default=False)


def configured() -> bool:
    return REPLICA in settings.DATABASES


class ReplicaRouter:
    """Reads of a marked view to the replica; writes, and reads after them, to the primary."""

    def db_for_read(self, model, **hints) -> str:
        if (
            _allowed.get()
            and not _wrote.get()
            and model._meta.app_label not in ALWAYS_PRIMARY
            and not connections["default"].in_atomic_block
        ):
            return REPLICA
        return "default"

    def db_for_write(self, model, **hints) -> str:
        _wrote.set(True)
        return "default"

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        return True  # the same rows on both

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool:
        return db == "default"  # the replica follows the primary's migrations by itself


@contextlib.contextmanager
def primary():
    """Reads inside go to the primary, even in a marked view (what a process caches)."""
    token = _allowed.set(False)
    try:
        yield
    finally:
        _allowed.reset(token)


def reads_from_replica(view: Callable) -> Callable:
    """Mark a view whose reads may come from the replica (a few seconds behind at worst)."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        safe = request.method in ("GET", "HEAD")  # a POST's reads (an idempotency key) never
        if not safe or not configured() or getattr(request, "cg_pinned", False):
            return view(request, *args, **kwargs)
        token = _allowed.set(True)
        try:
            return view(request, *args, **kwargs)
        finally:
            _allowed.reset(token)

    return wrapped


class PinningMiddleware:
    """Pins a browser to the primary for a moment after it wrote (place it after the session
    and authentication middleware: their own writes, the session's save, do not pin)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not configured():
            return self.get_response(request)
        until = request.get_signed_cookie(PIN_COOKIE, default="0", salt=PIN_COOKIE)
        try:
            request.cg_pinned = float(until) > time.time()
        except ValueError:
            request.cg_pinned = False
        token = _wrote.set(False)
        try:
            response = self.get_response(request)
            if _wrote.get() or request.method not in ("GET", "HEAD", "OPTIONS"):
                seconds = settings.CIVICGRID_REPLICA_PIN_SECONDS
                response.set_signed_cookie(
                    PIN_COOKIE, str(time.time() + seconds), salt=PIN_COOKIE, max_age=seconds,
                    httponly=True, samesite="Lax", secure=request.is_secure(),
                )  # fmt: skip
            return response
        finally:
            _wrote.reset(token)
