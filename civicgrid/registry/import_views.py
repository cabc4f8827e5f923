"""Import from the web: upload → validation preview (nothing written) → confirm → written."""

from __future__ import annotations

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

from .importing import IMPORTERS, run_import
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
        kind = request.POST.get("kind", "")
        upload = request.FILES.get("file")
        refused = None
        if upload is not None:
            try:
                check_upload(upload)
            except DomainError as exc:
                refused = exc.message
        if kind not in IMPORTERS:
            messages.error(request, _("Kind: choose what the file holds."))
        elif upload is None:
            messages.error(request, _("File: choose an xlsx or csv file."))
        elif refused:
            messages.error(request, refused)
        else:
            token = secrets.token_urlsafe(12)
            suffix = Path(upload.name).suffix.lower()
            path = _dir() / f"{token}{suffix}"
            with path.open("wb") as out:
                for chunk in upload.chunks():
                    out.write(chunk)
            report_path = _dir() / f"{token}.errors.xlsx"
            try:
                report = run_import(
                    kind, path, user=request.user, dry_run=True, error_report=report_path
                )
            except DomainError as exc:
                path.unlink(missing_ok=True)
                messages.error(request, exc.message)
                return redirect("registry:import")
            staged = {
                "kind": kind,
                "path": str(path),
                "name": upload.name,
                "report": str(report_path),
                "ok": report.ok,
                "counts": [report.created, report.updated, report.unchanged],
                "rows": report.rows,
            }
            request.session.setdefault("cg_imports", {})[token] = staged
            request.session.modified = True
            return render(
                request,
                "registry/import_preview.html",
                {"token": token, "staged": staged, "report": report},
            )
    return render(request, "registry/import_start.html", {"kinds": list(IMPORTERS)})


@login_required
@require_POST
def import_confirm(request, token):
    _require_import_right(request)
    staged = _staged(request, token)
    if not staged["ok"]:
        raise Http404
    try:
        report = run_import(staged["kind"], staged["path"], user=request.user)
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
    import io

    buffer = io.BytesIO()
    write_template(kind, buffer)
    buffer.seek(0)
    return FileResponse(buffer, as_attachment=True, filename=f"{kind}-template.xlsx")
