"""The organisation API's request and response bodies (units, users, their grants)."""

from __future__ import annotations

from datetime import datetime

from ninja import Schema
from pydantic import Field

from .api import GrantOut
from .choices import Role, Sensitivity, UnitKind


class UnitOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    area_code: str
    parent_code: str | None
    active: bool

    @staticmethod
    def resolve_area_code(obj):
        return obj.area.code

    @staticmethod
    def resolve_parent_code(obj):
        return obj.parent.code if obj.parent_id else None


class GrantIn(Schema):
    unit: str = Field(..., min_length=1, max_length=40, description="the unit's code")
    role: Role
    view_pii: bool = False
    tag_clearance: Sensitivity = Sensitivity.PUBLIC


class UserGrantOut(Schema):
    id: int
    unit_code: str
    unit: str
    role: str
    view_pii: bool
    tag_clearance: int
    active: bool


class UserOut(Schema):
    id: int
    username: str
    display_name: str
    email: str
    is_active: bool
    date_joined: datetime
    last_login: datetime | None
    grants: list[UserGrantOut]


class UserIn(Schema):
    username: str = Field(..., min_length=1, max_length=150, examples=["wang.li"])
    display_name: str = Field("", max_length=100, examples=["王丽"])
    email: str = Field("", max_length=254)
    password: str | None = Field(
        None,
        max_length=128,
        description="omit for an account that cannot log in with a password until one is set",
    )
    grants: list[GrantIn] = Field(
        ..., min_length=1, max_length=50, description="at least one, on units in your scope"
    )


class UserPatch(Schema):
    display_name: str | None = Field(None, max_length=100, examples=["王丽"])
    email: str | None = Field(None, max_length=254)
    is_active: bool | None = None
    password: str | None = Field(None, max_length=128)


class UserQuery(Schema):
    q: str = Field("", max_length=100, description="part of the username or display name")
    active: bool | None = None


class AssignmentIn(GrantIn):
    username: str = Field(..., min_length=1, max_length=150, examples=["wang.li"])


class UnitIn(Schema):
    code: str = Field(..., min_length=1, max_length=40, examples=["dept-housing"])
    name: str = Field(..., min_length=1, max_length=100, examples=["区房管局"])
    kind: UnitKind
    area_code: str = Field(..., min_length=1, max_length=40, description="the area it serves")
    parent_code: str | None = Field(None, max_length=40)


class UnitPatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=100, examples=["城管执法中队"])
    parent_code: str | None = Field(None, max_length=40)
    active: bool | None = Field(None, examples=[False])


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
