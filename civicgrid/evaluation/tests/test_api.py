"""The evaluation API: the library, figures in scope (200) and out of it (404), the cases behind
a figure among those the caller sees, and bad input named."""

import pytest

from civicgrid.accounts.tests.factories import bearer

from .test_indicators import tianmen

pytestmark = pytest.mark.django_db


def get(client, user, path, **params):
    return client.get(f"/api/v1{path}", params, **bearer(user))


def test_the_library(client, loop):
    got = get(client, loop.operator, "/indicators").json()
    closing = next(i for i in got if i["code"] == "closing_rate")
    assert closing["name_zh"] == "结案率" and closing["name_en"] == "Closing rate"
    assert closing["numerator"] == "closed" and closing["denominator"] == "due_to_close"
    assert closing["direction"] == "higher" and closing["unit_zh"] == "%"


def test_area_figures_in_and_out_of_scope(client, loop):
    tianmen(loop)
    tree = loop.tree
    got = get(client, loop.leader, "/indicators/areas", period="2026-10").json()
    rows = {r["code"]: r for r in got["rows"]}
    assert rows[tree.district.code]["values"]["closing_rate"] == 93.72
    assert set(rows) == {tree.district.code, tree.street.code, tree.other_street.code}
    assert got["period"]["previous"] == "2026-09"
    # a grid worker: their grid is theirs, the district is not
    mine = get(client, loop.supervisor, "/indicators/areas", period="2026-10", compare="false")
    assert mine.status_code == 200 and mine.json()["rows"][0]["code"] == tree.grid1.code
    denied = get(
        client, loop.supervisor, "/indicators/areas", period="2026-10", area=tree.district.code
    )
    assert denied.status_code == 404
    assert get(client, loop.resident, "/indicators/areas", period="2026-10").status_code == 404
    bad = get(client, loop.leader, "/indicators/areas", period="2026-13")
    assert bad.status_code == 400 and bad.json()["field"] == "period"


def test_the_cases_behind_a_figure(client, loop):
    tianmen(loop)
    params = {"indicator": "closing_rate", "period": "2026-10", "limit": 500}
    first = get(client, loop.leader, "/indicators/cases", **params).json()
    second = get(
        client, loop.leader, "/indicators/cases", after=first["next_after"], **params
    ).json()
    assert len(first["items"]) == 500 and len(second["items"]) == 411  # the 911 closed
    assert all(c["state"] == "closed" for c in first["items"])
    # out of scope: another street's figure is not the grid worker's
    assert (
        get(
            client, loop.supervisor, "/indicators/cases", area=loop.tree.district.code, **params
        ).status_code
        == 404
    )
    unknown = get(client, loop.leader, "/indicators/cases", indicator="nothing", period="2026-10")
    assert unknown.status_code == 404
    no_unit = get(client, loop.leader, "/indicators/cases", indicator="handled", period="2026-10")
    assert no_unit.status_code == 400 and no_unit.json()["field"] == "unit"


def test_unit_figures_for_leaders_and_for_the_unit_itself(client, loop):
    got = get(client, loop.leader, "/indicators/units", period="2026-11", compare="false").json()
    assert loop.department.code in {r["code"] for r in got["rows"]}
    own = get(
        client, loop.handler, "/indicators/units", period="2026-11", unit=loop.department.code
    )
    assert own.status_code == 200
    other = get(
        client, loop.handler, "/indicators/units", period="2026-11", unit=loop.other_department.code
    )
    assert other.status_code == 404
    # asked for every department, a handler gets their own unit's only
    mine = get(client, loop.handler, "/indicators/units", period="2026-11", compare="false")
    assert [r["code"] for r in mine.json()["rows"]] == [loop.department.code]
    assert get(client, loop.resident, "/indicators/units", period="2026-11").json()["rows"] == []
