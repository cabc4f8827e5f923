"""Figures that count records other than cases (party building's members and projects, the
workforce's workers and allowances): what each count is made of in a period, counted over areas'
subtrees in one query a count, and the same records listed behind the figure.

A module that keeps such figures names its counts in a ``SOURCES`` mapping of :class:`Source`
and says how each of its records is shown (:class:`Behind`); the figures themselves (names,
formulas, which way is better) stay in ``civicgrid.evaluation.definitions``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol

from django.db.models import Count, Q, QuerySet, Sum

SHOWN = 1000  # records a list shows: a count is checked by its first thousand, and the rest


class Placed(Protocol):
    """An area, as far as a count needs one."""

    @property
    def pk(self) -> int: ...

    @property
    def path(self) -> str: ...


@dataclass(frozen=True)
class Source:
    """One count: its records in a period, where each record is (the path of its area), and how
    they are counted (rows, or the sum of a field)."""

    records: Callable[[dt.date, dt.date], QuerySet]
    path: str
    total: str = ""  # a field summed instead of counting rows


@dataclass(frozen=True)
class Behind:
    """One record behind a figure, as the list of them shows it."""

    text: str
    place: str
    day: dt.date | None
    url: str
    value: int | Decimal | None = None  # what it adds to a sum (people reached, yuan paid)


def counts(
    sources: Mapping[str, Source], areas: Iterable[Placed], first: dt.date, last: dt.date
) -> dict[int, dict[str, int | float]]:
    """Every count of ``sources`` for each area's subtree in the period: {area id: {code: n}}.
    One query a count, whatever the number of areas; a sum of money is a float, as figures are
    kept (``core.kept``) and served as JSON."""
    wanted = list(areas)
    out: dict[int, dict[str, int | float]] = {a.pk: defaultdict(int) for a in wanted}
    if not wanted:
        return out
    for code, source in sources.items():
        where = Q.create([(f"{source.path}__startswith", a.path) for a in wanted], connector=Q.OR)
        rows = (
            source.records(first, last)
            .filter(where)
            .values_list(source.path)
            .annotate(n=Sum(source.total) if source.total else Count("pk", distinct=True))
            .order_by()
        )
        for path, n in rows:
            for area in wanted:
                if path.startswith(area.path):
                    out[area.pk][code] += float(n) if isinstance(n, Decimal) else n or 0
    return out


@dataclass(frozen=True)
class Tally:
    """A module's counts (``sources``), which of each kind of record a user sees (``seen``),
    the rows each needs (``related``) and how one is shown (``row``)."""

    sources: Mapping[str, Source]
    seen: Mapping[Any, Callable[[Any], QuerySet]]  # model → the rows of it a user sees
    related: Mapping[Any, tuple[str, ...]]
    row: Callable[[Any], Behind]

    def counts(self, areas: Iterable[Placed], first: dt.date, last: dt.date) -> dict[int, dict]:
        """Every count for each area's subtree in the period: {area id: {code: n}}."""
        return counts(self.sources, areas, first, last)

    def behind(self, user, code: str, area: Placed, first: dt.date, last: dt.date) -> list[Behind]:
        """The records count ``code`` is made of in ``area``'s subtree, among those the user
        sees: the first ``SHOWN``, newest first."""
        source = self.sources[code]
        qs = source.records(first, last).filter(**{f"{source.path}__startswith": area.path})
        model = qs.model
        qs = qs.filter(pk__in=self.seen[model](user).values("pk"))
        return [
            self.row(o) for o in qs.select_related(*self.related[model]).order_by("-pk")[:SHOWN]
        ]
