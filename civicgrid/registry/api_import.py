"""API: import buildings, households or persons from an xlsx or csv file, all or nothing.

The same importers as the web page and the ``civicgrid import`` command: every row is validated
first; one bad cell and nothing is written, and the answer lists every problem by row and
column. ``dry_run=true`` validates without writing (the web page's preview).
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile
from ninja.responses import Status
from pydantic import Field

from civicgrid.accounts import permissions
from civicgrid.core.errors import DomainError

from . import importing
from .errors import RegistryError
from .importing.table import check_upload

router = Router(tags=["register"])
MAX_ERRORS = 1000  # listed in the answer; the count says how many there were


class RegisterImportIn(Schema):
    kind: Literal["buildings", "households", "persons"] = Field(..., examples=["persons"])
    dry_run: bool = Field(False, description="validate only: nothing is written")


class RowErrorOut(Schema):
    row: int = Field(..., description="the spreadsheet row (the header is row 1)")
    column: str
    value: str
    reason: str


class RegisterImportOut(Schema):
    kind: str
    rows: int
    created: int
    updated: int
    unchanged: int
    written: bool
    error_count: int
    errors: list[RowErrorOut]


class ImportRefusedOut(Schema):
    """A refused file: the error (``code``, ``field``, ``message``); when rows were read, the
    counts and every problem by row and column as well."""

    code: str
    field: str | None
    message: str
    kind: str | None = None
    rows: int | None = None
    created: int | None = None
    updated: int | None = None
    unchanged: int | None = None
    written: bool | None = None
    error_count: int | None = None
    errors: list[RowErrorOut] = []


@router.post(
    "/register/imports",
    response={200: RegisterImportOut, 400: ImportRefusedOut},
    summary="Import a file of buildings, households or persons (all or nothing)",
)
def register_import(request, payload: Form[RegisterImportIn], file: File[UploadedFile]):
    if not permissions.can_import_register(request.auth):
        raise Http404
    check_upload(file)
    suffix = Path(file.name or "").suffix.lower()
    try:
        report = importing.register_import(
            kind=payload.kind,
            path=f"upload{suffix}",
            user=request.auth,
            dry_run=payload.dry_run,
            file=file,
        )
    except DomainError as exc:  # the file itself (unreadable, a missing column)
        exc.field = exc.field or "file"
        raise
    out = {
        "kind": report.kind,
        "rows": report.rows,
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "written": report.written,
        "error_count": len(report.errors),
        "errors": [e.__dict__ for e in report.errors[:MAX_ERRORS]],
    }
    if report.ok:
        return out
    first = report.errors[0]
    return Status(
        400,
        out
        | {
            "code": RegistryError.INVALID_ROWS,
            "field": first.column,
            "message": _("%(count)s problems; nothing was written. The first: %(first)s")
            % {"count": len(report.errors), "first": first},
        },
    )
