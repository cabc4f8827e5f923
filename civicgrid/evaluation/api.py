"""API: the indicator library, the figures of an area and the areas below it or of units for a
period (with the period before and the year before), and the cases behind any figure."""

from __future__ import annotations

from datetime import date
from typing import Literal

from django.http import Http404
from ninja import Query, Router, Schema
from pydantic import Field

from civicgrid.accounts.models import OrgUnit
from civicgrid.cases.api import CaseOut
from civicgrid.core.api.paging import PageParams, page
from civicgrid.core.api.schemas import PageOut

from . import periods, rounds, selectors
from .compute import TALLIES
from .definitions import BY_CODE, LIBRARY, WORKER
from .definitions import CASES as CASE_SOURCE
from .models import RatingRound, ScoreCard
from .models.rounds import COMMENT_MAX
from .reports import area_report, person_report, unit_report
from .scoring import ranking

router = Router(tags=["evaluation"])

PERIOD = Field(
    ...,
    description="a day 2026-10-05, a week 2026-W41, a month 2026-10, a quarter 2026-Q4, a year "
    "2026, or a span 2026-10-01..2026-10-15",
    examples=["2026-10"],
)


class IndicatorOut(Schema):
    code: str
    subject: str = Field(..., description="area, unit, person or worker (a community worker)")
    name_zh: str
    name_en: str
    formula_zh: str
    formula_en: str
    notes_zh: str
    notes_en: str
    unit: str = Field(
        ..., description="cases, steps, %, hours, service, members, projects, people or records"
    )
    unit_zh: str
    unit_en: str
    direction: str = Field(..., description="higher, lower or neither is better")
    direction_zh: str
    direction_en: str
    numerator: str | None
    denominator: str | None
    role: str | None = Field(None, description="for a person: the role whose work it measures")
    role_zh: str
    role_en: str
    source: str = Field(
        ...,
        description="what is behind a count: cases (/indicators/cases), or the records of party "
        "building, the workforce or community finance (/indicators/records)",
    )


class PeriodOut(Schema):
    label: str
    kind: str
    first: str
    last: str
    previous: str
    year_before: str


class RowOut(Schema):
    id: int
    code: str
    name: str
    role: str | None = None
    values: dict[str, float | int | None]
    previous: dict[str, float | int | None]
    year_before: dict[str, float | int | None]


class ReportOut(Schema):
    subject: str
    role: str | None = None
    period: PeriodOut
    indicators: list[IndicatorOut]
    rows: list[RowOut]


class AreaQuery(Schema):
    period: str = PERIOD
    area: str | None = Field(None, description="area code; your widest area by default")
    below: bool = Field(True, description="also each area directly below it")
    compare: bool = Field(True, description="also the period before and the year before")


class UnitQuery(Schema):
    period: str = PERIOD
    unit: str | None = Field(None, description="one unit's code; every department by default")
    compare: bool = True


class PeopleQuery(Schema):
    period: str = PERIOD
    role: Literal["supervisor", "operator", "shift_lead", "dispatcher"] = "supervisor"
    area: str | None = Field(None, description="people on units within this area; yours by default")
    compare: bool = True


class BehindQuery(Schema):
    indicator: str = Field(..., description="an indicator's code", examples=["closed"])
    period: str = PERIOD
    area: str | None = Field(None, description="for an area indicator; yours by default")
    unit: str | None = Field(None, description="for a unit indicator: the unit's code")
    person: str | None = Field(None, description="for a person indicator: the username")
    worker: str | None = Field(
        None, description="for a community worker's indicator: the worker's id"
    )


@router.get("/indicators", response=list[IndicatorOut], summary="The indicator library")
def indicator_list(request):
    return [i.describe() for i in LIBRARY]


@router.get("/indicators/areas", response=ReportOut, summary="An area's figures for a period")
def area_figures(request, q: Query[AreaQuery]):
    period = periods.parse(q.period)
    area = selectors.area_for(request.auth, q.area)
    return area_report(area, period, below=q.below, compare=q.compare).as_json()


@router.get("/indicators/units", response=ReportOut, summary="Units' figures for a period")
def unit_figures(request, q: Query[UnitQuery]):
    period = periods.parse(q.period)
    return unit_report(
        selectors.units_for(request.auth, q.unit), period, compare=q.compare
    ).as_json()


