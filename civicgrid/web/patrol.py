"""The grid worker's patrol report (巡查上报) on a phone: the class found by typing a few
characters, the class's questions, where (the map and "use my position"), the camera, and "fixed
on the spot" (小事不出格: recorded and closed at once, with the photos after the fix). No reporter
name or phone: on patrol the grid worker's own account is the reporter.

It posts through the intake service every channel uses (``case_report``, or
``case_self_handle`` for a fix on the spot), on the channel ``patrol``."""

from __future__ import annotations

import datetime as dt
import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from civicgrid.cases.choices import Channel
from civicgrid.cases.forms import PhotosField
from civicgrid.cases.intake_forms import IntakeForm, questions_answered
from civicgrid.cases.models import Case
from civicgrid.cases.services import case_report, case_self_handle
from civicgrid.catalogue import selectors as catalogue
from civicgrid.catalogue.models import CaseClass
from civicgrid.core.errors import DomainError
from civicgrid.core.feedback import form_refused

from .phone import PATROL_ROLES, held_roles

FREQUENT = 8  # classes offered before anything is typed
FOUND = 12  # classes offered for what is typed
RECENT_DAYS = 90
NOT_ASKED = ("reporter_name", "reporter_phone", "anonymous", "channel", "priority")


class PatrolForm(IntakeForm):
    """The intake form without the reporter (the grid worker is) and with the photos taken after
    a fix on the spot."""

    after_photos = PhotosField(label=gettext_lazy("Photos after the fix"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in NOT_ASKED:
            del self.fields[name]

    def clean(self) -> dict:
        data = super().clean() or {}
        for name in ("reporter_name", "reporter_phone", "priority"):
            data[name] = ""
        data["anonymous"] = False
        data["channel"] = Channel.PATROL
        if data.get("self_handle") and not (data.get("after_photos") or data.get("photos")):
            self.add_error(
                "after_photos", _("Take a photo of the result when you fixed it on the spot.")
            )
        return data


def _patroller_or_404(user) -> None:
    if not held_roles(user) & PATROL_ROLES:
        raise Http404


def _classes():
    return CaseClass.objects.filter(active=True)


def frequent_classes(user) -> list[CaseClass]:
    """The classes this grid worker reported most on patrol lately, else the catalogue's first."""
    since = timezone.now() - dt.timedelta(days=RECENT_DAYS)
    ids = [
        row["case_class"]
        for row in Case.objects.filter(
            reporter_user=user, channel=Channel.PATROL, reported_at__gte=since
        )
        .values("case_class")
        .annotate(n=Count("id"))
        .order_by("-n", "case_class")[:FREQUENT]
    ]
    found = {c.pk: c for c in _classes().filter(pk__in=ids)}
    chosen = [found[i] for i in ids if i in found]
    if len(chosen) < FREQUENT:
        chosen += [c for c in catalogue.class_search("", limit=FREQUENT) if c.pk not in found][
            : FREQUENT - len(chosen)
        ]
    return chosen


@login_required
def patrol_classes(request):
    """htmx: the classes matching what the grid worker typed (characters, pinyin initials or a
    code), as choices to tap."""
    _patroller_or_404(request.user)
    typed = request.GET.get("q", "")[:40]
    found = (
        catalogue.class_search(typed, limit=FOUND)
        if typed.strip()
        else frequent_classes(request.user)
    )
    chosen = request.GET.get("case_class", "").strip().upper()[:10]
    if chosen and chosen not in {c.code for c in found}:
        kept = _classes().filter(code=chosen).first()
        found = [*found, kept] if kept else found  # kept, after what the words match
    return render(
        request,
        "web/phone_classes.html",
        {"classes": found, "chosen": chosen, "typed": typed},
    )


def _context(request, form: PatrolForm | None, error: DomainError | None = None) -> dict:
    typed = form.data if form is not None else {}
    case_class: CaseClass | None = getattr(form, "case_class", None)
    if case_class is None and form is None and request.GET.get("case_class"):
        code = request.GET["case_class"].strip().upper()[:10]
        case_class = _classes().filter(code=code).prefetch_related("questions").first()
    classes = frequent_classes(request.user)
    if case_class is not None and case_class not in classes:
        classes = [case_class, *classes]
    return {
        "case_class": case_class,
        "classes": classes,
        "questions": questions_answered(case_class, typed),
        "post": typed,
        "error": error,
        "idempotency_key": typed.get("idempotency_key") or secrets.token_hex(8),
    }


@login_required
def patrol(request):
    _patroller_or_404(request.user)
    if request.method != "POST":
        return render(request, "web/patrol.html", _context(request, None))
    form = PatrolForm(request.POST, request.FILES, classes=_classes())
    if not form.is_valid():
        form_refused(request, form)
        return render(request, "web/patrol.html", _context(request, form), status=400)
    report = form.intake_report()  # on the channel patrol (PatrolForm.clean)
    try:
        if form.cleaned_data["self_handle"]:
            after = form.cleaned_data["after_photos"]
            if not after:  # the one photo taken shows the result
                after, report.photos = report.photos, []
            case = case_self_handle(
                actor=request.user,
                report=report,
                after_photos=after,
                note=form.cleaned_data["note"],
            )
            messages.success(
                request,
                _("Case %(number)s recorded and closed: fixed on the spot.")
                % {"number": case.number},
            )
        else:
            case = case_report(actor=request.user, report=report)
            messages.success(request, _("Case %(number)s recorded.") % {"number": case.number})
    except DomainError as exc:
        return render(request, "web/patrol.html", _context(request, form, exc), status=400)
    return redirect("cases:detail", pk=case.pk)
