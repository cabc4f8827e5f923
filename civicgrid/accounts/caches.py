"""Per-process caches of who a request is: live API tokens, and each user's grants (decision 0017).

Every API request authenticates a token and most ask the user's grants; both change rarely. Each
process keeps what it has read, by token hash and by user id, in one ``Known`` that follows the
version stamp ``accounts.known`` (``core.stamped``): any save or delete of what an answer depends on
— an API token, a user (a revocation, a deactivated account, a changed superuser flag; a login's
``last_login`` alone does not count), a role assignment, an organisation unit, an area (the grants
read ``assignment → unit → area path``; ``covers_every_grid`` reads every grid's path) — moves the
stamp in the writer's transaction and drops this process's copy at once; other processes drop
theirs within ``CIVICGRID_CACHE_RECHECK`` seconds (default 1). One stamp for both: they change
rarely, and each stamp a hot path follows is one more read a second in every process.

The receivers are connected here, and this module is imported by ``permissions`` (which the
accounts models import): every process that can write these tables moves the stamp.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models.signals import post_delete, post_save

from civicgrid.core.stamped import StampedCache

STAMP = "accounts.known"


@dataclass
class LiveToken:
    """A token known live when read: its row id, its user as loaded (never handed out itself:
    each request gets a copy), and when it was last marked used."""

    pk: int
    user: Any
    last_used_at: Any


@dataclass
class Known:
    """What this process has read since the stamp last moved."""

    tokens: dict[str, LiveToken] = field(default_factory=dict)  # key hash → live token
    grants: dict[int, list] = field(default_factory=dict)  # user id → that user's grants
    grid_paths: tuple[str, ...] | None = None  # every grid's path, active or retired
    covers: dict[tuple[str, ...], bool] = field(default_factory=dict)  # scope paths → all grids
    areas: tuple[tuple[int, str], ...] | None = None  # every area's id and path
    under: dict[tuple[str, ...], list[int]] = field(default_factory=dict)  # paths → area ids
    of_kind: dict[str, tuple[tuple[int, str], ...]] = field(default_factory=dict)  # kind → units


KNOWN: StampedCache[Known] = StampedCache(STAMP, Known)


def _changed(sender, **kwargs) -> None:
    update_fields = kwargs.get("update_fields")
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return  # a login: nothing a token's user or a grant depends on
    KNOWN.changed()


for _model in (
    "accounts.ApiToken",
    "accounts.User",
    "accounts.RoleAssignment",
    "accounts.OrgUnit",
    "areas.Area",
):
    post_save.connect(_changed, sender=_model, dispatch_uid=f"known-save-{_model}")
    post_delete.connect(_changed, sender=_model, dispatch_uid=f"known-delete-{_model}")
