"""API for the organisation: units (everyone sees those in their scope) and, for
administrators, users, their role grants, and unit changes.

An administrator manages the users who hold a grant on a unit in their scope (the subtree of the
area their admin grant covers) and the units of that subtree. Everything else does not exist for
them (404). Superuser status is never given through the API.
"""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.responses import Status

from civicgrid.accounts.scope import areas_visible_to
from civicgrid.core.api.paging import PageParams, page
from civicgrid.core.api.schemas import Id, PageOut, given
from civicgrid.core.client import client_address
from civicgrid.core.errors import DomainError, ErrorCode

from . import managed, permissions, services, units
from .api_org_schemas import (
    AssignmentIn,
    AssignmentOut,
    AssignmentQuery,
    GrantIn,
    UnitIn,
    UnitOut,
    UnitPatch,
    UserGrantOut,
    UserIn,
    UserOut,
    UserPatch,
    UserQuery,
)
from .choices import Role
from .errors import AccountsError
from .models import OrgUnit, RoleAssignment, User

router = Router(tags=["organisation"])


@router.get("/units", response=PageOut[UnitOut], summary="Organisation units in scope")
def unit_list(request, params: Query[PageParams], kind: str | None = None):
    qs = OrgUnit.objects.visible_to(request.auth).select_related("area", "parent").order_by("id")
    if kind:
        qs = qs.filter(kind=kind)
    return page(qs, params)


@router.get("/units/{code}", response=UnitOut, summary="One organisation unit")
def unit_detail(request, code: str):
    return get_object_or_404(
        OrgUnit.objects.visible_to(request.auth).select_related("area", "parent"), code=code
    )


def _admin(user) -> None:
    if not permissions.can_manage_users(user):
        raise Http404


def _units(admin):
    """The units an administrator manages (and may grant roles on)."""
    return OrgUnit.objects.visible_to(admin, permissions.MANAGE_USERS)


def _users(admin):
    """Users holding a grant (active or ended) on a unit the administrator manages."""
    if permissions.is_everywhere(admin):
        return User.objects.all()
    return User.objects.filter(pk__in=RoleAssignment.objects.visible_to(admin).values("user_id"))


def _unit(admin, code: str, field: str) -> OrgUnit:
    unit = _units(admin).filter(code=code).first()
    if unit is None:
        raise DomainError(
            _("No unit “%(code)s” in your scope.") % {"code": code},
            code=ErrorCode.NOT_FOUND,
            field=field,
        )
    return unit


def _grant_out(a: RoleAssignment) -> dict:
    return {
        "id": a.pk,
        "unit_code": a.unit.code,
        "unit": a.unit.name,
        "role": a.role,
        "view_pii": a.view_pii,
        "tag_clearance": a.tag_clearance,
        "active": a.active,
    }


def _user_out(user: User) -> dict:
    grants = user.assignments.select_related("unit").order_by("id")
    return {
        **{f: getattr(user, f) for f in ("id", "username", "display_name", "email", "is_active")},
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "grants": [_grant_out(a) for a in grants],
    }


def _password(password: str, user: User) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages), field="password") from exc


@router.get("/users", response=PageOut[UserOut], summary="Users in your scope (administrators)")
def user_list(request, params: Query[PageParams], filters: Query[UserQuery]):
    _admin(request.auth)
    qs = _users(request.auth).prefetch_related("assignments__unit")
    if filters.q:
        qs = qs.filter(username__icontains=filters.q) | qs.filter(display_name__icontains=filters.q)
    if filters.active is not None:
        qs = qs.filter(is_active=filters.active)
    return page(qs, params, _user_out)


@router.get("/users/{username}", response=UserOut, summary="One user in your scope")
def user_detail(request, username: str):
    _admin(request.auth)
    return _user_out(get_object_or_404(_users(request.auth), username=username))


@router.post("/users", response={201: UserOut}, summary="Create a user with their grants")
def user_create(request, payload: UserIn):
    _admin(request.auth)
    units = [_unit(request.auth, g.unit, f"grants.{i}.unit") for i, g in enumerate(payload.grants)]
    if User.objects.filter(username=payload.username).exists():
        raise DomainError(
            _("The username “%(name)s” is taken.") % {"name": payload.username},
            code=ErrorCode.DUPLICATE,
            field="username",
        )
    if payload.password:
        _password(payload.password, User(username=payload.username, email=payload.email))
    with transaction.atomic():
        user = services.user_create(
            username=payload.username,
            password=payload.password,
            display_name=payload.display_name,
            email=payload.email,
            actor=request.auth,
            address=client_address(request),
        )
        for unit, grant in zip(units, payload.grants, strict=True):
            _grant(request, user, unit, grant)
    return Status(201, _user_out(user))


def _grant(request, user: User, unit: OrgUnit, grant: GrantIn) -> RoleAssignment:
    return services.role_assign(
        user=user,
        unit=unit,
        role=grant.role,
        view_pii=grant.view_pii,
        tag_clearance=grant.tag_clearance,
        actor=request.auth,
        address=client_address(request),
    )


