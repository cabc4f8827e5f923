"""Every import (register persons, buildings and households; duty lists) reads its file a row at
a time within limits, and bad input is a clear 400 naming the row and column or the file —
never a 500: cells longer than their column, NUL bytes, zip bombs, too many rows or bytes."""

import csv
import io
import tracemalloc
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook

from civicgrid.accounts.choices import Role
from civicgrid.accounts.models import User
from civicgrid.accounts.tests.factories import bearer, user_with_role
from civicgrid.core.errors import DomainError
from civicgrid.duties.models import ListVersion
from civicgrid.duties.tests.test_lists import HEADER, xlsx
from civicgrid.registry.importing import register_import
from civicgrid.registry.importing.table import NO_LIMITS, read_table
from civicgrid.registry.models import Building, Household, Person
from civicgrid.registry.tests.factories import id_for, xlsx_bytes

from .test_import import BUILDINGS, as_csv

pytestmark = pytest.mark.django_db

PERSONS = ["姓名", "证件号码", "人口类型", "网格编码", "户号"]


def person(name="王五", household="", n=7):
    return [name, id_for(n), "户籍", "310104001001001", household]


@pytest.fixture
def street(tree):
    return user_with_role("sl", tree.street, Role.GRID_LEADER)


def post(client, user, data, name, kind="persons"):
    upload = SimpleUploadedFile(name, data)
    return client.post("/api/v1/register/imports", {"kind": kind, "file": upload}, **bearer(user))


LONG = [
    ("persons", PERSONS, person(name="王" * 51), "姓名", 50),
    ("persons", PERSONS, person(household="H" * 41), "户号", 40),
    ("buildings", BUILDINGS[0], ["B" * 41, *BUILDINGS[1][1:]], "楼栋编码", 40),
    ("buildings", BUILDINGS[0], ["B9", "楼" * 101, *BUILDINGS[1][2:]], "名称", 100),
    ("buildings", BUILDINGS[0], ["B9", "九号楼", "路" * 201, *BUILDINGS[1][3:]], "地址", 200),
    ("households", ["户号", "网格编码"], ["H" * 41, "310104001001001"], "户号", 40),
    ("persons", [*PERSONS, "备注"], [*person(), "备" * 1001], "备注", 1000),
]


@pytest.mark.parametrize(("kind", "header", "row", "column", "limit"), LONG)
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_a_cell_longer_than_its_column_is_a_row_error(
    client, street, kind, header, row, column, limit, fmt
):
    data = xlsx_bytes(header, [row]) if fmt == "xlsx" else as_csv(header, [row])
    refused = post(client, street, data, f"f.{fmt}", kind)
    assert refused.status_code == 400, refused.content
    errors = refused.json()["errors"]
    assert [(e["row"], e["column"]) for e in errors] == [(2, column)]
    assert str(limit) in errors[0]["reason"]
    assert not Person.objects.exists() and not Household.objects.exists()
    assert not Building.objects.filter(code="B9").exists()


def test_the_error_report_of_long_cells_is_written(tmp_path, tree):
    target = tmp_path / "errors.xlsx"
    report = register_import(
        kind="persons",
        path="p.csv",
        data=as_csv(PERSONS, [person(name="=1+2" * 20)]),
        error_report=target,
    )
    assert not report.ok and target.stat().st_size > 0

    cells = [c for row in load_workbook(target).active.iter_rows() for c in row]
    assert not [c for c in cells if c.data_type == "f"]  # the input's text stays text


@pytest.mark.parametrize("where", ["header", "cell"])
def test_a_nul_byte_in_a_csv_is_a_clear_400(client, street, where):
    rows = [person()]
    header = [*PERSONS]
    if where == "header":
        header[0] = "姓\x00名"
    else:
        rows[0][0] = "王\x00五"
    refused = post(client, street, as_csv(header, rows), "p.csv")
    assert refused.status_code == 400 and refused.json()["field"] == "file"
    assert "NUL" in refused.json()["message"] or "nul" in refused.json()["message"].lower()
    assert not Person.objects.exists()


