"""API: who am I, organisation units, my tokens."""

from datetime import datetime

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.responses import Status
from pydantic import Field

from civicgrid.core.api.schemas import Id
from civicgrid.core.client import client_address

from . import managed, permissions, services
from .models import ApiToken, User

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


class TokenOut(Schema):
    id: int
    name: str
    hint: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class TokenIn(Schema):
    name: str = Field(..., examples=["网格中心对接系统"])
    username: str | None = Field(
        None, description="an administrator may create a token for a user in their scope"
    )


class NewTokenOut(TokenOut):
    key: str


def _managed_user(admin, username: str) -> User:
    """A user whose grants lie in the administrator's scope (404 otherwise)."""
    if not permissions.can_manage_users(admin):
        raise Http404
    user = managed.users_managed(admin).filter(username=username, is_active=True).first()
    if user is None:
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
    token, key = services.token_create(
        user=owner, name=payload.name, actor=request.auth, address=client_address(request)
    )
    return Status(201, {**TokenOut.from_orm(token).dict(), "key": key})


@router.delete("/tokens/{token_id}", response={204: None}, summary="Revoke a token")
def token_revoke(request, token_id: Id):
    token = get_object_or_404(ApiToken.objects.select_related("user"), pk=token_id)
    if not permissions.can_manage_tokens(request.auth, token.user):
        raise Http404
    services.token_revoke(token=token, actor=request.auth, address=client_address(request))
    return Status(204, None)
