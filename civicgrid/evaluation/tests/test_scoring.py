"""Composite scores: points per indicator, the weighted mean, grades, and ranks with ties."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from civicgrid.accounts.tests.factories import bearer
from civicgrid.evaluation import periods
from civicgrid.evaluation.models import ScoreCard, ScoreItem
from civicgrid.evaluation.scoring import points, ranking, score

from .test_indicators import rows, tianmen

pytestmark = pytest.mark.django_db

OCTOBER = periods.parse("2026-10")


@pytest.mark.parametrize(
    ("code", "value", "target", "expected"),
    [
        ("closing_rate", 93.72, None, 93.72),  # a rate, higher is better
        ("public_report_rate", 30.0, None, 70.0),  # lower is better
        ("closed", 50, 200, 25.0),  # a count against its target
        ("closed", 500, 200, 100.0),  # … capped
        ("avg_handling_hours", 6, 24, 75.0),  # a time, lower is better
        ("avg_handling_hours", 30, 24, 0.0),  # … never below nothing
        ("closing_rate", None, None, None),  # nothing to divide by
    ],
)
def test_points(code, value, target, expected):
    assert points(code, value, target) == expected


def card(**kw) -> ScoreCard:
    c = ScoreCard.objects.create(name="街道月度考核", subject="area", level=3, **kw)
    ScoreItem.objects.create(card=c, indicator="closing_rate", weight=Decimal(60))
    ScoreItem.objects.create(card=c, indicator="on_time_closing_rate", weight=Decimal(40))
    return c


def test_weighted_mean_and_grades():
    c = card()
    total, items = score(c, {"closing_rate": 93.72, "on_time_closing_rate": 75.82})
    assert total == round((60 * 93.72 + 40 * 75.82) / 100, 2) == 86.56
    assert c.grade(total) == "B" and c.grade(90) == "A" and c.grade(39.99) == "E"
    assert items["closing_rate"] == (93.72, 93.72)
    # an item with nothing to divide by is left out, the others count in full
    assert score(c, {"closing_rate": 80.0, "on_time_closing_rate": None})[0] == 80.0
    assert score(c, {})[0] is None and c.grade(None) == ""


def test_streets_ranked(loop):
    tianmen(loop)  # every case in the east street
    c = card()
    ranked = ranking(c, loop.leader, OCTOBER)
    assert [s.row.code for s in ranked] == [loop.tree.street.code, loop.tree.other_street.code]
    first, second = ranked
    assert (first.rank, first.score, first.grade) == (1, 86.56, "B")
    assert second.score is None and second.rank is None  # nothing registered: no score


def test_equal_scores_share_a_rank(loop, settings):
    settings.CIVICGRID_RANKING_MIN_CASES = 4  # four cases each: enough to be rated
    closed = {"state": "closed", "closed_at": OCTOBER.start.replace(day=20), "closed_on_time": True}
    rows(loop, 4, **closed)
    rows(loop, 4, grid=loop.tree.other_grid, **closed)
    ranked = ranking(card(), loop.leader, OCTOBER)
    assert [(s.rank, s.score, s.grade) for s in ranked] == [(1, 100.0, "A"), (1, 100.0, "A")]


def test_a_card_must_say_whom_and_be_in_order(loop):
    with pytest.raises(ValidationError) as caught:
        ScoreCard(name="x", subject="area").full_clean()
    assert "level" in caught.value.message_dict
    with pytest.raises(ValidationError):
        ScoreCard(name="x", subject="person").full_clean()
    with pytest.raises(ValidationError) as caught:
        ScoreCard(name="x", subject="unit", grade_b=Decimal(95)).full_clean()
    assert "grade_b" in caught.value.message_dict
    c = card()
    for item, field in (
        (ScoreItem(card=c, indicator="nothing", weight=1), "indicator"),
        (ScoreItem(card=c, indicator="handling_rate", weight=1), "indicator"),  # a unit's
        (ScoreItem(card=c, indicator="closed", weight=1), "target"),  # a count needs one
    ):
        with pytest.raises(ValidationError) as caught:
            item.full_clean(exclude=["card"])
        assert field in caught.value.message_dict


def test_the_rankings_page_and_api(client, loop):
    tianmen(loop)
    c = card()
    client.force_login(loop.leader)
    url = reverse("evaluation:rankings")
    page = client.get(url, {"card": c.pk, "period": "2026-10"}).content.decode()
    assert "86.56" in page and loop.tree.street.name in page and "街道月度考核" in page
    xlsx = client.get(url, {"card": c.pk, "period": "2026-10", "format": "xlsx"})
    assert xlsx.content[:2] == b"PK"
    got = client.get(
        f"/api/v1/score-cards/{c.pk}/ranking", {"period": "2026-10"}, **bearer(loop.leader)
    ).json()
    assert got["rows"][0]["score"] == 86.56 and got["rows"][0]["grade"] == "B"
    assert got["rows"][0]["items"]["closing_rate"] == {"value": 93.72, "points": 93.72}
    assert got["card"]["grades"]["A"] == 90.0
    cards = client.get("/api/v1/score-cards", **bearer(loop.leader)).json()
    assert cards[0]["items"][0] == {"indicator": "closing_rate", "weight": 60.0, "target": None}
    # out of scope: a resident sees no area; an unknown card is not found
    resident = client.get(
        f"/api/v1/score-cards/{c.pk}/ranking", {"period": "2026-10"}, **bearer(loop.resident)
    )
    assert resident.status_code == 404
    assert (
        client.get(
            "/api/v1/score-cards/999/ranking", {"period": "2026-10"}, **bearer(loop.leader)
        ).status_code
        == 404
    )
    # a grid worker's ranking holds only what is within their scope
    client.force_login(loop.supervisor)
    mine = client.get(url, {"card": c.pk, "period": "2026-10"}).content.decode()
    assert loop.tree.other_street.name not in mine
