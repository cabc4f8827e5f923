"""Idleness is not excellence: a department (or area, or person) with fewer cases in the period
than CIVICGRID_RANKING_MIN_CASES is "not rated" — no score, no grade, no rank, a reason — in the
score cards' rankings, the assessment rounds and the blocks' rating rounds, on the pages, in the
exports and in the API. Before, a department that handled nothing scored 100, grade A, rank 1."""

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from civicgrid.accounts.tests.factories import bearer
from civicgrid.evaluation import periods
from civicgrid.evaluation.assessments import compute, round_start, standings
from civicgrid.evaluation.models import Scheme, SchemeItem, ScoreCard, ScoreItem
from civicgrid.evaluation.rounds import results
from civicgrid.evaluation.scoring import TOO_FEW_CASES, ranking

from .test_indicators import rows
from .test_rounds import a_round

pytestmark = pytest.mark.django_db

OCTOBER = periods.parse("2026-10")
DISPATCHED = dt.datetime(2026, 10, 10, 11, tzinfo=dt.UTC)


def busy_department(loop, n: int = 8) -> None:
    """``n`` cases dispatched to the department in October, all handled, two of them late."""
    due = dt.datetime(2026, 10, 12, tzinfo=dt.UTC)
    lead = {"lead_unit": loop.department, "dispatched_at": DISPATCHED, "handle_due_at": due}
    rows(loop, n - 2, handled_at=dt.datetime(2026, 10, 11, tzinfo=dt.UTC), **lead)
    rows(loop, 2, handled_at=dt.datetime(2026, 10, 14, tzinfo=dt.UTC), **lead)


def unit_card() -> ScoreCard:
    """The counts a department is marked down for: lower is better, so none earns full marks."""
    card = ScoreCard.objects.create(name="部门处置考核", subject="unit")
    ScoreItem.objects.create(card=card, indicator="handling_rate", weight=Decimal(40))
    ScoreItem.objects.create(card=card, indicator="handled_late", weight=Decimal(30), target=10)
    ScoreItem.objects.create(
        card=card, indicator="overdue_unhandled", weight=Decimal(30), target=10
    )
    return card


def test_an_idle_department_is_not_rated_nor_ranked_above_a_busy_one(loop, settings):
    settings.CIVICGRID_RANKING_MIN_CASES = 5
    busy_department(loop)
    ranked = ranking(unit_card(), loop.leader, OCTOBER)
    by_unit = {s.row.pk: s for s in ranked}
    busy, idle = by_unit[loop.department.pk], by_unit[loop.other_department.pk]
    assert ranked[0] is busy and busy.rank == 1 and busy.cases == 8 and not busy.reason
    assert busy.score == round((40 * 100 + 30 * 80 + 30 * 100) / 100, 2) == 94.0
    assert (idle.score, idle.grade, idle.rank) == (None, "", None)
    assert idle.cases == 0 and idle.reason == TOO_FEW_CASES and idle.reason_text
    # the threshold is a setting: below it, even a few cases are too few
    settings.CIVICGRID_RANKING_MIN_CASES = 9
    assert all(s.reason == TOO_FEW_CASES and s.rank is None for s in ranking(
        unit_card(), loop.leader, OCTOBER))  # fmt: skip


