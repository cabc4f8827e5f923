"""The import checked in several processes (decision 0016): the same errors by row and column,
nothing written when any row is bad, and the same stored forms as an import in one process."""

import pytest
from django.test import override_settings

from civicgrid.core import pii
from civicgrid.registry.importing import parallel, register_import
from civicgrid.registry.models import House, Household, Person, PersonTag
from civicgrid.registry.tests.factories import id_for, xlsx_bytes
from civicgrid.registry.tests.test_import import (  # noqa: F401  (the fixture)
    PERSON_HEADER,
    buildings,
    person_rows,
)

pytestmark = pytest.mark.django_db

parallel_from_one_row = override_settings(CIVICGRID_IMPORT_PARALLEL_ROWS=1)


def many_rows(n: int) -> list[list[str]]:
    rows = person_rows()
    for i in range(4, n + 1):
        rows.append(
            [f"居民{i}", id_for(i), "", "户籍", "B1", "1", f"{100 + i}", "自住", "", "", ""]
        )
    return rows


def bad(rows):
    rows[1][1] = id_for(2)[:-1] + ("0" if id_for(2)[-1] != "0" else "1")  # wrong check digit
    rows[2][3] = "火星人"
    rows[40][10] = "不存在的标签"
    rows[55][1] = rows[6][1]  # a duplicate in another slice than the row it repeats
    return rows


@parallel_from_one_row
@pytest.mark.usefixtures("buildings")
def test_parallel_check_reports_the_same_errors_by_row_and_column_and_writes_nothing():
    data = xlsx_bytes(PERSON_HEADER, bad(many_rows(60)))
    alone = register_import(kind="persons", path="p.xlsx", data=data, workers=1)
    forked = register_import(kind="persons", path="p.xlsx", data=data, workers=3)
    as_tuples = [(e.row, e.column, e.value, e.reason) for e in forked.errors]
    assert as_tuples == [(e.row, e.column, e.value, e.reason) for e in alone.errors]
    found = {(e.row, e.column) for e in forked.errors}
    assert {(3, "证件号码"), (4, "人口类型"), (42, "标签"), (57, "证件号码")} <= found
    assert "8" in next(e.reason for e in forked.errors if e.row == 57)  # names row 8
    assert not forked.written
    assert Person.objects.count() == Household.objects.count() == House.objects.count() == 0


@parallel_from_one_row
@pytest.mark.usefixtures("buildings")
def test_parallel_import_stores_what_one_process_stores():
    assert parallel.worker_count(60, 2) == 2
    report = register_import(
        kind="persons", path="p.xlsx", data=xlsx_bytes(PERSON_HEADER, many_rows(60)), workers=2
    )
    assert report.ok and report.created == 60, [str(e) for e in report.errors]
    zhang = Person.objects.get(name="张三")
    assert zhang.id_number_enc.startswith(pii.current_prefix())
    assert zhang.reveal("id_number") == id_for(1) and zhang.reveal("phone") == "13812345678"
    assert zhang.id_number_index == pii.blind_index(id_for(1))
    assert zhang.phone_masked == "138****5678"
    assert PersonTag.objects.filter(person=zhang).count() == 2
    again = register_import(
        kind="persons", path="p.xlsx", data=xlsx_bytes(PERSON_HEADER, many_rows(60)), workers=2
    )
    assert (again.created, again.updated, again.unchanged) == (0, 0, 60)


def test_small_imports_and_one_worker_stay_in_process():
    assert parallel.worker_count(10, 4) == 1  # under CIVICGRID_IMPORT_PARALLEL_ROWS
    with parallel_from_one_row:
        assert parallel.worker_count(10, 1) == 1
        assert parallel.worker_count(10, 4) == 4
