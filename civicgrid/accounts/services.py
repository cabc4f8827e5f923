"""Writes for accounts: users, role grants and API tokens."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from .models import ApiToken, OrgUnit, RoleAssignment, User


@transaction.atomic
def user_create(*, username: str, password: str | None, display_name: str = "", **extra) -> User:
    user = User(username=username, display_name=display_name, **extra)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    return user


@transaction.atomic
def orgunit_create(
    *, kind: str, name: str, code: str, area, parent: OrgUnit | None = None
) -> OrgUnit:
    unit = OrgUnit(kind=kind, name=name, code=code, area=area, parent=parent)
    unit.full_clean()
    unit.save()
    return unit


@transaction.atomic
def role_assign(
    *, user: User, unit: OrgUnit, role: str, view_pii: bool = False, tag_clearance: int = 0
) -> RoleAssignment:
    assignment, _ = RoleAssignment.objects.update_or_create(
        user=user,
        unit=unit,
        role=role,
        defaults={"view_pii": view_pii, "tag_clearance": tag_clearance, "active": True},
    )
    return assignment


@transaction.atomic
def token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Returns the token row and its secret, which is never stored and never shown again."""
    key = ApiToken.new_key()
    token = ApiToken(
        user=user, name=name.strip() or "API", key_hash=ApiToken.hash_key(key), hint=key[:10]
    )
    token.full_clean()
    token.save()
    return token, key


@transaction.atomic
def token_revoke(*, token: ApiToken, now: dt.datetime | None = None) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = now or timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
    return token


def token_authenticate(key: str, *, now: dt.datetime | None = None) -> User | None:
    """The active user behind an unrevoked token, recording when it was last used."""
    if not key or not key.startswith(ApiToken.PREFIX):
        return None
    token = (
        ApiToken.objects.active()
        .select_related("user")
        .filter(key_hash=ApiToken.hash_key(key), user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = now or timezone.now()
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
