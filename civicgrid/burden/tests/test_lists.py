"""Duty lists as people keep them: imports all-or-nothing with every problem by row and column,
exports, the public page, who may import, and the command."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from civicgrid.accounts.models import User
from civicgrid.burden.lists import export_rows, import_list
from civicgrid.duties.models import CommunityKind, ListVersion
from civicgrid.duties.services import in_force, version_save
from civicgrid.duties.tests.test_lists import xlsx
from civicgrid.registry.importing.table import read_table

pytestmark = pytest.mark.django_db


def test_an_import_writes_all_or_nothing_naming_row_and_column(loop):
    urban = CommunityKind.objects.get(code="urban")
    bad = xlsx(
        [
            ["A-01", "协助征兵宣传", "《兵役法》", loop.department.code, 4, 2, 1, 3000, ""],
            ["A-02", "协助消防检查", "", "没有这个部门", "x", 0, 0, 1000, ""],
            ["A-01", "重复编号", "", loop.department.code, 1, 0, 0, 0, "ZZZZZ"],
        ]
    )
    version, errors = import_list(
        kind=urban,
        list_type="assisting",
        header=(t := read_table("f.xlsx", data=bad))[0],
        rows=t[1],
        effective_from=dt.date(2026, 1, 1),
    )
    assert version is None and not ListVersion.objects.exists()
    where = {(e.row, e.column) for e in errors}
    assert {(3, "部门"), (3, "每月工时"), (4, "案件类别")} <= where
    good = xlsx([["A-01", "协助征兵宣传", "《兵役法》", loop.department.code, 4, 2, 1, 3000, ""]])
    header, rows = read_table("f.xlsx", data=good)
    version, errors = import_list(
        kind=urban,
        list_type="assisting",
        header=header,
        rows=rows,
        effective_from=dt.date(2026, 1, 1),
    )
    assert errors == [] and version.items.get().funding_per_year == 3000
    # an assisting task without its paying department is refused at its row
    unpaid = xlsx([["A-09", "协助统计", "", "", 1, 0, 0, "", ""]])
    header, rows = read_table("f.xlsx", data=unpaid)
    _v, errors = import_list(
        kind=urban,
        list_type="assisting",
        header=header,
        rows=rows,
        effective_from=dt.date(2026, 2, 1),
    )
    assert {(e.row, e.column) for e in errors} == {(2, "部门"), (2, "年度经费")}
    header, body = export_rows(in_force(urban, "assisting", dt.date(2026, 1, 2)))
    assert header[0] == "编号" and body[0][:2] == ["A-01", "协助征兵宣传"]


def test_the_public_page_and_who_may_import(client, loop):
    urban = CommunityKind.objects.get(code="urban")
    version_save(
        kind=urban,
        list_type="negative",
        items=[{"code": "N-01", "title": "不得要求社区开具无法核实的证明"}],
        effective_from=dt.date(2026, 1, 1),
    )
    page = client.get(reverse("duties:lists"))  # no login
    assert page.status_code == 200 and "不得要求社区开具无法核实的证明" in page.content.decode()
    url = reverse("duties:import", args=["urban", "negative"])
    client.force_login(loop.leader)
    assert client.get(url).status_code == 404
    admin = User.objects.create_superuser("root", password="pw-for-tests-123")
    client.force_login(admin)
    data = xlsx([["N-01", "不得要求社区开具无法核实的证明", "", "", "", "", "", "", "06010"]])
    upload = io.BytesIO(data)
    upload.name = "negative.xlsx"
    done = client.post(url, {"file": upload, "effective_from": "2026-12-01", "note": "加入类别"})
    assert done.status_code == 302
    latest = in_force(urban, "negative", dt.date(2026, 12, 1))
    assert latest.number == 2 and [c.code for c in latest.items.get().case_classes.all()] == [
        "06010"
    ]
    exported = client.get(
        reverse("duties:export", args=["urban", "negative"]), {"on": "2026-12-02"}
    )
    book = load_workbook(io.BytesIO(exported.content))
    assert list(book.active.iter_rows(values_only=True))[1][10] == "06010"
    assert client.get(reverse("duties:history", args=["urban", "nothing"])).status_code == 404


def test_the_command(loop, tmp_path, capsys):
    path = tmp_path / "statutory.xlsx"
    path.write_bytes(
        xlsx([["S-01", "居民自治事务", "《城市居民委员会组织法》", "", 10, 0, 12, "", ""]])
    )
    out = io.StringIO()
    call_command(
        "duties", "import", "urban", "statutory", str(path), "--from", "2026-01-01", stdout=out
    )
    assert "version 1" in out.getvalue()
    call_command("duties", "export", "urban", "statutory")
    assert "居民自治事务" in capsys.readouterr().out
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(xlsx([["", "无编号", "", "", "", "", "", "", ""]]))
    with pytest.raises(CommandError, match="nothing was written"):
        call_command(
            "duties",
            "import",
            "urban",
            "statutory",
            str(bad),
            "--from",
            "2026-02-01",
            stderr=io.StringIO(),
        )
    with pytest.raises(CommandError, match="kind"):
        call_command("duties", "export", "town", "statutory")