def bomb(expanded_mb: int) -> bytes:
    """A valid workbook with one more part that unpacks to ``expanded_mb`` MB of zeros."""
    out = io.BytesIO(xlsx_bytes(PERSONS, [person()]))
    with zipfile.ZipFile(out, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", b"\0" * (expanded_mb * 1024 * 1024))
    return out.getvalue()


@override_settings(CIVICGRID_IMPORT_MAX_EXPANDED_MB=2)
def test_a_zip_bomb_is_refused_before_it_is_unpacked(client, street):
    data = bomb(3)
    assert len(data) < 50_000  # small on the wire
    refused = post(client, street, data, "p.xlsx")
    assert refused.status_code == 400 and refused.json()["field"] == "file"
    assert "2 MB" in refused.json()["message"]
    with pytest.raises(DomainError):
        read_table("p.xlsx", data=data)
    assert read_table("p.xlsx", data=data, limits=NO_LIMITS)[0] == PERSONS  # the CLI may


@override_settings(CIVICGRID_IMPORT_MAX_ROWS=2)
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_rows_are_capped(client, street, fmt):
    rows = [person(name=f"人{n}", n=n) for n in range(1, 4)]
    data = xlsx_bytes(PERSONS, rows) if fmt == "xlsx" else as_csv(PERSONS, rows)
    refused = post(client, street, data, f"p.{fmt}")
    assert refused.status_code == 400 and refused.json()["field"] == "file"
    assert "2" in refused.json()["message"] and not Person.objects.exists()
    assert post(client, street, as_csv(PERSONS, rows[:2]), "p.csv").status_code == 200


@override_settings(CIVICGRID_IMPORT_MAX_MB=0)
def test_the_upload_size_is_capped(client, street):
    refused = post(client, street, as_csv(PERSONS, [person()]), "p.csv")
    assert refused.status_code == 400 and refused.json()["field"] == "file"
    assert "0 MB" in refused.json()["message"]


@override_settings(CIVICGRID_IMPORT_MAX_ROWS=2)
def test_the_web_page_and_the_command_line_share_the_reader(gl_client, tmp_path, world):
    rows = [person(name=f"人{n}", n=n, household="") for n in range(1, 4)]
    for row in rows:
        row[3] = "310104001001002"  # a grid of the street leader's
    page = gl_client.post(
        reverse("registry:import"),
        {"kind": "persons", "file": SimpleUploadedFile("p.csv", as_csv(PERSONS, rows))},
    )
    assert page.status_code == 302
    assert "2" in str(next(iter(page.wsgi_request._messages)))
    path = tmp_path / "p.csv"
    path.write_bytes(as_csv(PERSONS, rows))
    with pytest.raises(CommandError):
        call_command("import", "persons", str(path), "--dry-run")
    call_command("import", "persons", str(path), "--dry-run", "--no-limits")


def test_a_csv_is_read_a_row_at_a_time(tmp_path):
    path = tmp_path / "big.csv"
    line = "王五," + id_for(7) + ",户籍,310104001001001,H1\n"
    with path.open("w", encoding="utf-8") as out:
        out.write(",".join(PERSONS) + "\n")
        for _ in range(20 * 1024 * 1024 // len(line.encode())):
            out.write(line)
    tracemalloc.start()
    try:
        header, rows = read_table(path, limits=NO_LIMITS)
        count = sum(1 for _ in rows)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert header == PERSONS and count > 200_000
    assert peak < 4 * 1024 * 1024  # the file is 20 MB


def test_a_gb18030_csv_is_still_read(tmp_path):
    data = "\n".join([",".join(PERSONS), ",".join(person())]).encode("gb18030")
    header, rows = read_table("p.csv", data=data)
    assert header == PERSONS and next(iter(rows))[0] == "王五"


def duty_file(title: str, fmt: str) -> bytes:
    row = ["A-01", title, "", "", 4, 2, 1, 3000, ""]
    if fmt == "xlsx":
        return xlsx([row])
    buffer = io.StringIO()
    csv.writer(buffer).writerows([HEADER, row])
    return buffer.getvalue().encode("utf-8")


@pytest.mark.parametrize(("title", "fmt"), [("事" * 201, "xlsx"), ("事" * 201, "csv")])
def test_a_duty_list_cell_longer_than_its_column_is_a_row_error(client, loop, title, fmt):
    root = User.objects.create_superuser("root", password="pw-for-tests-123")
    upload = io.BytesIO(duty_file(title, fmt))
    upload.name = f"list.{fmt}"
    refused = client.post(
        "/api/v1/duty-lists/urban/statutory",
        {"effective_from": "2026-01-01", "file": upload},
        **bearer(root),
    )
    assert refused.status_code == 400, refused.content
    assert [(e["row"], e["column"]) for e in refused.json()["errors"]] == [(2, "事项")]
    assert not ListVersion.objects.exists()


def test_a_nul_byte_in_a_duty_list_is_a_clear_400(client, loop):
    root = User.objects.create_superuser("root", password="pw-for-tests-123")
    upload = io.BytesIO(duty_file("协助\x00宣传", "csv"))
    upload.name = "list.csv"
    refused = client.post(
        "/api/v1/duty-lists/urban/statutory",
        {"effective_from": "2026-01-01", "file": upload},
        **bearer(root),
    )
    assert refused.status_code == 400 and refused.json()["field"] == "file"


@override_settings(CIVICGRID_IMPORT_MAX_ROWS=1000)
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_large_upload_is_read_from_its_temporary_file(client, street, fmt):
    """Uploads beyond FILE_UPLOAD_MAX_MEMORY_SIZE are on disk: read from there, never whole."""
    rows = [
        person(name="王五" * 20, n=n % 900 + 1) for n in range(60_000 if fmt == "csv" else 40_000)
    ]
    data = as_csv(PERSONS, rows) if fmt == "csv" else xlsx_bytes(PERSONS, rows)
    refused = post(client, street, data, f"p.{fmt}")
    assert refused.status_code == 400 and "1000" in refused.json()["message"]


def test_a_workbook_with_a_broken_sheet_is_a_clear_400(client, street):
    good = io.BytesIO(xlsx_bytes(PERSONS, [person()]))
    broken = io.BytesIO()
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(broken, "w") as out:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]  # the sheet's XML cut in the middle
            out.writestr(info, data)
    refused = post(client, street, broken.getvalue(), "p.xlsx")
    assert refused.status_code == 400 and refused.json()["field"] == "file"
