"""Writes for accounts: users and role grants (organisation units: ``units.py``; API tokens:
``tokens.py``).

Every grant of a power goes through here, from the API, the pages, the admin and the CLI alike:
an ``actor`` (``None`` for the system) is checked against their own scope and powers, and the
change is appended to the audit trail of powers with the client's ``address``.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from civicgrid.core import audit, pii
from civicgrid.core.errors import DomainError, ErrorCode, NotFound
from civicgrid.core.phone import PhoneError
from civicgrid.core.phone import normalise as normalise_phone

from . import permissions
from .choices import Role
from .errors import AccountsError
from .managed import held_to_scope, new_or_in_scope, unit_in_scope, users_managed
from .models import OrgUnit, RoleAssignment, User

# Units and tokens have modules of their own; callers across civicgrid reach their writers here.
from .tokens import token_authenticate, token_create, token_revoke
from .units import orgunit_check, orgunit_create, orgunit_save

NAME_MAX = 50  # a person's name, as on a report

__all__ = [
    "ACCOUNT_POWERS",
    "grant_check",
    "orgunit_check",
    "orgunit_create",
    "orgunit_save",
    "own_contact_save",
    "role_assign",
    "role_change",
    "role_end",
    "role_end_check",
    "token_authenticate",
    "token_create",
    "token_revoke",
    "user_create",
    "user_save",
]

ACCOUNT_POWERS = ("is_active", "is_staff", "is_superuser")


def grant_check(
    actor, *, user: User, unit: OrgUnit, view_pii: bool, tag_clearance: int, before=None
) -> None:
    """Refuse a grant beyond the actor's own powers: on a unit outside their scope, personal-data
    rights or a tag clearance they do not hold there themselves (raising only; what they had
    may stay), to a superuser or to a user outside their scope."""
    if not held_to_scope(actor):
        return
    if before is not None:
        unit_in_scope(actor, before.unit, "unit")
    unit_in_scope(actor, unit, "unit")
    if user.is_superuser or (
        user.pk != actor.pk and before is None and not new_or_in_scope(actor, user)
    ):
        raise NotFound(
            _("No user “%(name)s” in your scope.") % {"name": user.get_username()}, field="user"
        )
    path = unit.area.path
    if view_pii and not (before and before.view_pii) and not permissions.can_view_pii(actor, path):
        raise DomainError(
            _("You cannot grant personal-data rights you do not hold there yourself."),
            code=ErrorCode.FORBIDDEN,
            field="view_pii",
        )
    if tag_clearance > (before.tag_clearance if before else -1) and tag_clearance > (
        permissions.tag_clearance(actor, path)
    ):
        raise DomainError(
            _("You cannot grant a tag clearance above your own there."),
            code=ErrorCode.FORBIDDEN,
            field="tag_clearance",
        )


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
    if held_to_scope(actor) and extra.get("is_superuser"):
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
    if held_to_scope(actor):
        if old is None or not users_managed(actor).filter(pk=user.pk).exists():
            raise NotFound(_("No user “%(name)s” in your scope.") % {"name": user.username})
        if user.is_superuser != old.is_superuser:
            raise DomainError(_("Only a superuser can make a superuser."), field="is_superuser")
        if user.is_staff and not old.is_staff and not actor.is_staff:
            raise DomainError(_("You cannot give powers you do not hold."), field="is_staff")
        if user.pk == actor.pk and not user.is_active:
            raise DomainError(
                _("You cannot deactivate yourself."),
                code=AccountsError.FORBIDDEN_SELF,
                field="is_active",
            )
    user.full_clean(exclude=["password"])
    user.save()
    if old is not None:
        _record_account(user, actor, address, "change", _account(old))
    return user


def _grant_state(grant: RoleAssignment) -> dict:
    return (
        audit.snapshot(
            grant,
            extra={"username": grant.user.get_username(), "unit_code": grant.unit.code},
        )
        or {}
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
            _("End this grant and grant the new role instead."),
            code=AccountsError.IMMUTABLE,
            field="role",
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
    if held_to_scope(actor):
        unit_in_scope(actor, grant.unit, "unit")
        if grant.user_id == actor.pk and grant.role == Role.ADMIN:
            raise DomainError(
                _("You cannot end your own administrator grant."),
                code=AccountsError.FORBIDDEN_SELF,
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


def own_contact_save(*, user: User, name: str, phone: str) -> User:
    """The account holder's own name and phone (a resident's "my details"): the phone is checked
    (mainland mobile or landline), stored encrypted with a masked copy, or cleared when empty.
    Raises DomainError naming the field; nothing is written then."""
    name = name.strip()
    if len(name) > NAME_MAX:
        raise DomainError(
            _("A name is at most %(n)s characters.") % {"n": NAME_MAX}, field="display_name"
        )
    if not phone.strip():
        user.phone_enc = user.phone_masked = ""
    else:
        try:
            number = normalise_phone(phone)
        except PhoneError as exc:
            raise DomainError(str(exc), field="phone") from None
        user.phone_enc, user.phone_masked = pii.encrypt(number), pii.mask_phone(number)
    user.display_name = name
    user.save(update_fields=["display_name", "phone_enc", "phone_masked"])
    return user
