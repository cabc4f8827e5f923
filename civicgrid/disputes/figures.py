"""What the legal advisers' figures count, and the records behind each (DOMAIN.md §18: a lawyer
for every community). The figures are defined once in ``civicgrid.evaluation.definitions``; a
count over an area takes its subtree (``core.tallies``). Communities are those active; an
adviser counts when serving on the period's last day."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, Model, OuterRef, QuerySet
from django.urls import reverse

from civicgrid.accounts.models import User
from civicgrid.areas.choices import AreaLevel
from civicgrid.areas.models import Area
from civicgrid.cases.models import Case
from civicgrid.core import tallies
from civicgrid.core.tallies import Behind, Source

from . import counsel
from .models import Counsel


def _communities(first: dt.date, last: dt.date) -> QuerySet[Area]:
    return Area.objects.filter(level=AreaLevel.COMMUNITY, active=True)


def _served(first: dt.date, last: dt.date) -> QuerySet[Area]:
    serving = counsel.in_force(last).filter(area=OuterRef("pk"))
    return _communities(first, last).filter(Exists(serving))


SOURCES: dict[str, Source] = {
    "dsp_communities": Source(_communities, "path"),
    "dsp_with_adviser": Source(_served, "path"),
    "dsp_counsel": Source(
        lambda f, la: Counsel.objects.filter(given_on__range=(f, la)), "dispute__case__grid__path"
    ),
}


def _row(obj: Model) -> Behind:
    if isinstance(obj, Counsel):
        case = obj.dispute.case
        return Behind(f"{case.number} · {obj.opinion[:60]}", case.grid.name, obj.given_on,
                      reverse("disputes:detail", args=[case.pk]))  # fmt: skip
    assert isinstance(obj, Area)
    return Behind(obj.name, obj.parent.name if obj.parent else "", None,
                  reverse("disputes:advisers"))  # fmt: skip


def _areas_seen(user: User) -> QuerySet[Area]:
    """The communities behind a figure: the figure's own area is in the user's scope already."""
    return Area.objects.all() if counsel.sees(user) else Area.objects.none()


def _counsel_seen(user: User) -> QuerySet[Counsel]:
    return Counsel.objects.filter(dispute__case__in=Case.objects.visible_to(user))


TALLY = tallies.Tally(
    SOURCES,
    {Area: _areas_seen, Counsel: _counsel_seen},
    {Area: ("parent",), Counsel: ("dispute__case__grid",)},
    _row,
)