@router.patch("/users/{username}", response=UserOut, summary="Change or deactivate a user")
def user_update(request, username: str, payload: UserPatch):
    _admin(request.auth)
    # an account whose grants all lie in the caller's scope (never a superuser's, nor that of a
    # district official who also works here: the caller could take it over)
    user = get_object_or_404(managed.users_managed(request.auth), username=username)
    if user.pk == request.auth.pk and payload.is_active is False:
        raise DomainError(
            _("You cannot deactivate yourself."),
            code=AccountsError.FORBIDDEN_SELF,
            field="is_active",
        )
    if user.is_superuser and not permissions.is_everywhere(request.auth):
        raise Http404
    for name, value in given(payload, without=("password",)).items():
        setattr(user, name, value)
    if payload.password:
        _password(payload.password, user)
        user.set_password(payload.password)
    services.user_save(user=user, actor=request.auth, address=client_address(request))
    return _user_out(user)


@router.post(
    "/role-assignments",
    response={201: UserGrantOut},
    summary="Grant a role on a unit in your scope (again: reactivates and updates it)",
)
def assignment_create(request, payload: AssignmentIn):
    _admin(request.auth)
    unit = _unit(request.auth, payload.unit, "unit")
    user = User.objects.filter(username=payload.username).first()
    if user is None or not _users(request.auth).filter(pk=user.pk).exists():
        raise DomainError(
            _("No user “%(name)s” in your scope.") % {"name": payload.username},
            code=ErrorCode.NOT_FOUND,
            field="username",
        )
    return Status(201, _grant_out(_grant(request, user, unit, payload)))


@router.delete(
    "/role-assignments/{assignment_id}",
    response={204: None},
    summary="End a grant (it stays on the record, inactive)",
)
def assignment_end(request, assignment_id: Id):
    _admin(request.auth)
    grant = get_object_or_404(RoleAssignment.objects.visible_to(request.auth), pk=assignment_id)
    if grant.user_id == request.auth.pk and grant.role == Role.ADMIN:
        raise DomainError(
            _("You cannot end your own administrator grant."),
            code=AccountsError.FORBIDDEN_SELF,
            field=None,
        )
    services.role_end(grant=grant, actor=request.auth, address=client_address(request))
    return Status(204, None)


@router.post("/units", response={201: UnitOut}, summary="Create a unit in your scope")
def unit_create(request, payload: UnitIn):
    _admin(request.auth)
    area = (
        areas_visible_to(request.auth, permissions.MANAGE_USERS)
        .filter(code=payload.area_code)
        .first()
    )
    if area is None:
        raise DomainError(
            _("No area “%(code)s” in your scope.") % {"code": payload.area_code},
            code=ErrorCode.NOT_FOUND,
            field="area_code",
        )
    parent = (
        _unit(request.auth, payload.parent_code, "parent_code") if payload.parent_code else None
    )
    if OrgUnit.objects.filter(code=payload.code).exists():
        raise DomainError(
            _("The unit code “%(code)s” is taken.") % {"code": payload.code},
            code=ErrorCode.DUPLICATE,
            field="code",
        )
    unit = services.orgunit_create(
        kind=payload.kind,
        name=payload.name,
        code=payload.code,
        area=area,
        parent=parent,
        actor=request.auth,
    )
    return Status(201, unit)


@router.patch("/units/{code}", response=UnitOut, summary="Rename, move or deactivate a unit")
def unit_update(request, code: str, payload: UnitPatch):
    _admin(request.auth)
    unit = get_object_or_404(_units(request.auth).select_related("area", "parent"), code=code)
    changes = given(payload, nullable=("parent_code",))
    if "name" in changes:
        unit.name = changes["name"]
    if "parent_code" in changes:
        code = changes["parent_code"]
        parent = _unit(request.auth, code, "parent_code") if code else None
        if parent is not None and (parent.pk == unit.pk or units.descends(parent, unit)):
            raise DomainError(
                _("A unit cannot be placed under itself."),
                code=AccountsError.CYCLE,
                field="parent_code",
            )
        unit.parent = parent
    if "active" in changes:
        unit.active = changes["active"]
    return services.orgunit_save(unit=unit, actor=request.auth)


@router.get(
    "/role-assignments",
    response=PageOut[AssignmentOut],
    summary="Who holds which role where (administrators: the users in their scope)",
)
def assignment_list(request, params: Query[PageParams], filters: Query[AssignmentQuery]):
    qs = RoleAssignment.objects.visible_to(request.auth).select_related("user", "unit__area")
    if filters.unit:
        qs = qs.filter(unit__code=filters.unit)
    if filters.role:
        qs = qs.filter(role=filters.role)
    if filters.username:
        qs = qs.filter(user__username=filters.username)
    if filters.active is not None:
        qs = qs.filter(active=filters.active)

    def out(a: RoleAssignment) -> dict:
        return {
            "id": a.pk,
            "username": a.user.username,
            "display_name": a.user.display_name,
            "role": a.role,
            "unit": a.unit.name,
            "unit_code": a.unit.code,
            "area_code": a.unit.area.code,
            "view_pii": a.view_pii,
            "tag_clearance": a.tag_clearance,
            "active": a.active,
        }

    return page(qs, params, out)
