"""The intake page (hotline, window, patrol): class search by pinyin initials, the class's
questions, location, caller and photos; then the new case with any duplicates to merge."""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from civicgrid.accounts import permissions
from civicgrid.catalogue import selectors as catalogue
from civicgrid.catalogue.models import CaseClass
from civicgrid.core.errors import DomainError
from civicgrid.core.feedback import form_refused

from .choices import Channel
from .intake_forms import STAFF_CHANNELS, IntakeForm, find_class, questions_answered
from .services import case_answer, case_report, case_self_handle


def may_take_reports(user) -> bool:
    """The intake page opens for those who see cases somewhere (and for those held to no scope);
    the home page offers it by the same test."""
    sees_cases = bool(permissions.scope_paths(user, permissions.VIEW_CASES))
    return sees_cases or permissions.is_everywhere(user)


def _staff_or_404(request):
    if not may_take_reports(request.user):
        raise Http404


def _classes():
    return CaseClass.objects.filter(active=True)


@login_required
def case_new(request):
    _staff_or_404(request)
    if request.method != "POST":
        case_class = find_class(_classes(), request.GET.get("case_class", ""))
        return render(request, "cases/case_new.html", _context(request, case_class, None))
    form = IntakeForm(request.POST, request.FILES, classes=_classes())
    case_class = form.case_class
    if not form.is_valid():
        form_refused(request, form)
        return render(
            request, "cases/case_new.html", _context(request, case_class, form), status=400
        )
    report = form.intake_report()
    try:
        if form.cleaned_data["self_handle"]:
            photos, report.photos = report.photos, []
            case = case_self_handle(
                actor=request.user,
                report=report,
                after_photos=photos,
                note=form.cleaned_data["note"],
            )
        elif form.cleaned_data["answer_from"]:
            case = case_answer(
                actor=request.user,
                report=report,
                article=form.cleaned_data["answer_from"],
                note=form.cleaned_data["note"],
            )
        else:
            case = case_report(actor=request.user, report=report)
    except DomainError as exc:
        return render(
            request,
            "cases/case_new.html",
            _context(request, case_class, form, error=exc),
            status=400,
        )
    messages.success(request, _("Case %(number)s recorded.") % {"number": case.number})
    return redirect("cases:detail", pk=case.pk)


def _context(request, case_class, form, error=None) -> dict:
    """The page, with what was typed when it comes back refused."""
    typed = form.data if form is not None else {}
    return {
        "case_class": case_class,
        "class_code": case_class.code if case_class else typed.get("case_class", ""),
        "questions": questions_answered(case_class, typed),
        "channels": [(c, Channel(c).label) for c in STAFF_CHANNELS],
        "error": error,
        "post": typed,
        # a channel chosen on the way in (the phone's patrol button), else the hotline
        "channel": typed.get("channel") or request.GET.get("channel") or Channel.HOTLINE,
        "idempotency_key": typed.get("idempotency_key") or secrets.token_hex(8),
    }


@login_required
def class_options(request):
    """htmx: classes matching what the operator typed (code, characters or pinyin initials)."""
    _staff_or_404(request)
    # the field sends itself as case_class (no inline script builds a "q" any more)
    typed = request.GET.get("q") or request.GET.get("case_class", "")
    found = catalogue.class_search(typed, limit=15)
    return render(request, "cases/_class_options.html", {"classes": found})


@login_required
def class_questions(request):
    """htmx: the chosen class's questions and rules."""
    _staff_or_404(request)
    case_class = find_class(_classes(), request.GET.get("case_class", ""))
    return render(
        request,
        "cases/_questions.html",
        {
            "case_class": case_class,
            "questions": questions_answered(case_class, {}),
            "post": {},
        },
    )
