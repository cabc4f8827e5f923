"""The evaluation pages: figures in scope (200) and out (404), drill-down to the cases, the
library, xlsx, and a bad period said on the page."""

import pytest
from django.urls import reverse

from civicgrid.web.tests.browser import DESKTOP

from .test_indicators import tianmen

pytestmark = pytest.mark.django_db


def test_the_district_and_its_streets(client, loop):
    tianmen(loop)
    client.force_login(loop.leader)
    page = client.get(reverse("evaluation:figures"), {"period": "2026-10"})
    html = page.content.decode()
    assert page.status_code == 200 and "93.7%" in html and "75.8%" in html  # one decimal
    assert f"?area={loop.tree.street.code}&amp;period=2026-10" in html  # drill down
    assert "indicator=closing_rate&amp;period=2026-10&amp;area=" in html  # the cases behind
    street = client.get(
        reverse("evaluation:figures"), {"period": "2026-10", "area": loop.tree.street.code}
    )
    assert street.status_code == 200 and loop.tree.community.name in street.content.decode()
    xlsx = client.get(reverse("evaluation:figures"), {"period": "2026-10", "format": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxml") and xlsx.content[:2] == b"PK"


def test_a_bad_period_is_said_and_last_month_shown(client, loop):
    client.force_login(loop.leader)
    page = client.get(reverse("evaluation:figures"), {"period": "2026-13"})
    assert page.status_code == 200 and "不是有效的期间" in page.content.decode()


def test_out_of_scope(client, loop):
    client.force_login(loop.supervisor)
    url = reverse("evaluation:figures")
    assert (
        client.get(url, {"period": "2026-10", "area": loop.tree.district.code}).status_code == 404
    )
    assert client.get(url, {"period": "2026-10"}).status_code == 200  # their grid
    cases = reverse("evaluation:cases")
    params = {"indicator": "closed", "period": "2026-10", "area": loop.tree.district.code}
    assert client.get(cases, params).status_code == 404
    client.force_login(loop.handler)  # a department's handler: their unit's figures
    page = client.get(url, {"period": "2026-10"})
    assert page.status_code == 200 and loop.department.name in page.content.decode()
    other = {"subject": "unit", "unit": loop.other_department.code, "period": "2026-10"}
    assert client.get(url, other).status_code == 404


def test_the_cases_behind_a_figure_and_the_library(client, loop):
    tianmen(loop)
    client.force_login(loop.leader)
    params = {"indicator": "closing_rate", "period": "2026-10", "area": loop.tree.district.code}
    page = client.get(reverse("evaluation:cases"), params)
    html = page.content.decode()
    assert page.status_code == 200 and "911" in html and "after=" in html  # 50 a page
    assert client.get(reverse("evaluation:cases"), {**params, "indicator": "x"}).status_code == 404
    bad = client.get(reverse("evaluation:cases"), {**params, "period": "soon"})
    assert bad.status_code == 400
    library = client.get(reverse("evaluation:library")).content.decode()
    assert "结案率" in library and 'id="closing_rate"' in library


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_chart_draws_and_a_figure_opens_its_cases(open_page, loop):
    tianmen(loop)
    page = open_page(loop.leader, viewport=DESKTOP)
    page.goto("/evaluation/?period=2026-10")
    page.locator("#figures-chart[data-drawn] canvas").wait_for()
    page.locator('#figures a[href*="indicator=closing_rate"]').first.click()  # the district's
    page.wait_for_url("**/evaluation/cases/**")
    # the page's text, not its source: a random CSRF token may hold any three digits
    assert "911" in page.inner_text("main")
