"""Evaluation as its readers see it (issue 18 §5): one way of writing each kind of number,
every ranking column headed with its unit, same-named communities told apart by their street."""

from decimal import Decimal

import pytest
from django.urls import reverse

from civicgrid.areas.models import Area
from civicgrid.areas.services import AreaInput, areas_import
from civicgrid.evaluation.definitions import LIBRARY, rounded, shown, shown_change
from civicgrid.evaluation.models import ScoreCard, ScoreItem
from civicgrid.evaluation.views import row_labels

from .test_indicators import rows, tianmen


@pytest.mark.parametrize(
    ("unit", "value", "text"),
    [
        ("%", 93.7234, "93.7%"),
        ("%", 100, "100.0%"),
        ("%", 0.04, "0.0%"),
        ("cases", 996, "996"),
        ("cases", 12345, "12,345"),
        ("steps", 3.0, "3"),
        ("hours", 2.456, "2.5"),
        ("service", 10, "10.0"),
        ("points", 86.5, "86.50"),
        ("%", None, "—"),
        ("points", None, "—"),
    ],
)
def test_one_way_to_write_each_kind_of_number(unit, value, text):
    assert shown(unit, value) == text


def test_every_indicator_has_its_way_of_writing():
    for indicator in LIBRARY:
        assert shown(indicator.unit, 1.25)  # no KeyError: each unit has its rule
    assert rounded("%", 93.7234) == 93.7 and rounded("cases", 4.0) == 4
    assert rounded("points", 86.555) == 86.56 or rounded("points", 86.555) == 86.55
    assert shown_change("%", 1.234) == "+1.2" and shown_change("cases", -50) == "-50.0"


@pytest.mark.django_db
def test_the_figures_page_writes_rates_with_one_decimal(client, loop):
    tianmen(loop)
    client.force_login(loop.leader)
    html = client.get(reverse("evaluation:figures"), {"period": "2026-10"}).content.decode()
    assert "93.7%" in html and "93.72" not in html
    assert ">996<" in html  # a count, whole


def _card(level=4) -> ScoreCard:
    c = ScoreCard.objects.create(name="社区月度考核", subject="area", level=level)
    ScoreItem.objects.create(card=c, indicator="closing_rate", weight=Decimal(60))
    ScoreItem.objects.create(card=c, indicator="registered", weight=Decimal(40), target=10)
    return c


def _twin_community(loop) -> Area:
    """A community of the other street named like the first street's."""
    areas_import([AreaInput("310104002099", loop.tree.community.name)])
    return Area.objects.get(code="310104002099")


@pytest.mark.django_db
def test_same_named_communities_are_shown_with_their_street(client, loop, settings):
    settings.CIVICGRID_RANKING_MIN_CASES = 1
    twin = _twin_community(loop)
    labels = row_labels([loop.tree.community, twin, loop.tree.other_community])
    name = loop.tree.community.name
    assert labels[loop.tree.community.pk] == f"{name}（{loop.tree.street.name}）"
    assert labels[twin.pk] == f"{name}（{loop.tree.other_street.name}）"
    assert labels[loop.tree.other_community.pk] == loop.tree.other_community.name  # unique
    # on a ranking page: two grids of two communities, one name (a community card ranks
    # only where it is admitted; the rule that labels them is the same)
    Area.objects.filter(pk=loop.tree.other_grid.pk).update(name=loop.tree.grid1.name)
    rows(loop, 3, state="closed", closed_on_time=True)
    card = _card(level=5)
    client.force_login(loop.leader)
    page = client.get(reverse("evaluation:rankings"), {"card": card.pk, "period": "2026-10"})
    html = page.content.decode()
    grid = loop.tree.grid1.name
    assert f"{grid}（{loop.tree.community.name}）" in html
    assert f"{grid}（{loop.tree.other_community.name}）" in html
    assert loop.tree.grid2.name in html and f"{loop.tree.grid2.name}（" not in html


@pytest.mark.django_db
def test_ranking_columns_are_headed_with_their_units(client, loop, settings):
    settings.CIVICGRID_RANKING_MIN_CASES = 1
    rows(loop, 3, state="closed", closed_on_time=True)
    card = _card(level=3)
    client.force_login(loop.leader)
    html = client.get(
        reverse("evaluation:rankings"), {"card": card.pk, "period": "2026-10"}
    ).content.decode()
    table = html.split('<table class="table table-sm table-hover align-middle ranking">')[1]
    head, body = table.split("</tbody>")[0].split("<tbody>")
    first_row = body.split("</tr>")[0]
    headers = head.count("<th ") - 2  # the two indicators' group headers span their columns
    assert headers == first_row.count("<td")  # a header over every column
    assert "得分（分）" in head or "Score (points)" in head
    units = [th.split("</th>")[0] for th in head.split('fw-normal">')[1:]]
    assert any("%" in u for u in units)  # the closing rate's unit
    assert any("案件" in u for u in units)  # the count's unit
    assert ">3<" in first_row and ">70.00<" in first_row  # a count whole, points with two
