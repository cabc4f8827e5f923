"""``civicgrid indicators``: table, JSON and xlsx, for areas and for departments."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from .test_indicators import tianmen

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command("indicators", *args, stdout=out)
    return out.getvalue()


def test_json_for_the_district_and_the_streets_below(loop, capsys):
    tianmen(loop)
    run("--area", loop.tree.district.code, "--period", "2026-10", "--format", "json")
    got = json.loads(capsys.readouterr().out)
    assert got["period"]["previous"] == "2026-09" and got["period"]["year_before"] == "2025-10"
    rows = {r["code"]: r for r in got["rows"]}
    district = rows[loop.tree.district.code]
    assert district["values"]["closing_rate"] == 93.72
    assert district["previous"]["registered"] == 0
    assert rows[loop.tree.street.code]["values"]["closed"] == 911
    assert rows[loop.tree.other_street.code]["values"]["closed"] == 0
    names = {i["code"]: i["name_zh"] for i in got["indicators"]}
    assert names["closing_rate"] == "结案率" and names["on_time_closing_rate"] == "按期结案率"


def test_table_and_xlsx(loop, capsys, tmp_path):
    tianmen(loop)
    run("--period", "2026-10", "--no-compare")
    table = capsys.readouterr().out
    line = next(ln for ln in table.splitlines() if ln.startswith("结案率"))
    assert "93.72" in line and "—" in line  # the other street has nothing to divide by
    path = tmp_path / "october.xlsx"
    assert "written" in run("--period", "2026-10", "--format", "xlsx", "--output", str(path))
    book = load_workbook(path)
    assert book.sheetnames == ["2026-10", "指标定义"]
    values = {r[0]: r[2] for r in book["2026-10"].iter_rows(values_only=True)}
    assert values["按期结案率"] == 75.82


def test_departments(loop, capsys):
    run("--units", "--period", "2026-11", "--format", "json", "--no-compare")
    got = json.loads(capsys.readouterr().out)
    assert {r["code"] for r in got["rows"]} >= {loop.department.code}
    assert all("handling_rate" in r["values"] for r in got["rows"])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--period", "2026-13"], "--period"),
        (["--period", "2026-10", "--area", "nowhere"], "--area"),
        (["--period", "2026-10", "--unit", "nowhere"], "--unit"),
        (["--period", "2026-10", "--format", "xlsx"], "--output"),
    ],
)
def test_bad_arguments_are_named(loop, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)