@router.get("/indicators/people", response=ReportOut, summary="Staff figures for a period")
def people_figures(request, q: Query[PeopleQuery]):
    period = periods.parse(q.period)
    area = selectors.area_for(request.auth, q.area)
    return person_report(
        selectors.staff_for(area, q.role), period, q.role, compare=q.compare
    ).as_json()


@router.get("/indicators/cases", response=PageOut[CaseOut], summary="The cases behind a figure")
def cases_behind(request, params: Query[PageParams], q: Query[BehindQuery]):
    period = periods.parse(q.period)
    qs = selectors.cases_behind_for(
        request.auth, q.indicator, period, area_code=q.area, unit_code=q.unit, person=q.person
    )
    return page(qs, params, descending=True)


class RecordOut(Schema):
    text: str = Field(..., description="the record: a member's name, a project's title, …")
    place: str = Field(..., description="its organisation, agreement or area")
    day: date | None
    url: str = Field(..., description="its page")
    value: float | None = Field(
        None, description="what it adds to a sum (people reached, yuan paid, points)"
    )


@router.get(
    "/indicators/records",
    response=list[RecordOut],
    summary="The records behind a figure that counts no cases",
    description="For an indicator whose source is `party`, `workforce` or `finance`: the "
    "members, projects, commitments, needs, reviews, workers, grids, households, allowances, "
    "daily records, budget lines, allocations, claims or communities its count is made of in the "
    "area (a worker's indicator: in the worker's records), among those you see (the first 1,000, "
    "newest first).",
)
def records_behind(request, q: Query[BehindQuery]):
    indicator = BY_CODE.get(q.indicator)
    if indicator is None or indicator.source == CASE_SOURCE:
        raise Http404
    period = periods.parse(q.period)
    if indicator.subject == WORKER:
        return selectors.worker_records_for(request.auth, q.worker, period)[1]
    area = selectors.area_for(request.auth, q.area)
    tally = TALLIES[indicator.source]
    return tally.behind(request.auth, indicator.code, area, period.first, period.last)


class ScoreItemOut(Schema):
    indicator: str
    weight: float
    target: float | None


class ScoreCardOut(Schema):
    id: int
    name: str
    subject: str = Field(..., description="area, unit or person")
    level: int | None = Field(None, description="for areas: 3 street, 4 community, 5 grid")
    role: str = Field(..., description="for people: the role scored")
    grades: dict[str, float] = Field(..., description="the lowest score of grades A to D")
    items: list[ScoreItemOut]

    @staticmethod
    def resolve_grades(obj):
        return {g: float(getattr(obj, f"grade_{g.lower()}")) for g in "ABCD"}

    @staticmethod
    def resolve_items(obj):
        return [
            {
                "indicator": i.indicator,
                "weight": float(i.weight),
                "target": float(i.target) if i.target is not None else None,
            }
            for i in obj.items.all()
        ]


NOT_RATED = "why not rated: too_few_cases (fewer cases in the period than a rating needs), or null"
CASES = "the cases (or, for people, steps) in the period behind the figures"


class RankedOut(Schema):
    rank: int | None
    code: str
    name: str
    score: float | None
    grade: str
    cases: int = Field(..., description=CASES)
    reason: str | None = Field(..., description=NOT_RATED)
    items: dict[str, dict[str, float | None]] = Field(
        ..., description="per indicator: its value and the points it earned"
    )


class RankingOut(Schema):
    card: ScoreCardOut
    period: str
    rows: list[RankedOut]


class RankingQuery(Schema):
    period: str = PERIOD


@router.get("/score-cards", response=list[ScoreCardOut], summary="Score cards")
def score_cards(request):
    return ScoreCard.objects.filter(active=True).prefetch_related("items")


