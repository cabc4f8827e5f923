"""Users with roles on units, for tests."""

from __future__ import annotations

from civicgrid.accounts import services
from civicgrid.accounts.choices import Role, UnitKind
from civicgrid.accounts.models import OrgUnit, User

_KIND_FOR_LEVEL = {
    1: UnitKind.GRID_CENTRE,
    2: UnitKind.GRID_CENTRE,
    3: UnitKind.STREET_OFFICE,
    4: UnitKind.COMMUNITY_COMMITTEE,
    5: UnitKind.WORK_STATION,
}


def unit_for(area, kind: str | None = None) -> OrgUnit:
    kind = kind or _KIND_FOR_LEVEL[area.level]
    unit = OrgUnit.objects.filter(area=area, kind=kind).first()
    return unit or services.orgunit_create(
        kind=kind, name=f"{area.name} {kind}", code=f"{kind}-{area.code}", area=area
    )


def user_with_role(username: str, area, role: str = Role.GRID_LEADER, **grant) -> User:
    user = services.user_create(username=username, password="pw-for-tests-123")
    services.role_assign(user=user, unit=unit_for(area), role=role, **grant)
    return user


def bearer(user) -> dict:
    """Request headers carrying a fresh API token of ``user``."""
    _token, key = services.token_create(user=user, name="tests")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def admin_of(area, username: str | None = None) -> dict:
    """Headers of a new administrator granted on ``area``'s unit."""
    user = user_with_role(username or f"admin-{area.code}", area, Role.ADMIN)
    return bearer(user)


def api_send(client, user, url, body=None, method="post"):
    """A JSON request to the API as ``user`` (with their bearer token)."""
    return getattr(client, method)(url, body or {}, content_type="application/json",
                                   **bearer(user))  # fmt: skip


def api_refused(res, field, status=400) -> dict:
    """The API refused, naming ``field``: its error body."""
    assert res.status_code == status, res.content
    assert res.json()["field"] == field, res.json()
    return res.json()
