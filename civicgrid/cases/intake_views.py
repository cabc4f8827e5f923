"""The intake page (hotline, window, patrol): class search by pinyin initials, the class's
questions, location, caller and photos; then the new case with any duplicates to merge."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from civicgrid.accounts import permissions
from civicgrid.catalogue import selectors as catalogue
from civicgrid.catalogue.models import CaseClass
from civicgrid.core.errors import DomainError

from .choices import Channel
from .services import Report, case_report, case_self_handle

STAFF_CHANNELS = [
    Channel.HOTLINE,
    Channel.WINDOW,
    Channel.PATROL,
    Channel.IOT,
    Channel.SUPERIOR,
    Channel.LIAISON,
    Channel.LEADER,
]


def _staff_or_404(request):
    if not permissions.scope_paths(
        request.user, permissions.VIEW_CASES
    ) and not permissions.is_everywhere(request.user):
        raise Http404


def _answers(request, case_class) -> dict:
    answers = {}
    for q in case_class.questions.all() if case_class else []:
        key = f"answer_{q.code}"
        if q.datatype == "multivaluelist":
            answers[q.code] = request.POST.getlist(key)
        else:
            answers[q.code] = request.POST.get(key, "")
    return answers


@login_required
def case_new(request):
    _staff_or_404(request)
    post = request.POST if request.method == "POST" else None
    code = (request.POST.get("case_class") or request.GET.get("case_class") or "").strip().upper()
    case_class = (
        CaseClass.objects.filter(code=code, active=True).prefetch_related("questions").first()
    )
    if post is not None:
        report = Report(
            case_class=code,
            description=post.get("description", ""),
            channel=post.get("channel", Channel.HOTLINE),
            lon=post.get("lon") or None,
            lat=post.get("lat") or None,
            gcj02=post.get("gcj02") == "on",
            building=post.get("building", ""),
            address=post.get("address", ""),
            answers=_answers(request, case_class),
            reporter_name=post.get("reporter_name", ""),
            reporter_phone=post.get("reporter_phone", ""),
            anonymous=post.get("anonymous") == "on",
            idempotency_key=post.get("idempotency_key", ""),
            priority=post.get("priority", ""),
            photos=request.FILES.getlist("photos"),
        )
        try:
            if post.get("self_handle") == "on":
                photos, report.photos = report.photos, []
                case = case_self_handle(
                    actor=request.user,
                    report=report,
                    after_photos=photos,
                    note=post.get("note", ""),
                )
            else:
                case = case_report(actor=request.user, report=report)
        except DomainError as exc:
            return render(
                request,
                "cases/case_new.html",
                _context(request, case_class, error=exc),
                status=400,
            )
        messages.success(request, _("Case %(number)s recorded.") % {"number": case.number})
        return redirect("cases:detail", pk=case.pk)
    return render(request, "cases/case_new.html", _context(request, case_class))


def _context(request, case_class, error=None) -> dict:
    import secrets

    return {
        "case_class": case_class,
        "class_code": case_class.code if case_class else request.POST.get("case_class", ""),
        "questions": list(case_class.questions.all()) if case_class else [],
        "channels": [(c, Channel(c).label) for c in STAFF_CHANNELS],
        "error": error,
        "post": request.POST,
        # a channel chosen on the way in (the phone's patrol button), else the hotline
        "channel": request.POST.get("channel") or request.GET.get("channel") or Channel.HOTLINE,
        "idempotency_key": request.POST.get("idempotency_key") or secrets.token_hex(8),
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
    code = request.GET.get("case_class", "").strip().upper()
    case_class = (
        CaseClass.objects.filter(code=code, active=True).prefetch_related("questions").first()
    )
    return render(
        request,
        "cases/_questions.html",
        {
            "case_class": case_class,
            "questions": list(case_class.questions.all()) if case_class else [],
            "post": {},
        },
    )
