"""API tokens: created for a user (the secret shown once), revoked, and resolved to their user.
Creation and revocation are on the audit trail of powers."""

from __future__ import annotations

import copy
import datetime as dt

from django.db import transaction
from django.utils import timezone

from civicgrid.core import audit

from . import caches
from .models import ApiToken, User


def _token_state(token: ApiToken) -> dict:
    return {
        "user": token.user.get_username(),
        "name": token.name,
        "hint": token.hint,
        "revoked_at": token.revoked_at.isoformat() if token.revoked_at else None,
    }


@transaction.atomic
def token_create(
    *, user: User, name: str, actor=None, address: str | None = None
) -> tuple[ApiToken, str]:
    """Returns the token row and its secret, which is never stored and never shown again."""
    key = ApiToken.new_key()
    token = ApiToken(
        user=user, name=name.strip() or "API", key_hash=ApiToken.hash_key(key), hint=key[:10]
    )
    token.full_clean()
    token.save()
    audit.record(
        kind=audit.Kind.API_TOKEN,
        action="create",
        actor=actor,
        address=address,
        target=token,
        after=_token_state(token),
    )
    return token, key


@transaction.atomic
def token_revoke(
    *, token: ApiToken, now: dt.datetime | None = None, actor=None, address: str | None = None
) -> ApiToken:
    if token.revoked_at is None:
        before = _token_state(token)
        token.revoked_at = now or timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
        audit.record(
            kind=audit.Kind.API_TOKEN,
            action="revoke",
            actor=actor,
            address=address,
            target=token,
            before=before,
            after=_token_state(token),
        )
    return token


def token_authenticate(key: str, *, now: dt.datetime | None = None) -> User | None:
    """The active user behind an unrevoked token, recording when it was last used (at most once
    a minute). Tokens found live are kept per process (``caches.KNOWN``): a revocation, or any
    change of the user, drops them in every process within ``CIVICGRID_CACHE_RECHECK``. Each
    caller gets its own copy of the user (what a request memoises on it stays in the request)."""
    if not key or not key.startswith(ApiToken.PREFIX):
        return None
    digest = ApiToken.hash_key(key)
    live = caches.KNOWN.get().tokens
    found = live.get(digest)
    if found is None:
        token = (
            ApiToken.objects.active()
            .select_related("user")
            .filter(key_hash=digest, user__is_active=True)
            .first()
        )
        if token is None:
            return None
        found = live[digest] = caches.LiveToken(token.pk, token.user, token.last_used_at)
    now = now or timezone.now()
    if found.last_used_at is None or now - found.last_used_at > dt.timedelta(minutes=1):
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        found.last_used_at = now
    return copy.copy(found.user)
