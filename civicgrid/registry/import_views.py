"""Import from the web: upload → validation preview (nothing written) → confirm → written."""

from __future__ import annotations

import io
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from civicgrid.accounts import permissions
from civicgrid.core.errors import DomainError
from civicgrid.core.feedback import form_refused

from .forms import ImportForm
from .importing import IMPORTERS, ImportReport, register_import
from .importing.table import check_upload
from .importing.templates import write_template


def _dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _require_import_right(request):
    if not permissions.can_import_register(request.user):
        raise Http404


def _staged(request, token: str) -> dict:
    staged = request.session.get("cg_imports", {}).get(token)
    if not staged:
        raise Http404
    return staged


@login_required
def import_start(request):
    _require_import_right(request)
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            form_refused(request, form)
        elif refusal := _upload_refusal(form.cleaned_data["file"]):
            messages.error(request, refusal)
        else:
            try:
                token, staged, report = _dry_run(request, **form.cleaned_data)
            except DomainError as exc:
                messages.error(request, exc.message)  # the reader's messages name the file
                return redirect("registry:import")
            return render(
                request,
                "registry/import_preview.html",
                {"token": token, "staged": staged, "report": report},
            )
    return render(request, "registry/import_start.html", {"kinds": list(IMPORTERS)})


def _upload_refusal(upload) -> str:
    """Why the upload cannot be imported (too large, not xlsx or csv), or ""; the message names
    the file itself."""
    try:
        check_upload(upload)
    except DomainError as exc:
        return exc.message
    return ""


def _dry_run(request, *, kind: str, file) -> tuple[str, dict, ImportReport]:
    """Keep the upload and read it through without writing; the staged file and its report wait
    in the session for the confirmation."""
    token = secrets.token_urlsafe(12)
    path = _dir() / f"{token}{Path(file.name).suffix.lower()}"
    with path.open("wb") as out:
        for chunk in file.chunks():
            out.write(chunk)
    report_path = _dir() / f"{token}.errors.xlsx"
    try:
        report = register_import(
            kind=kind, path=path, user=request.user, dry_run=True, error_report=report_path
        )
    except DomainError:
        path.unlink(missing_ok=True)
        raise
    staged = {
        "kind": kind,
        "path": str(path),
        "name": file.name,
        "report": str(report_path),
        "ok": report.ok,
        "counts": [report.created, report.updated, report.unchanged],
        "rows": report.rows,
    }
    request.session.setdefault("cg_imports", {})[token] = staged
    request.session.modified = True
    return token, staged, report


@login_required
@require_POST
def import_confirm(request, token):
    _require_import_right(request)
    staged = _staged(request, token)
    if not staged["ok"]:
        raise Http404
    try:
        report = register_import(kind=staged["kind"], path=staged["path"], user=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("registry:import")
    if not report.ok:  # the register changed since the preview
        messages.error(
            request, _("The file no longer validates; nothing was written. Upload it again.")
        )
        return redirect("registry:import")
    Path(staged["path"]).unlink(missing_ok=True)
    request.session["cg_imports"].pop(token, None)
    request.session.modified = True
    messages.success(
        request,
        _("%(created)s created, %(updated)s updated, %(unchanged)s unchanged")
        % {"created": report.created, "updated": report.updated, "unchanged": report.unchanged},
    )
    return redirect("registry:import")


@login_required
def import_errors(request, token):
    _require_import_right(request)
    staged = _staged(request, token)
    path = Path(staged["report"])
    if not path.exists():
        raise Http404
    return FileResponse(
        path.open("rb"), as_attachment=True, filename=f"{Path(staged['name']).stem}.errors.xlsx"
    )


@login_required
def import_template(request, kind):
    _require_import_right(request)
    if kind not in IMPORTERS:
        raise Http404
    buffer = io.BytesIO()
    write_template(kind, buffer)
    buffer.seek(0)
    return FileResponse(buffer, as_attachment=True, filename=f"{kind}-template.xlsx")
