"""Duty lists: the kinds shipped and versions by date (importing, exporting and the pages are
``burden/tests/test_lists.py``'s). ``HEADER`` and ``xlsx`` make a list's file for those tests."""

import datetime as dt
import io

import pytest
from openpyxl import Workbook

from civicgrid.duties.models import CommunityKind
from civicgrid.duties.services import in_force, kind_of, version_save

pytestmark = pytest.mark.django_db

HEADER = [
    "编号",
    "事项",
    "依据",
    "部门",
    "每月工时",
    "每年报表",
    "每年会议",
    "年度经费",
    "案件类别",
]


def xlsx(rows, header=HEADER) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_the_kinds_and_which_a_community_is(tree):
    urban, village = (
        CommunityKind.objects.get(code="urban"),
        CommunityKind.objects.get(code="village"),
    )
    assert urban.default and not village.default
    assert kind_of(tree.community) == urban
    village.areas.add(tree.other_community)
    assert kind_of(tree.other_community) == village


def test_versions_by_date(loop):
    urban = CommunityKind.objects.get(code="urban")
    item = {
        "code": "X-01",
        "title": "协助开展人口普查",
        "department": loop.department,
        "funding_per_year": 5000,
    }
    first = version_save(
        kind=urban, list_type="assisting", items=[item], effective_from=dt.date(2026, 1, 1)
    )
    second = version_save(
        kind=urban,
        list_type="assisting",
        items=[],
        effective_from=dt.date(2026, 7, 1),
        note="普查结束",
    )
    assert (first.number, second.number) == (1, 2)
    assert in_force(urban, "assisting", dt.date(2026, 3, 1)) == first
    assert in_force(urban, "assisting", dt.date(2026, 8, 1)) == second
    assert in_force(urban, "assisting", dt.date(2025, 12, 31)) is None
    with pytest.raises(Exception) as caught:
        version_save(
            kind=urban, list_type="assisting", items=[], effective_from=dt.date(2026, 5, 1)
        )
    assert caught.value.field == "effective_from"
    assert first.items.get().title == "协助开展人口普查"  # the old version reads back whole
