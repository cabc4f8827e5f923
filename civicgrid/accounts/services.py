"""Writes for accounts: users, role grants and API tokens.

Every grant of a power goes through here, from the API, the pages, the admin and the CLI alike:
an ``actor`` (``None`` for the system) is checked against their own scope and powers, and the
change is appended to the audit trail of powers with the client's ``address``.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.core import audit
from civicgrid.core.errors import DomainError, NotFound

from . import permissions
from .choices import Role
from .models import ApiToken, OrgUnit, RoleAssignment, User

ACCOUNT_POWERS = ("is_active", "is_staff", "is_superuser")


def _limited(actor) -> bool:
    """Whether ``actor`` is held to their own scope (the system and superusers are not)."""
    return actor is not None and not permissions.is_everywhere(actor)


def managed_units(actor):
    """The units an administrator manages (and may grant roles on, and place units under)."""
    return OrgUnit.objects.visible_to(actor, permissions.MANAGE_USERS)


def users_in_scope(actor):
    """Users holding a grant (active or ended) on a unit the administrator manages; never a
    superuser for an administrator who is not one."""
    if not _limited(actor):
        return User.objects.all()
    held = RoleAssignment.objects.visible_to(actor, permissions.MANAGE_USERS).values("user_id")
    return User.objects.filter(pk__in=held, is_superuser=False)


def users_managed(actor):
    """Users whose account (password, activity, staff status) an administrator may change: in
    scope, and holding no active grant outside it (else a street administrator could take over
    the account of a district official who also works in the street)."""
    if not _limited(actor):
        return User.objects.all()
    outside = RoleAssignment.objects.filter(active=True).exclude(
        pk__in=RoleAssignment.objects.visible_to(actor, permissions.MANAGE_USERS).values("pk")
    )
    return users_in_scope(actor).exclude(pk__in=outside.values("user_id"))


def _unit_in_scope(actor, unit: OrgUnit | None, field: str) -> None:
    if unit is not None and _limited(actor) and not managed_units(actor).filter(pk=unit.pk):
        raise NotFound(_("No unit “%(code)s” in your scope.") % {"code": unit.code}, field=field)


def grant_check(
    actor, *, user: User, unit: OrgUnit, view_pii: bool, tag_clearance: int, before=None
) -> None:
    """Refuse a grant beyond the actor's own powers: on a unit outside their scope, personal-data
    rights or a tag clearance they do not hold there themselves (raising only; what they had
    may stay), to a superuser or to a user outside their scope."""
    if not _limited(actor):
        return
    if before is not None:
        _unit_in_scope(actor, before.unit, "unit")
    _unit_in_scope(actor, unit, "unit")
    if user.is_superuser or (
        user.pk != actor.pk and before is None and not _new_or_in_scope(actor, user)
    ):
        raise NotFound(
            _("No user “%(name)s” in your scope.") % {"name": user.get_username()}, field="user"
        )
    path = unit.area.path
    if view_pii and not (before and before.view_pii) and not permissions.can_view_pii(actor, path):
        raise DomainError(
            _("You cannot grant personal-data rights you do not hold there yourself."),
            code="forbidden",
            field="view_pii",
        )
    if tag_clearance > (before.tag_clearance if before else -1) and tag_clearance > (
        permissions.tag_clearance(actor, path)
    ):
        raise DomainError(
            _("You cannot grant a tag clearance above your own there."),
            code="forbidden",
            field="tag_clearance",
        )


def _new_or_in_scope(actor, user: User) -> bool:
    return not user.assignments.exists() or users_in_scope(actor).filter(pk=user.pk).exists()


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str | None,
    display_name: str = "",
    actor=None,
    address: str | None = None,
    **extra,
) -> User:
    if _limited(actor) and extra.get("is_superuser"):
        raise DomainError(_("Only a superuser can make a superuser."), field="is_superuser")
    user = User(username=username, display_name=display_name, **extra)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    if user.is_staff or user.is_superuser:
        _record_account(user, actor, address, "create", None)
    return user


def _account(user: User) -> dict:
    return {
        "username": user.get_username(),
        **{f: getattr(user, f) for f in ACCOUNT_POWERS},
    }


def _record_account(user, actor, address, action, before) -> None:
    audit.record(
        kind=audit.Kind.ACCOUNT,
        action=action,
        actor=actor,
        address=address,
        target=user,
        before=before,
        after=_account(user),
    )


@transaction.atomic
def user_save(*, user: User, actor=None, address: str | None = None) -> User:
    """Save changes to an existing account; its powers (superuser, staff, active) are checked
    and audited."""
    old = User.objects.filter(pk=user.pk).first()
    if _limited(actor):
        if old is None or not users_managed(actor).filter(pk=user.pk).exists():
            raise NotFound(_("No user “%(name)s” in your scope.") % {"name": user.username})
        if user.is_superuser != old.is_superuser:
            raise DomainError(_("Only a superuser can make a superuser."), field="is_superuser")
        if user.is_staff and not old.is_staff and not actor.is_staff:
            raise DomainError(_("You cannot give powers you do not hold."), field="is_staff")
        if user.pk == actor.pk and not user.is_active:
            raise DomainError(
                _("You cannot deactivate yourself."), code="forbidden_self", field="is_active"
            )
    user.full_clean(exclude=["password"])
    user.save()
    if old is not None:
        _record_account(user, actor, address, "change", _account(old))
    return user


def _unit_check(actor, unit: OrgUnit) -> None:
    if not _limited(actor):
        return
    from civicgrid.areas.models import Area

    if not Area.objects.visible_to(actor, permissions.MANAGE_USERS).filter(pk=unit.area_id):
        raise NotFound(
            _("No area “%(code)s” in your scope.") % {"code": unit.area.code}, field="area"
        )
    _unit_in_scope(actor, unit.parent, "parent")


def descends(unit: OrgUnit, ancestor: OrgUnit) -> bool:
    """Is ``ancestor`` above ``unit`` (a loop already in the data stops the walk)?"""
    seen = set()
    while unit.parent_id and unit.parent_id not in seen:
        if unit.parent_id == ancestor.pk:
            return True
        seen.add(unit.parent_id)
        unit = unit.parent
    return False


@transaction.atomic
def orgunit_create(
    *, kind: str, name: str, code: str, area, parent: OrgUnit | None = None, actor=None
) -> OrgUnit:
    unit = OrgUnit(kind=kind, name=name, code=code, area=area, parent=parent)
    _unit_check(actor, unit)
    unit.full_clean()
    unit.save()
    return unit


def orgunit_check(*, unit: OrgUnit, actor=None) -> None:
    """A unit is never under itself or its own descendant, and (for an administrator) stays in
    their scope, under a parent in their scope."""
    if unit.pk and _limited(actor) and not managed_units(actor).filter(pk=unit.pk):
        raise NotFound(_("No unit “%(code)s” in your scope.") % {"code": unit.code})
    if (
        unit.parent is not None
        and unit.pk
        and (unit.parent.pk == unit.pk or descends(unit.parent, unit))
    ):
        raise DomainError(_("A unit cannot be placed under itself."), code="cycle", field="parent")
    _unit_check(actor, unit)


@transaction.atomic
def orgunit_save(*, unit: OrgUnit, actor=None) -> OrgUnit:
    """Save a new or changed unit (see ``orgunit_check``)."""
    orgunit_check(unit=unit, actor=actor)
    unit.full_clean()
    unit.save()
    return unit


def _grant_state(grant: RoleAssignment) -> dict:
    return audit.snapshot(
        grant,
        extra={"username": grant.user.get_username(), "unit_code": grant.unit.code},
    )


@transaction.atomic
def role_assign(
    *,
    user: User,
    unit: OrgUnit,
    role: str,
    view_pii: bool = False,
    tag_clearance: int = 0,
    actor=None,
    address: str | None = None,
) -> RoleAssignment:
    """Grant ``role`` on ``unit`` (again: reactivate and update the grant)."""
    existing = RoleAssignment.objects.filter(user=user, unit=unit, role=role).first()
    grant_check(
        actor,
        user=user,
        unit=unit,
        view_pii=view_pii,
        tag_clearance=tag_clearance,
        before=existing if existing is not None and existing.active else None,
    )
    before = _grant_state(existing) if existing is not None else None
    assignment, _created = RoleAssignment.objects.update_or_create(
        user=user,
        unit=unit,
        role=role,
        defaults={"view_pii": view_pii, "tag_clearance": tag_clearance, "active": True},
    )
    audit.record(
        kind=audit.Kind.ROLE,
        action="grant" if before is None else "change",
        actor=actor,
        address=address,
        target=assignment,
        before=before,
        after=_grant_state(assignment),
    )
    permissions.forget_grants(user)
    return assignment


@transaction.atomic
def role_change(*, grant: RoleAssignment, actor=None, address: str | None = None):
    """Save a grant changed in memory (its rights, or ending it); its user, unit and role stay."""
    old = RoleAssignment.objects.select_related("user", "unit__area").get(pk=grant.pk)
    if (grant.user_id, grant.unit_id, grant.role) != (old.user_id, old.unit_id, old.role):
        raise DomainError(
            _("End this grant and grant the new role instead."), code="immutable", field="role"
        )
    if grant.active and old.active:
        grant_check(
            actor,
            user=grant.user,
            unit=grant.unit,
            view_pii=grant.view_pii,
            tag_clearance=grant.tag_clearance,
            before=old,
        )
    elif grant.active:
        return role_assign(
            user=grant.user,
            unit=grant.unit,
            role=grant.role,
            view_pii=grant.view_pii,
            tag_clearance=grant.tag_clearance,
            actor=actor,
            address=address,
        )
    else:
        return role_end(grant=old, actor=actor, address=address)
    grant.full_clean()
    grant.save()
    audit.record(
        kind=audit.Kind.ROLE,
        action="change",
        actor=actor,
        address=address,
        target=grant,
        before=_grant_state(old),
        after=_grant_state(grant),
    )
    permissions.forget_grants(grant.user)
    return grant


def role_end_check(actor, grant: RoleAssignment) -> None:
    """An administrator ends grants in their scope, never their own administrator grant."""
    if _limited(actor):
        _unit_in_scope(actor, grant.unit, "unit")
        if grant.user_id == actor.pk and grant.role == Role.ADMIN:
            raise DomainError(
                _("You cannot end your own administrator grant."),
                code="forbidden_self",
                field="active",
            )


@transaction.atomic
def role_end(*, grant: RoleAssignment, actor=None, address: str | None = None) -> RoleAssignment:
    """End a grant: it stays on the record, inactive."""
    role_end_check(actor, grant)
    if not grant.active:
        return grant
    before = _grant_state(grant)
    grant.active = False
    grant.save(update_fields=["active", "updated_at"])
    audit.record(
        kind=audit.Kind.ROLE,
        action="end",
        actor=actor,
        address=address,
        target=grant,
        before=before,
        after=_grant_state(grant),
    )
    permissions.forget_grants(grant.user)
    return grant


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
