"""Rating rounds (块考条): who may rate whom, saving a sheet, and the results.

A street office or town government's staff rate as a street, a community committee or work
station's as a community, and residents' council members as residents' representatives (the
round says which of them rate). Each rates the departments and stationed teams that serve their
area (a unit whose area holds theirs, or lies within it), once per unit, and may change the sheet
while the round is open.

A unit's result: the ratings (each sheet's dimensions weighted into points out of 100, averaged
over the sheets), its score on the round's indicator card, and its residents' satisfaction (the
share of satisfied or basically satisfied ratings of the cases it led, registered in the period),
weighted by the round. A component without data is left out and the others count in full.
Averages and comments are withheld below the round's fewest sheets, so that no rater can be
told from the figures; no page or API says who rated.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from civicgrid.accounts import permissions
from civicgrid.accounts.choices import Role, UnitKind
from civicgrid.accounts.models import OrgUnit, User
from civicgrid.areas.models import Area
from civicgrid.core.errors import DomainError, ErrorCode

from .compute import lead_satisfaction, unit_indicators
from .locks import locked_rating_round
from .models import RatingRound, RatingScore, RatingSheet, ScoreCard
from .models.rounds import COMMENT_MAX, LEVEL_POINTS
from .periods import parse
from .scoring import not_rated, rank, reason_text, score, volume

RATED_KINDS = (UnitKind.DEPARTMENT, UnitKind.STATIONED_TEAM)
STREET_KINDS = (UnitKind.STREET_OFFICE, UnitKind.TOWN_GOVERNMENT)
COMMUNITY_KINDS = (UnitKind.COMMUNITY_COMMITTEE, UnitKind.WORK_STATION)


def rater_areas(user, rnd: RatingRound) -> list[tuple[str, Area]]:
    """How the user may rate in the round: (as, the area they rate for), widest first."""
    grants = [g for g in permissions.grants(user) if g.unit_id]
    units = OrgUnit.objects.filter(pk__in=[g.unit_id for g in grants]).select_related("area")
    kinds = {u.pk: u for u in units}
    out = []
    for g in grants:
        unit = kinds.get(g.unit_id)
        if unit is None:
            continue
        if g.role == Role.COUNCIL_MEMBER:  # a residents' representative, wherever granted
            if rnd.by_residents:
                out.append((RatingSheet.As.RESIDENT, unit.area))
        elif rnd.by_streets and unit.kind in STREET_KINDS:
            out.append((RatingSheet.As.STREET, unit.area))
        elif rnd.by_communities and unit.kind in COMMUNITY_KINDS:
            out.append((RatingSheet.As.COMMUNITY, unit.area))
    return sorted(set(out), key=lambda item: len(item[1].path))


def units_to_rate(user, rnd: RatingRound) -> list[OrgUnit]:
    """The departments and stationed teams serving the areas the user rates for."""
    areas = [area for _as, area in rater_areas(user, rnd)]
    if not areas:
        return []
    qs = OrgUnit.objects.filter(active=True, kind__in=RATED_KINDS).select_related("area")
    return [
        u
        for u in qs.order_by("kind", "code")
        if any(a.path.startswith(u.area.path) or u.area.path.startswith(a.path) for a in areas)
    ]


def visible_units(user) -> list[OrgUnit]:
    """The rated units whose results the user may see (leaders: all they oversee; a unit's
    handlers: their own)."""
    qs = OrgUnit.objects.filter(active=True, kind__in=RATED_KINDS).select_related("area")
    return [u for u in qs.order_by("kind", "code") if permissions.can_view_unit_figures(user, u)]


@transaction.atomic
def sheet_save(
    *,
    rnd: RatingRound,
    rater: User,
    unit: OrgUnit | None,
    levels: Mapping[int, int] | Mapping[str, int],
    comment: str = "",
) -> RatingSheet:
    """Save (or replace) the rater's sheet for a unit that serves their area: every dimension
    of the round rated 1–5 (``levels``: dimension id → level). The round's row is locked first,
    so that no sheet is saved in a round being made final."""
    rnd = locked_rating_round(rnd.pk)
    if not rnd.is_open():
        raise DomainError(
            _("This round is not open for rating."), code=ErrorCode.CLOSED, field="round"
        )
    how = rater_areas(rater, rnd)
    if not how:
        raise DomainError(
            _("You do not rate in this round."), code=ErrorCode.FORBIDDEN, field="round"
        )
    if unit is None or unit.pk not in {u.pk for u in units_to_rate(rater, rnd)}:
        raise DomainError(
            _("Choose a unit that serves your area."), code=ErrorCode.INVALID, field="unit"
        )
    dimensions = list(rnd.dimensions.all())
    chosen = {}
    for d in dimensions:
        given: Mapping = levels
        value = given.get(str(d.pk), given.get(d.pk))
        if str(value) not in {str(v) for v in LEVEL_POINTS}:
            raise DomainError(
                _("Rate “%(name)s” from 1 to 5.") % {"name": d.name},
                code=ErrorCode.REQUIRED,
                field=f"levels.{d.pk}",
            )
        chosen[d] = int(value)
    comment = comment.strip()
    if len(comment) > COMMENT_MAX:
        raise DomainError(_("At most 2,000 characters."), code=ErrorCode.INVALID, field="comment")
    sheet, _created = RatingSheet.objects.update_or_create(
        round=rnd, rater=rater, unit=unit, defaults={"rater_as": how[0][0], "comment": comment}
    )
    sheet.scores.all().delete()
    RatingScore.objects.bulk_create(
        RatingScore(sheet=sheet, dimension=d, level=level) for d, level in chosen.items()
    )
    return sheet


@dataclass
class Result:
    unit: OrgUnit
    sheets: int
    withheld: bool
    dimensions: dict = field(default_factory=dict)  # dimension id → mean points (or None)
    ratings: float | None = None
    indicators: float | None = None
    satisfaction: float | None = None
    total: float | None = None
    grade: str = ""
    rank: int | None = None
    comments: list = field(default_factory=list)
    cases: int = 0  # the cases due to handle in the period
    reason: str = ""  # why it is not rated (scoring.TOO_FEW_CASES), or ""
    cells: list = field(default_factory=list)  # the dimensions' points in a page's column order

    @property
    def reason_text(self) -> str:
        return reason_text(self.reason, self.cases)


def results(rnd: RatingRound, units: list[OrgUnit]) -> list[Result]:
    """Each unit's result in the round, ranked (equal totals share a rank)."""
    dimensions = list(rnd.dimensions.all())
    weights = {d.pk: float(d.weight) for d in dimensions}
    per_unit: dict[int, list[dict]] = defaultdict(list)
    comments: dict[int, list[str]] = defaultdict(list)
    sheets = RatingSheet.objects.filter(round=rnd, unit__in=units).prefetch_related("scores")
    for sheet in sheets:
        per_unit[sheet.unit_id].append(
            {s.dimension_id: LEVEL_POINTS[s.level] for s in sheet.scores.all()}
        )
        if sheet.comment:
            comments[sheet.unit_id].append(sheet.comment)
    values = unit_indicators(units, parse(rnd.period))
    card = rnd.card
    card_scores = {pk: score(card, v)[0] for pk, v in values.items()} if card is not None else {}
    happy = lead_satisfaction(units, parse(rnd.period))
    out = []
    for unit in units:
        given = per_unit.get(unit.pk, [])
        r = Result(unit, len(given), withheld=len(given) < rnd.min_sheets)
        if given and not r.withheld:
            for d in dimensions:
                marks = [g[d.pk] for g in given if d.pk in g]
                r.dimensions[d.pk] = round(sum(marks) / len(marks), 2) if marks else None
            per_sheet = [
                sum(weights[k] * v for k, v in g.items() if k in weights)
                / sum(weights[k] for k in g if k in weights)
                for g in given
                if any(k in weights for k in g)
            ]
            r.ratings = round(sum(per_sheet) / len(per_sheet), 2) if per_sheet else None
            r.comments = sorted(comments.get(unit.pk, []))  # in no telling order
        r.indicators = card_scores.get(unit.pk)
        r.satisfaction = happy.get(unit.pk)
        parts = [
            (float(rnd.ratings_weight), r.ratings),
            (float(rnd.indicators_weight), r.indicators),
            (float(rnd.satisfaction_weight), r.satisfaction),
        ]
        present = [(w, v) for w, v in parts if v is not None and w > 0]
        r.cases = volume("unit", values.get(unit.pk, {}))
        r.reason = not_rated(r.cases)  # too few cases: shown, never graded nor ranked
        if present and not r.reason:
            r.total = round(sum(w * v for w, v in present) / sum(w for w, _v in present), 2)
        r.grade = _grade(rnd, r.total)
        out.append(r)
    return rank(out, lambda r: r.total, lambda r: r.unit.code)


def _grade(rnd: RatingRound, total: float | None) -> str:
    """By the card's grade floors, or the default ones (A ≥ 90, B ≥ 75, C ≥ 60, D ≥ 40)."""
    return (rnd.card or ScoreCard()).grade(total)
