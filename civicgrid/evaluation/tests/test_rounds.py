"""Blocks and residents rate departments (块考条): who rates whom, once each, in the open round;
the averages withheld below the fewest sheets, never who rated; the result combined with the
indicator score and the residents' satisfaction."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from civicgrid.accounts.choices import Role, UnitKind
from civicgrid.accounts.tests.factories import bearer, unit_for, user_with_role
from civicgrid.core.errors import DomainError
from civicgrid.evaluation.models import (
    RatingDimension,
    RatingRound,
    RatingSheet,
    ScoreCard,
    ScoreItem,
)
from civicgrid.evaluation.rounds import rater_areas, results, sheet_save, units_to_rate

from .test_indicators import rows

pytestmark = pytest.mark.django_db


def a_round(**kw) -> RatingRound:
    today = timezone.localdate()
    rnd = RatingRound.objects.create(
        name="2026 年度块考条",
        period="2026-10",
        opens_on=today - dt.timedelta(days=1),
        closes_on=today + dt.timedelta(days=10),
        **kw,
    )
    for n, name in enumerate(["配合度", "服务态度", "处置成效"]):
        RatingDimension.objects.create(round=rnd, name=name, order=n, weight=Decimal(1))
    return rnd


def raters(loop, n: int) -> list:
    """``n`` street office staff of the east street."""
    return [user_with_role(f"street{i}", loop.tree.street, Role.LEADER) for i in range(n)]


def levels(rnd, *marks) -> dict:
    return {str(d.pk): m for d, m in zip(rnd.dimensions.all(), marks, strict=True)}


def test_who_rates_whom(loop):
    rnd = a_round()
    street = raters(loop, 1)[0]
    assert [a for a, _area in rater_areas(street, rnd)] == ["street"]
    rated = {u.pk for u in units_to_rate(street, rnd)}
    assert rated == {loop.department.pk, loop.other_department.pk}  # district-wide departments
    council = user_with_role("council", loop.tree.community, Role.COUNCIL_MEMBER)
    assert [a for a, _area in rater_areas(council, rnd)] == ["resident"]
    assert rater_areas(loop.operator, rnd) == []  # the grid centre does not rate
    rnd.by_residents = False
    assert rater_areas(council, rnd) == []


def test_one_sheet_per_rater_and_unit_changed_while_open(loop):
    rnd = a_round()
    street = raters(loop, 1)[0]
    sheet_save(rnd=rnd, rater=street, unit=loop.department, levels=levels(rnd, 5, 4, 3))
    sheet_save(rnd=rnd, rater=street, unit=loop.department, levels=levels(rnd, 1, 1, 1))
    assert RatingSheet.objects.get().scores.count() == 3
    assert {s.level for s in RatingSheet.objects.get().scores.all()} == {1}
    with pytest.raises(DomainError) as caught:
        sheet_save(rnd=rnd, rater=street, unit=loop.department, levels={})
    assert caught.value.field.startswith("levels.")
    with pytest.raises(DomainError) as caught:
        sheet_save(rnd=rnd, rater=loop.operator, unit=loop.department, levels=levels(rnd, 5, 5, 5))
    assert caught.value.field == "round"
    with pytest.raises(DomainError) as caught:
        sheet_save(rnd=rnd, rater=street, unit=loop.street_office, levels=levels(rnd, 5, 5, 5))
    assert caught.value.field == "unit"
    rnd.closes_on = timezone.localdate() - dt.timedelta(days=1)
    rnd.save()
    with pytest.raises(DomainError) as caught:
        sheet_save(rnd=rnd, rater=street, unit=loop.department, levels=levels(rnd, 5, 5, 5))
    assert caught.value.field == "round"


def test_results_withheld_below_the_fewest_sheets_then_combined(loop, settings):
    settings.CIVICGRID_RANKING_MIN_CASES = 4  # four cases each: enough to be rated
    card = ScoreCard.objects.create(name="部门处置", subject="unit")
    ScoreItem.objects.create(card=card, indicator="handling_rate", weight=1)
    rnd = a_round(card=card)
    people = raters(loop, 3)
    sheet_save(
        rnd=rnd,
        rater=people[0],
        unit=loop.department,
        levels=levels(rnd, 5, 5, 5),
        comment="配合很好",
    )
    sheet_save(rnd=rnd, rater=people[1], unit=loop.department, levels=levels(rnd, 4, 4, 4))
    first = results(rnd, [loop.department])[0]
    assert first.sheets == 2 and first.withheld and first.ratings is None and first.comments == []
    sheet_save(rnd=rnd, rater=people[2], unit=loop.department, levels=levels(rnd, 3, 3, 3))
    # the department led cases in October: 3 handled of 4 due; residents rated 2, both satisfied
    october = {
        "lead_unit": loop.department,
        "dispatched_at": dt.datetime(2026, 10, 10, 11, tzinfo=dt.UTC),
    }
    handled = dt.datetime(2026, 10, 11, tzinfo=dt.UTC)
    rows(loop, 3, handled_at=handled, handle_due_at=handled, rating="satisfied", **october)
    rows(loop, 1, state="handling", handle_due_at=handled, **october)
    got = results(rnd, [loop.department, loop.other_department])
    mine = next(r for r in got if r.unit == loop.department)
    assert mine.sheets == 3 and not mine.withheld and mine.comments == ["配合很好"]
    assert mine.ratings == 80.0  # (100 + 80 + 60) / 3
    assert set(mine.dimensions.values()) == {80.0}
    assert mine.indicators == 75.0 and mine.satisfaction == 100.0
    assert mine.total == round(0.5 * 80 + 0.3 * 75 + 0.2 * 100, 2) == 82.5
    assert (mine.grade, mine.rank) == ("B", 1)
    other = next(r for r in got if r.unit == loop.other_department)
    assert other.total is None and other.rank is None


def test_a_round_checks_its_period_dates_and_weights(loop):
    rnd = RatingRound(
        name="x",
        period="soon",
        opens_on=dt.date(2026, 12, 1),
        closes_on=dt.date(2026, 11, 1),
        ratings_weight=Decimal(50),
        indicators_weight=Decimal(50),
        satisfaction_weight=Decimal(50),
    )
    with pytest.raises(ValidationError) as caught:
        rnd.full_clean()
    assert {"period", "closes_on", "ratings_weight"} <= set(caught.value.message_dict)
    assert unit_for(loop.tree.street, UnitKind.STREET_OFFICE) == loop.street_office


def test_pages_and_api(client, loop):
    rnd = a_round(min_sheets=1)
    street = raters(loop, 1)[0]
    client.force_login(street)
    page = client.get(reverse("evaluation:round_rate", args=[rnd.pk])).content.decode()
    assert loop.department.name in page and "配合度" in page
    d = list(rnd.dimensions.all())
    posted = client.post(
        reverse("evaluation:round_sheet", args=[rnd.pk]),
        {"unit": loop.department.pk, "comment": "好", **{f"level-{x.pk}": 4 for x in d}},
    )
    assert posted.status_code == 302 and RatingSheet.objects.count() == 1
    missing = client.post(
        reverse("evaluation:round_sheet", args=[rnd.pk]), {"unit": loop.department.pk}
    )
    assert missing.status_code == 302 and RatingSheet.objects.get().comment == "好"  # unchanged
    # the page shows the sheet given (the levels checked, the comment) and the list offers rating
    again = client.get(reverse("evaluation:round_rate", args=[rnd.pk])).content.decode()
    assert again.count('value="4" required checked') == len(d) and ">好</textarea>" in again
    listed = client.get(reverse("evaluation:rounds")).content.decode()
    assert reverse("evaluation:round_rate", args=[rnd.pk]) in listed
    # the rated department's handler sees its averages and the comment, never the rater
    client.force_login(loop.handler)
    results_page = client.get(reverse("evaluation:round_results", args=[rnd.pk])).content.decode()
    assert "80" in results_page and "好" in results_page and street.username not in results_page
    assert loop.other_department.name not in results_page
    assert client.get(reverse("evaluation:round_rate", args=[rnd.pk])).status_code == 404
    # the API: the same, in scope
    got = client.get(f"/api/v1/rating-rounds/{rnd.pk}/results", **bearer(loop.handler)).json()
    assert [r["unit"] for r in got] == [loop.department.code] and got[0]["ratings"] == 80.0
    sheet = client.post(
        f"/api/v1/rating-rounds/{rnd.pk}/sheets",
        {"unit": loop.other_department.code, "levels": {str(x.pk): 5 for x in d}},
        content_type="application/json",
        **bearer(street),
    )
    assert sheet.status_code == 200 and RatingSheet.objects.count() == 2
    bad = client.post(
        f"/api/v1/rating-rounds/{rnd.pk}/sheets",
        {"unit": loop.other_department.code, "levels": {}},
        content_type="application/json",
        **bearer(street),
    )
    assert bad.status_code == 400 and bad.json()["field"].startswith("levels.")
    assert (
        client.get(f"/api/v1/rating-rounds/{rnd.pk}/results", **bearer(loop.resident)).status_code
        == 404
    )
    rounds_list = client.get("/api/v1/rating-rounds", **bearer(street)).json()
    assert set(rounds_list[0]["units_to_rate"]) == {
        loop.department.code,
        loop.other_department.code,
    }


def test_results_export(client, loop):
    rnd = a_round()
    client.force_login(loop.leader)
    got = client.get(reverse("evaluation:round_results", args=[rnd.pk]), {"format": "xlsx"})
    assert got.status_code == 200 and got.content[:2] == b"PK"
