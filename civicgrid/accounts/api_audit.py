"""API: the audit trail of powers (district administrators only; 404 for everyone else)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Literal

from django.http import Http404
from django.utils import timezone
from ninja import Query, Router, Schema
from pydantic import Field

from civicgrid.core import audit
from civicgrid.core.api.paging import PageParams, page
from civicgrid.core.api.schemas import PageOut
from civicgrid.core.models import PowerChange
from civicgrid.core.spreadsheet import XLSX, table_bytes, xlsx_response

from .audit_views import EXPORT_LIMIT, export_table
from .permissions import can_view_power_audit

router = Router(tags=["audit"])


class PowerChangeOut(Schema):
    id: int
    at: dt.datetime
    kind: str
    action: str
    actor: str = Field(..., description="the actor's username; empty for the system")
    address: str | None
    target: str
    target_id: str
    before: dict | None
    after: dict | None

    @staticmethod
    def resolve_actor(obj):
        return obj.actor_name


# the kinds inline: an enum named "Kind" would share its OpenAPI component with other "Kind"s
if TYPE_CHECKING:  # a type built from the model's choices: mypy sees a string
    PowerKind = str
else:
    PowerKind = Literal[tuple(PowerChange.Kind.values)]


class PowerChangeQuery(Schema):
    kind: PowerKind | None = None
    actor: str = Field("", max_length=150, description="the actor's username")
    since: dt.date | None = Field(None, description="from this day (inclusive)")
    until: dt.date | None = Field(None, description="to this day (inclusive)")


def _entries(request, filters: PowerChangeQuery):
    if not can_view_power_audit(request.auth):
        raise Http404
    return audit.entries(
        kind=filters.kind or "", actor=filters.actor, since=filters.since, until=filters.until
    )


@router.get(
    "/audit/powers",
    response=PageOut[PowerChangeOut],
    summary="The audit trail of powers, newest first (district administrators)",
)
def power_changes(request, params: Query[PageParams], filters: Query[PowerChangeQuery]):
    return page(_entries(request, filters).order_by("-id"), params, descending=True)


@router.get(
    "/audit/powers/export",
    response={200: None},
    summary="The audit trail of powers as xlsx (district administrators)",
    openapi_extra={
        "responses": {
            200: {
                "description": "xlsx workbook",
                "content": {XLSX: {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def power_changes_export(request, filters: Query[PowerChangeQuery]):
    header, rows = export_table(_entries(request, filters)[:EXPORT_LIMIT])
    data = table_bytes(header, rows, sheet="audit")
    return xlsx_response(data, f"power-audit-{timezone.localdate():%Y%m%d}")
