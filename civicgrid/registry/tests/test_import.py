import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from openpyxl import load_workbook

from civicgrid.accounts.choices import Role
from civicgrid.accounts.tests.factories import bearer, user_with_role
from civicgrid.core.idnumber import upgrade_15
from civicgrid.registry.importing import register_import
from civicgrid.registry.models import Building, House, Household, Person, PersonTag, Residence
from civicgrid.registry.tests.factories import id_for, xlsx_bytes

pytestmark = pytest.mark.django_db

BUILDINGS = [
    ["楼栋编码", "名称", "地址", "网格编码", "类型", "层数", "经度", "纬度"],
    ["B1", "一号楼", "示范路1号", "310104001001001", "住宅", "6", "", ""],
    ["B2", "二号楼", "示范路2号", "", "商住混合", "18", "121.43", "31.12"],
]
PERSON_HEADER = [
    "姓名",
    "证件号码",
    "联系电话",
    "人口类型",
    "楼栋编码",
    "单元",
    "房号",
    "居住方式",
    "户号",
    "与户主关系",
    "标签",
]


def person_rows():
    return [
        [
            "张三",
            id_for(1),
            "13812345678",
            "户籍",
            "B1",
            "1",
            "101",
            "自住",
            "H1",
            "本人",
            "党员、志愿者",
        ],
        ["李四", id_for(2, "F"), "", "常住", "B1", "1", "101", "自住", "H1", "配偶", ""],
        [
            "王五",
            id_for(3),
            "021-64871234",
            "流动",
            "B2",
            "",
            "1801",
            "租住",
            "H2",
            "本人",
            "独居老人",
        ],
    ]


def as_csv(header, rows) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8-sig")


@pytest.fixture
def buildings(tree):
    report = register_import(
        kind="buildings", path="b.csv", data=as_csv(BUILDINGS[0], BUILDINGS[1:])
    )
    assert report.ok, report.errors
    return report


def test_buildings_import_locates_by_coordinates(buildings, tree):
    assert buildings.created == 2
    assert Building.objects.get(code="B2").grid == tree.grid2


def test_persons_import_creates_households_houses_tags_and_residences(buildings, tree):
    report = register_import(
        kind="persons", path="p.xlsx", data=xlsx_bytes(PERSON_HEADER, person_rows())
    )
    assert report.ok, [str(e) for e in report.errors]
    assert (report.created, report.updated) == (3, 0)
    zhang = Person.objects.get(name="张三")
    assert zhang.grid == tree.grid1 and zhang.household.number == "H1" and zhang.relation == "head"
    assert zhang.id_number_masked == id_for(1)[:6] + "********" + id_for(1)[-4:]
    assert zhang.reveal("id_number") == id_for(1)
    assert set(zhang.tags.values_list("code", flat=True)) == {"party_member", "volunteer"}
    assert Household.objects.get(number="H2").grid == tree.grid2
    assert House.objects.count() == 2 and Residence.objects.count() == 3


def test_reimport_changes_nothing_and_edits_update(buildings):
    data = xlsx_bytes(PERSON_HEADER, person_rows())
    register_import(kind="persons", path="p.xlsx", data=data)
    stamp = list(Person.objects.order_by("id").values_list("updated_at", "phone_enc"))
    again = register_import(kind="persons", path="p.xlsx", data=data)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert list(Person.objects.order_by("id").values_list("updated_at", "phone_enc")) == stamp
    rows = person_rows()
    rows[0][10] = "党员"  # drop a tag
    rows[1][2] = "13900001111"  # add a phone
    changed = register_import(kind="persons", path="p.xlsx", data=xlsx_bytes(PERSON_HEADER, rows))
    assert (changed.created, changed.updated, changed.unchanged) == (0, 2, 1)
    assert Person.objects.get(name="李四").phone_masked == "139****1111"
    assert PersonTag.objects.filter(person__name="张三").count() == 1


