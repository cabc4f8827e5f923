"""Import from the web: upload → validation preview (nothing written) → confirm → written.

The upload and its error report are staged in the default storage (local files, or the object
store every app host shares), so the confirmation may reach another host than the preview."""

from __future__ import annotations

import io
import secrets
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
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

STAGED = "imports"  # where uploads wait for their confirmation in the default storage


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
    name = default_storage.save(f"{STAGED}/{token}{Path(file.name).suffix.lower()}", file)
    errors = io.BytesIO()
    try:
        with default_storage.open(name, "rb") as stored:
            report = register_import(
                kind=kind, path=name, file=stored, user=request.user, dry_run=True,
                error_report=errors,
            )  # fmt: skip
    except DomainError:
        default_storage.delete(name)
        raise
    if not report.ok:  # nothing to confirm: only the error report waits, for its download
        default_storage.delete(name)
    report_name = ""
    if errors.getvalue():
        report_name = default_storage.save(
            f"{STAGED}/{token}.errors.xlsx", ContentFile(errors.getvalue())
        )
    staged = {
        "kind": kind,
        "path": name,
        "name": file.name,
        "report": report_name,
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
        with default_storage.open(staged["path"], "rb") as stored:
            report = register_import(
                kind=staged["kind"], path=staged["path"], file=stored, user=request.user
            )
    except FileNotFoundError:  # staged on a host whose files this one cannot read, or removed
        raise Http404 from None
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("registry:import")
    if not report.ok:  # the register changed since the preview
        messages.error(
            request, _("The file no longer validates; nothing was written. Upload it again.")
        )
        return redirect("registry:import")
    default_storage.delete(staged["path"])
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
    if not staged["report"] or not default_storage.exists(staged["report"]):
        raise Http404
    return FileResponse(
        default_storage.open(staged["report"], "rb"),
        as_attachment=True,
        filename=f"{Path(staged['name']).stem}.errors.xlsx",
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
