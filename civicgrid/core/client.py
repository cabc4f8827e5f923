"""The client's address, one definition for login lockouts, PII audit and rate limits.

With no reverse proxy in front (``CIVICGRID_PROXY_COUNT=0``, the default) it is the socket's
peer, and ``X-Forwarded-For`` is ignored: a client could write anything there. Behind N proxies,
each appends the address it received from, so the client is the N-th entry from the right; the
entries further left were written by the client and are not trusted.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings


def client_address(request) -> str | None:
    if request is None:
        return None
    count = settings.CIVICGRID_PROXY_COUNT
    address = request.META.get("REMOTE_ADDR") or None
    if count > 0:
        chain = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        chain = [p for p in chain if p]
        if len(chain) >= count:
            address = chain[-count]
    try:
        return str(ipaddress.ip_address(address)) if address else None
    except ValueError:
        return None
