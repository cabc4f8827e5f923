"""What dispatch that reads counts (issue #21 §2), and the records behind each:
- the class suggestion (the suggestion and whether it was taken are recorded, and the acceptance
  rate is a figure): a suggestion counts in the period its case was recorded, under its grid;
- consultations answered on the spot from the knowledge base, against the consultations reported
  (the cases of the classes that may be answered);
- repeat demands raised and handled, under the grid of the place."""

from __future__ import annotations

import datetime as dt

from django.db.models import Model, QuerySet
from django.urls import reverse
from django.utils import timezone

from civicgrid.cases.models import Case
from civicgrid.core import tallies
from civicgrid.core.tallies import Behind, Source

from .knowledge_models import SpotAnswer
from .models import Suggestion
from .repeat_models import RepeatAlert

PATH = "case__grid__path"


def _suggested(first: dt.date, last: dt.date) -> QuerySet[Suggestion]:
    return Suggestion.objects.filter(at__date__range=(first, last))


def _raised(first: dt.date, last: dt.date) -> QuerySet[RepeatAlert]:
    return RepeatAlert.objects.filter(raised_at__date__range=(first, last))


SOURCES: dict[str, Source] = {
    "cs_suggested": Source(_suggested, PATH),
    "cs_taken": Source(lambda f, la: _suggested(f, la).filter(taken=True), PATH),
    "cs_in_top3": Source(lambda f, la: _suggested(f, la).filter(in_top3=True), PATH),
    "kb_consultations": Source(
        lambda f, la: Case.objects.filter(
            case_class__answerable=True, reported_at__date__range=(f, la)
        ),
        "grid__path",
    ),
    "kb_answered": Source(
        lambda f, la: SpotAnswer.objects.filter(case__reported_at__date__range=(f, la)), PATH
    ),
    "rp_raised": Source(_raised, "grid__path"),
    "rp_handled": Source(
        lambda f, la: _raised(f, la).filter(handled_at__isnull=False), "grid__path"
    ),
}


def _case_row(case: Case, text: str, at: dt.datetime) -> Behind:
    return Behind(text, case.grid.name if case.grid else "", timezone.localdate(at),
                  reverse("cases:detail", args=[case.pk]))  # fmt: skip


def _row(obj: Model) -> Behind:
    if isinstance(obj, Suggestion):
        first = obj.suggested[0][0] if obj.suggested else "—"
        return _case_row(obj.case, f"{obj.case.number} · {obj.chosen} ({first})", obj.at)
    if isinstance(obj, SpotAnswer):
        return _case_row(obj.case, f"{obj.case.number} · KB-{obj.article_id} {obj.article.title}",
                         obj.case.reported_at)  # fmt: skip
    if isinstance(obj, RepeatAlert):
        return Behind(f"{obj.case_class.code} {obj.case_class.name} · {obj.place} · {obj.count}",
                      obj.grid.name, timezone.localdate(obj.raised_at),
                      reverse("insight:repeat", args=[obj.pk]))  # fmt: skip
    assert isinstance(obj, Case)
    return _case_row(obj, f"{obj.number} · {obj.case_class.code}", obj.reported_at)


def _cases_seen(user) -> QuerySet[Case]:
    return Case.objects.visible_to(user)


TALLY = tallies.Tally(
    SOURCES,
    {
        Suggestion: lambda user: Suggestion.objects.filter(case__in=_cases_seen(user).values("pk")),
        SpotAnswer: lambda user: SpotAnswer.objects.filter(case__in=_cases_seen(user).values("pk")),
        Case: _cases_seen,
        RepeatAlert: lambda user: RepeatAlert.objects.visible_to(user),
    },
    {
        Suggestion: ("case__grid",),
        SpotAnswer: ("case__grid", "article"),
        Case: ("grid", "case_class"),
        RepeatAlert: ("grid", "case_class", "building"),
    },
    _row,
)
counts = TALLY.counts
behind = TALLY.behind
