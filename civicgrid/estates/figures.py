"""What property oversight's figures count, and the records behind each (DOMAIN.md §16). The
figures are defined once in ``civicgrid.evaluation.definitions``; a count over an area takes its
subtree (``core.tallies``). Estates are read as they stand on the period's last day."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, Model, OuterRef, QuerySet
from django.urls import reverse

from civicgrid.core import tallies
from civicgrid.core.tallies import Behind, Source

from . import selectors
from .models import Estate


def _estates(first: dt.date, last: dt.date) -> QuerySet[Estate]:
    return Estate.objects.filter(created_at__date__lte=last)


def _managed(last: dt.date) -> Exists:
    return Exists(selectors.serving(last).filter(estate=OuterRef("pk")))


def _blacklisted(first: dt.date, last: dt.date) -> QuerySet[Estate]:
    bad = selectors.listed_now(last).values("company")
    served = selectors.serving(last).filter(estate=OuterRef("pk"), company__in=bad)
    return _estates(first, last).filter(Exists(served))


SOURCES: dict[str, Source] = {
    "est_estates": Source(_estates, "area__path"),
    "est_without_company": Source(
        lambda f, la: _estates(f, la).exclude(_managed(la)), "area__path"
    ),
    "est_blacklisted": Source(_blacklisted, "area__path"),
    "est_owners_committee": Source(
        lambda f, la: _estates(f, la).filter(owners_committee__isnull=False), "area__path"
    ),
}


def _row(obj: Model) -> Behind:
    assert isinstance(obj, Estate)
    return Behind(obj.name, obj.area.name, None, reverse("estates:estate", args=[obj.pk]))


TALLY = tallies.Tally(
    SOURCES, {Estate: selectors.estates}, {Estate: ("area",)}, _row
)  # fmt: skip
counts = TALLY.counts
behind = TALLY.behind