def test_bad_rows_write_nothing_and_report_row_column_value(buildings, tmp_path):
    rows = person_rows()
    rows[1][1] = id_for(2)[:-1] + ("0" if id_for(2)[-1] != "0" else "1")  # wrong check digit
    rows[2][3] = "火星人"
    rows.append(["赵六", id_for(1), "", "户籍", "B9", "", "1", "自住", "", "", "不存在的标签"])
    report_path = tmp_path / "errors.xlsx"
    report = register_import(
        kind="persons",
        path="p.xlsx",
        data=xlsx_bytes(PERSON_HEADER, rows),
        error_report=report_path,
    )
    assert not report.ok
    found = {(e.row, e.column) for e in report.errors}
    assert (3, "证件号码") in found
    assert (4, "人口类型") in found
    assert (5, "楼栋编码") in found and (5, "标签") in found
    assert (
        Person.objects.count() == 0
        and Household.objects.count() == 0
        and House.objects.count() == 0
    )
    ws = load_workbook(report_path).active
    assert ws.cell(1, len(PERSON_HEADER) + 1).value.startswith("错误")
    assert (
        "check character" in ws.cell(3, len(PERSON_HEADER) + 1).value
        or "校验" in ws.cell(3, len(PERSON_HEADER) + 1).value
    )
    assert ws.cell(2, len(PERSON_HEADER) + 1).value in ("", None)


def test_duplicate_id_in_one_file_names_the_first_row(buildings):
    rows = person_rows()
    rows.append(["张三二", id_for(1), "", "户籍", "B1", "1", "102", "自住", "", "", ""])
    report = register_import(kind="persons", path="p.xlsx", data=xlsx_bytes(PERSON_HEADER, rows))
    assert [(e.row, e.column) for e in report.errors] == [(5, "证件号码")]
    assert "2" in report.errors[0].reason


def test_missing_required_column_is_reported_on_the_header(tree):
    report = register_import(
        kind="persons", path="p.csv", data=as_csv(["姓名", "人口类型"], [["张三", "户籍"]])
    )
    assert [(e.row, e.column) for e in report.errors] == [(1, "证件号码")]


def test_legacy_15_digit_number_is_upgraded(tree):
    header = ["姓名", "证件号码", "人口类型", "网格编码"]
    report = register_import(
        kind="persons",
        path="p.csv",
        data=as_csv(header, [["老王", "310104650101123", "户籍", "310104001001001"]]),
    )
    assert report.ok, report.errors
    stored = Person.objects.get().reveal("id_number")
    assert stored == upgrade_15("310104650101123")
    assert stored.startswith("31010419650101123")


def test_dry_run_validates_and_writes_nothing(buildings):
    report = register_import(
        kind="persons", path="p.xlsx", data=xlsx_bytes(PERSON_HEADER, person_rows()), dry_run=True
    )
    assert report.ok and report.created == 3 and not report.written
    assert Person.objects.count() == 0


def test_scope_out_of_grid_is_refused(buildings, tree):
    user = user_with_role("gl", tree.grid1, Role.GRID_LEADER)
    report = register_import(
        kind="persons", path="p.xlsx", data=xlsx_bytes(PERSON_HEADER, person_rows()), user=user
    )
    assert [(e.row, e.column) for e in report.errors] == [(4, "网格编码")]
    assert Person.objects.count() == 0


def test_english_headers_are_accepted(tree):
    header = ["Name", "ID number", "Residence type", "Grid code"]
    report = register_import(
        kind="persons",
        path="p.csv",
        data=as_csv(header, [["Ann", id_for(9, "F"), "registered", "310104001001002"]]),
    )
    assert report.ok, report.errors


def test_gb18030_csv_is_read(tree):
    text = f"姓名,证件号码,人口类型,网格编码\n张三,{id_for(5)},户籍,310104001001001\n"
    report = register_import(kind="persons", path="p.csv", data=text.encode("gb18030"))
    assert report.ok, report.errors


