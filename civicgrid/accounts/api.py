"""API: who am I, organisation units, my tokens."""

from datetime import datetime

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from ninja.responses import Status
from pydantic import Field

from civicgrid.api.paging import PageParams, page
from civicgrid.api.schemas import Id, PageOut

from . import permissions, services
from .models import ApiToken, OrgUnit, RoleAssignment, User

router = Router(tags=["accounts"])


class GrantOut(Schema):
    role: str
    unit: str
    area_code: str
    view_pii: bool
    tag_clearance: int


class MeOut(Schema):
    username: str
    display_name: str
    roles: list[str]
    grants: list[GrantOut]


@router.get("/me", response=MeOut, summary="The caller and their role grants")
def me(request):
    user = request.auth
    grants = user.assignments.filter(active=True).select_related("unit__area")
    return {
        "username": user.username,
        "display_name": user.display_name,
        "roles": permissions.roles(user),
        "grants": [
            {
                "role": g.role,
                "unit": g.unit.name,
                "area_code": g.unit.area.code,
                "view_pii": g.view_pii,
                "tag_clearance": g.tag_clearance,
            }
            for g in grants
        ],
    }


class UnitOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    area_code: str
    parent_code: str | None

    @staticmethod
    def resolve_area_code(obj):
        return obj.area.code

    @staticmethod
    def resolve_parent_code(obj):
        return obj.parent.code if obj.parent_id else None


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


class TokenOut(Schema):
    id: int
    name: str
    hint: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class TokenIn(Schema):
    name: str
    username: str | None = Field(
        None, description="an administrator may create a token for a user in their scope"
    )


class NewTokenOut(TokenOut):
    key: str


def _managed_user(admin, username: str) -> User:
    """A user whose grants lie in the administrator's scope (404 otherwise)."""
    if not permissions.can_manage_users(admin):
        raise Http404
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None or not (
        permissions.is_everywhere(admin)
        or RoleAssignment.objects.visible_to(admin).filter(user=user).exists()
    ):
        raise Http404
    return user


@router.get("/tokens", response=list[TokenOut], summary="My API tokens")
def token_list(request):
    return list(ApiToken.objects.filter(user=request.auth))


@router.post(
    "/tokens", response={201: NewTokenOut}, summary="Create a token (the key is shown once)"
)
def token_create(request, payload: TokenIn):
    owner = request.auth
    if payload.username and payload.username != owner.username:
        owner = _managed_user(request.auth, payload.username)
    token, key = services.token_create(user=owner, name=payload.name)
    return Status(201, {**TokenOut.from_orm(token).dict(), "key": key})


@router.delete("/tokens/{token_id}", response={204: None}, summary="Revoke a token")
def token_revoke(request, token_id: Id):
    token = get_object_or_404(ApiToken.objects.select_related("user"), pk=token_id)
    if not permissions.can_manage_tokens(request.auth, token.user):
        raise Http404
    services.token_revoke(token=token)
    return Status(204, None)


class AssignmentOut(GrantOut):
    id: int
    username: str
    display_name: str
    unit_code: str
    active: bool


class AssignmentQuery(Schema):
    unit: str = Field("", description="a unit's code")
    role: str = ""
    username: str = ""
    active: bool | None = None


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
