"""What the class suggestion's figures count (issue #21 §2: the suggestion and whether it was
taken are recorded, and the acceptance rate is a figure), and the cases behind each. A
suggestion counts in the period its case was recorded, under the case's grid."""

from __future__ import annotations

import datetime as dt

from django.db.models import Model, QuerySet
from django.urls import reverse
from django.utils import timezone

from civicgrid.cases.models import Case
from civicgrid.core import tallies
from civicgrid.core.tallies import Behind, Source

from .models import Suggestion

PATH = "case__grid__path"


def _suggested(first: dt.date, last: dt.date) -> QuerySet[Suggestion]:
    return Suggestion.objects.filter(at__date__range=(first, last))


SOURCES: dict[str, Source] = {
    "cs_suggested": Source(_suggested, PATH),
    "cs_taken": Source(lambda f, la: _suggested(f, la).filter(taken=True), PATH),
    "cs_in_top3": Source(lambda f, la: _suggested(f, la).filter(in_top3=True), PATH),
}


def _row(obj: Model) -> Behind:
    assert isinstance(obj, Suggestion)
    case = obj.case
    first = obj.suggested[0][0] if obj.suggested else "—"
    return Behind(f"{case.number} · {obj.chosen} ({first})", case.grid.name if case.grid else "",
                  timezone.localdate(obj.at), reverse("cases:detail", args=[case.pk]))  # fmt: skip


def _seen(user) -> QuerySet[Suggestion]:
    return Suggestion.objects.filter(case__in=Case.objects.visible_to(user).values("pk"))


TALLY = tallies.Tally(SOURCES, {Suggestion: _seen}, {Suggestion: ("case__grid",)}, _row)
counts = TALLY.counts
behind = TALLY.behind