@router.get("/score-cards/{card_id}/ranking", response=RankingOut, summary="A score card's ranking")
def score_card_ranking(request, card_id: int, q: Query[RankingQuery]):
    card = ScoreCard.objects.filter(pk=card_id, active=True).prefetch_related("items").first()
    if card is None:
        raise Http404
    period = periods.parse(q.period)
    ranked = ranking(card, request.auth, period)
    return {
        "card": card,
        "period": period.label,
        "rows": [
            {
                "rank": s.rank,
                "code": s.row.code,
                "name": s.row.name,
                "score": s.score,
                "grade": s.grade,
                "cases": s.cases,
                "reason": s.reason or None,
                "items": {c: {"value": v, "points": p} for c, (v, p) in s.items.items()},
            }
            for s in ranked
        ],
    }


class DimensionOut(Schema):
    id: int
    name: str
    description: str
    weight: float


class RatingRoundOut(Schema):
    id: int
    name: str
    period: str
    opens_on: str
    closes_on: str
    open: bool
    raters: list[str] = Field(..., description="street, community, resident")
    weights: dict[str, float]
    dimensions: list[DimensionOut]
    units_to_rate: list[str] = Field(..., description="the codes of the units you may rate")


def round_out(rnd, user) -> dict:
    return {
        "id": rnd.pk,
        "name": rnd.name,
        "period": rnd.period,
        "opens_on": rnd.opens_on.isoformat(),
        "closes_on": rnd.closes_on.isoformat(),
        "open": rnd.is_open(),
        "raters": [
            name
            for name, on in (
                ("street", rnd.by_streets),
                ("community", rnd.by_communities),
                ("resident", rnd.by_residents),
            )
            if on
        ],
        "weights": {
            "ratings": float(rnd.ratings_weight),
            "indicators": float(rnd.indicators_weight),
            "satisfaction": float(rnd.satisfaction_weight),
        },
        "dimensions": [
            {"id": d.pk, "name": d.name, "description": d.description, "weight": float(d.weight)}
            for d in rnd.dimensions.all()
        ],
        "units_to_rate": [u.code for u in rounds.units_to_rate(user, rnd)],
    }


class SheetIn(Schema):
    unit: str = Field(..., description="the code of the unit rated", examples=["CGZF"])
    levels: dict[str, int] = Field(
        ..., description="dimension id → 1 (very poor) … 5 (very good)", examples=[{"1": 5}]
    )
    comment: str = Field("", max_length=COMMENT_MAX)


class ResultOut(Schema):
    rank: int | None
    unit: str
    name: str
    sheets: int
    withheld: bool = Field(..., description="too few sheets: averages and comments not shown")
    dimensions: dict[str, float | None]
    ratings: float | None
    indicators: float | None
    satisfaction: float | None
    total: float | None
    grade: str
    cases: int = Field(..., description=CASES)
    reason: str | None = Field(..., description=NOT_RATED)
    comments: list[str]


@router.get("/rating-rounds", response=list[RatingRoundOut], summary="Rating rounds (块考条)")
def rating_rounds(request):
    return [round_out(r, request.auth) for r in RatingRound.objects.prefetch_related("dimensions")]


@router.post(
    "/rating-rounds/{round_id}/sheets", response=RatingRoundOut, summary="Rate a unit in a round"
)
def rating_sheet(request, round_id: int, payload: SheetIn):
    rnd = RatingRound.objects.filter(pk=round_id).first()
    if rnd is None:
        raise Http404
    rounds.sheet_save(
        rnd=rnd,
        rater=request.auth,
        unit=OrgUnit.objects.filter(code=payload.unit).first(),
        levels=payload.levels,
        comment=payload.comment,
    )
    return round_out(rnd, request.auth)


@router.get(
    "/rating-rounds/{round_id}/results", response=list[ResultOut], summary="A round's results"
)
def rating_results(request, round_id: int):
    rnd = RatingRound.objects.filter(pk=round_id).first()
    units = rounds.visible_units(request.auth)
    if rnd is None or not units:
        raise Http404
    return [
        {
            "rank": r.rank,
            "unit": r.unit.code,
            "name": r.unit.name,
            "sheets": r.sheets,
            "withheld": r.withheld,
            "dimensions": {str(k): v for k, v in r.dimensions.items()},
            "ratings": r.ratings,
            "indicators": r.indicators,
            "satisfaction": r.satisfaction,
            "total": r.total,
            "grade": r.grade,
            "cases": r.cases,
            "reason": r.reason or None,
            "comments": r.comments,
        }
        for r in rounds.results(rnd, units)
    ]