def test_the_rankings_page_export_and_api_say_not_rated(client, loop, settings):
    settings.CIVICGRID_RANKING_MIN_CASES = 5
    busy_department(loop)
    card = unit_card()
    client.force_login(loop.leader)
    url = reverse("evaluation:rankings")
    page = client.get(url, {"card": card.pk, "period": "2026-10"})
    idle = next(s for s in page.context["ranked"] if s.row == loop.other_department)
    assert idle.reason == TOO_FEW_CASES and idle.score is None and idle.rank is None
    assert idle.reason_text in page.content.decode()
    book = openpyxl.load_workbook(
        io.BytesIO(
            client.get(url, {"card": card.pk, "period": "2026-10", "format": "xlsx"}).content
        )
    )
    sheet = list(book.active.iter_rows(values_only=True))
    header, body = sheet[0], {r[1]: r for r in sheet[1:]}
    idle_row = dict(zip(header, body[loop.other_department.name], strict=True))
    rank, score, grade, cases, why = header[0], header[2], header[3], header[4], header[5]
    assert idle_row[rank] is None and idle_row[score] is None and not idle_row[grade]
    assert idle_row[cases] == 0 and idle_row[why] == idle.reason_text
    got = client.get(
        f"/api/v1/score-cards/{card.pk}/ranking", {"period": "2026-10"}, **bearer(loop.leader)
    ).json()
    api = {r["code"]: r for r in got["rows"]}
    assert api[loop.department.code]["rank"] == 1 and api[loop.department.code]["reason"] is None
    assert api[loop.other_department.code] | {"items": None} == {
        "rank": None,
        "code": loop.other_department.code,
        "name": loop.other_department.name,
        "score": None,
        "grade": "",
        "cases": 0,
        "reason": TOO_FEW_CASES,
        "items": None,
    }


def test_a_rating_round_does_not_grade_an_idle_department(client, loop, settings):
    settings.CIVICGRID_RANKING_MIN_CASES = 5
    busy_department(loop)
    rnd = a_round(card=unit_card())
    got = {r.unit.pk: r for r in results(rnd, [loop.department, loop.other_department])}
    busy, idle = got[loop.department.pk], got[loop.other_department.pk]
    assert busy.rank == 1 and busy.grade == "A" and busy.cases == 8
    assert idle.indicators == 100.0  # its card score alone would be full marks …
    assert (idle.total, idle.grade, idle.rank, idle.reason) == (None, "", None, TOO_FEW_CASES)
    client.force_login(loop.leader)
    api = client.get(f"/api/v1/rating-rounds/{rnd.pk}/results", **bearer(loop.leader)).json()
    idle_out = next(r for r in api if r["unit"] == loop.other_department.code)
    assert (idle_out["rank"], idle_out["total"], idle_out["reason"]) == (None, None, TOO_FEW_CASES)


def test_an_assessment_with_indicator_items_does_not_score_an_idle_unit(client, loop, settings):
    settings.CIVICGRID_RANKING_MIN_CASES = 5
    busy_department(loop)
    scheme = Scheme.objects.create(
        name="部门处置考评", subject="unit", levels=[{"name": "优秀", "min": 90}]
    )
    for n, (code, target) in enumerate([("handled_late", 10), ("overdue_unhandled", 10)]):
        SchemeItem.objects.create(
            scheme=scheme, title=code, weight=Decimal(50), rule="indicator", indicator=code,
            target=target, rated_by="system", order=n,
        )  # fmt: skip
    past = timezone.localdate() - dt.timedelta(days=1)
    rnd = round_start(
        scheme=scheme,
        name="10 月部门考评",
        period="2026-10",
        subjects=[loop.department, loop.other_department],
        scoring_due=past,
        appeals_due=past,
    )
    compute(rnd)
    got = {s.assessment.unit_id: s for s in standings(rnd)}
    busy, idle = got[loop.department.pk], got[loop.other_department.pk]
    assert busy.rank == 1 and busy.score == 90.0 and busy.level == "优秀" and not busy.reason
    assert (idle.score, idle.level, idle.rank) == (None, "", None)
    assert idle.reason == TOO_FEW_CASES and idle.cases == 0 and idle.scored == 0
    api = client.get(f"/api/v1/assessment-rounds/{rnd.pk}/standings", **bearer(loop.leader)).json()
    idle_out = next(s for s in api if s["subject"]["code"] == loop.other_department.code)
    assert (idle_out["rank"], idle_out["score"], idle_out["reason"]) == (None, None, TOO_FEW_CASES)