def test_cli_import_fails_with_report_and_nonzero_status(buildings, tmp_path, capsys):
    rows = person_rows()
    rows[0][3] = "??"
    path = tmp_path / "p.xlsx"
    path.write_bytes(xlsx_bytes(PERSON_HEADER, rows))
    with pytest.raises(CommandError, match=r"nothing was written|未写入任何数据"):
        call_command("import", "persons", str(path))
    assert (tmp_path / "p.errors.xlsx").exists()
    assert "人口类型" in capsys.readouterr().err
    rows[0][3] = "户籍"
    path.write_bytes(xlsx_bytes(PERSON_HEADER, rows))
    call_command("import", "persons", str(path))
    assert Person.objects.count() == 3


def test_template_has_headers_and_instructions(tmp_path):
    out = tmp_path / "t.xlsx"
    call_command("template", "persons", "--output", str(out))
    wb = load_workbook(out)
    assert [c.value for c in wb["数据"][1]][:2] == ["姓名", "证件类型"]
    assert wb["填写说明"].cell(2, 1).value == "姓名"


def test_raw_columns_hold_no_plaintext_id_or_phone(buildings):
    register_import(kind="persons", path="p.xlsx", data=xlsx_bytes(PERSON_HEADER, person_rows()))
    secrets = [id_for(1), id_for(2, "F"), id_for(3), "13812345678", "02164871234"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM registry_person")
        dump = repr(cursor.fetchall())
    assert all(s not in dump for s in secrets)
    assert "138****5678" in dump  # the masked form is stored for lists


def test_the_api_imports_all_or_nothing_naming_row_and_column(client, buildings, tree):
    def post(user, data, name="p.xlsx", **form):
        upload = SimpleUploadedFile(name, data)
        return client.post(
            "/api/v1/register/imports", {"kind": "persons", "file": upload, **form}, **bearer(user)
        )

    grid_leader = user_with_role("gl", tree.grid1, Role.GRID_LEADER)
    street = user_with_role("sl", tree.street, Role.GRID_LEADER)
    # B2 lies in no grid of the grid leader's: refused, row and column named, nothing written
    refused = post(grid_leader, xlsx_bytes(PERSON_HEADER, person_rows()))
    assert refused.status_code == 400 and refused.json()["code"] == "invalid_rows"
    assert [(e["row"], e["column"]) for e in refused.json()["errors"]] == [(4, "网格编码")]
    assert refused.json()["field"] == "网格编码" and Person.objects.count() == 0
    preview = post(street, xlsx_bytes(PERSON_HEADER, person_rows()), dry_run="true")
    assert preview.status_code == 200 and preview.json()["created"] == 3
    assert preview.json()["written"] is False and Person.objects.count() == 0
    done = post(street, as_csv(PERSON_HEADER, person_rows()), name="p.csv")
    assert done.status_code == 200 and done.json()["written"] is True
    assert Person.objects.count() == 3
    bad_file = post(street, b"not a workbook")
    assert bad_file.status_code == 400 and bad_file.json()["field"] == "file"
    wrong_type = post(street, b"x", name="p.pdf")
    assert wrong_type.status_code == 400 and wrong_type.json()["field"] == "file"
    handler = user_with_role("h", tree.district, Role.HANDLER)
    assert post(handler, as_csv(PERSON_HEADER, person_rows()), name="p.csv").status_code == 404


def test_the_import_reads_existing_rows_as_the_orm_does(buildings):
    """The upsert's look-up of existing keys sends one array on PostgreSQL: what it reads, with
    every field's converters, is what values_list reads, for every model the import upserts."""
    from civicgrid.registry.importing.persons import PERSON_COMPARE
    from civicgrid.registry.importing.upsert import lookup

    register_import(kind="persons", path="p.xlsx", data=xlsx_bytes(PERSON_HEADER, person_rows()))
    for model, key in ((Person, "id_number_index"), (Building, "code"), (Household, "number")):
        keys = list(model.objects.values_list(key, flat=True))
        fields = ["id", key] + (
            list(PERSON_COMPARE)
            if model is Person
            else [f.attname for f in model._meta.concrete_fields if f.attname not in ("id", key)]
        )
        read = sorted(lookup(model, key, keys, fields))
        assert read == sorted(model.objects.values_list(*fields)), model
        assert len(read) == len(keys) > 0
