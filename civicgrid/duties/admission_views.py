"""Admission pages: the applications a user may see, applying for one's department, and an
application with its steps, the review office's decision and the withdrawal."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from civicgrid.accounts import permissions
from civicgrid.accounts.models import OrgUnit
from civicgrid.core.errors import DomainError
from civicgrid.evaluation.models import Scheme
from civicgrid.registry.importing.columns import CellError, parse_date

from . import admission
from .models import Application, CommunityKind, ListType


def _departments(user) -> list[OrgUnit]:
    units = {g.unit_id for g in permissions.grants(user)}
    return list(OrgUnit.objects.filter(pk__in=units, kind__in=admission.DEPARTMENTS, active=True))


def may_list_applications(user) -> bool:
    """A department's people apply; the reviewers decide (the links ask the same)."""
    return bool(_departments(user)) or bool(admission.reviews(user))


@login_required
def application_list(request):
    departments = _departments(request.user)
    if not may_list_applications(request.user):
        raise Http404
    return render(
        request,
        "duties/applications.html",
        {"applications": admission.visible(request.user), "can_apply": bool(departments)},
    )


def _fields(post) -> dict:
    """The form's fields, each parsed or refused naming the field."""
    out = {k: post.get(k, "").strip() for k in ("title", "reason", "basis")}
    for name in ("hours_per_month", "funding_per_year"):
        try:
            out[name] = Decimal(post.get(name) or "0")
        except InvalidOperation:
            raise DomainError(_("Not a number."), code="invalid", field=name) from None
    for name in ("reports_per_year", "meetings_per_year"):
        value = post.get(name) or "0"
        if not value.isdigit():
            raise DomainError(_("Not a whole number."), code="invalid", field=name)
        out[name] = int(value)
    for name in ("starts_on", "ends_on"):
        if post.get(name):
            try:
                out[name] = parse_date(post[name])
            except CellError as exc:
                raise DomainError(str(exc), code="invalid", field=name) from None
    if "starts_on" not in out:
        raise DomainError(_("Required."), code="required", field="starts_on")
    if post.get("scheme"):
        out["scheme"] = Scheme.objects.filter(pk=post["scheme"], template=False).first()
    return out


@login_required
def application_new(request):
    departments = _departments(request.user)
    if not departments:
        raise Http404
    if request.method == "POST":
        try:
            department = next(
                (d for d in departments if str(d.pk) == request.POST.get("department")), None
            )
            if department is None:
                raise DomainError(_("Choose your department."), field="department")
            application = admission.apply(
                actor=request.user,
                department=department,
                kinds=list(CommunityKind.objects.filter(pk__in=request.POST.getlist("kinds"))),
                list_type=request.POST.get("list_type", ""),
                fields=_fields(request.POST),
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Application filed."))
            return redirect("duties:application", pk=application.pk)
    return render(
        request,
        "duties/application_new.html",
        {
            "departments": departments,
            "kinds": CommunityKind.objects.all(),
            "list_types": [(ListType.ASSISTING, ListType.ASSISTING.label),
                           (ListType.ASSESSMENT, ListType.ASSESSMENT.label)],
            "schemes": Scheme.objects.filter(template=False, active=True),
            "post": request.POST,
        },
    )  # fmt: skip


@login_required
def application_detail(request, pk: int):
    application = get_object_or_404(admission.visible(request.user), pk=pk)
    return render(
        request,
        "duties/application.html",
        {
            "a": application,
            "steps": application.steps.select_related("actor"),
            "reviews": admission.reviews(request.user),
            "open": application.status == Application.Status.APPLIED,
            "running": application.status
            in (Application.Status.APPLIED, Application.Status.ADMITTED),
        },
    )


@login_required
@require_POST
def application_act(request, pk: int, action: str):
    application = get_object_or_404(admission.visible(request.user), pk=pk)
    try:
        if action in ("admit", "refuse"):
            admission.decide(
                application=application,
                admit=action == "admit",
                reasons=request.POST.get("reasons", ""),
                actor=request.user,
            )
        elif action == "withdraw":
            admission.withdraw(
                application=application, actor=request.user, note=request.POST.get("note", "")
            )
        else:
            raise Http404
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Done."))
    return redirect("duties:application", pk=pk)
