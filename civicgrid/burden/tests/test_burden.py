"""Each community's burden against figures worked out by hand: the admitted items, each item's
estimate or its tasks' demand (whichever is more), the unadmitted attempts of the year, funding
against assisting hours, the trend against the baseline year, the ranking of communities and of
the departments that load them; the pages in scope or 404."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from civicgrid.accounts.models import User
from civicgrid.accounts.tests.factories import bearer
from civicgrid.burden import figures
from civicgrid.burden.models import CommunityTask, Refusal
from civicgrid.duties.models import CommunityKind
from civicgrid.duties.services import version_save
from civicgrid.web.tests.browser import DESKTOP
from civicgrid.web.tests.test_accessibility import violations

from .test_complaints import staff

pytestmark = pytest.mark.django_db
JUNE = dt.date(2026, 6, 30)


def lists(loop):
    urban = CommunityKind.objects.get(code="urban")
    statutory = {"code": "S-01", "title": "居民自治", "hours_per_month": 10,
                 "reports_per_year": 2, "meetings_per_year": 12}  # fmt: skip
    a01 = {"code": "A-01", "title": "低保核查", "department": loop.department,
           "hours_per_month": 6, "reports_per_year": 4, "meetings_per_year": 2,
           "funding_per_year": 14400}  # fmt: skip
    a02 = {"code": "A-02", "title": "健康宣传", "department": loop.other_department,
           "hours_per_month": 4, "funding_per_year": 4800}  # fmt: skip
    for year, assisting in ((2025, [a01, a02]), (2026, [a01])):  # A-02 was cut for 2026
        day = dt.date(year, 1, 1)
        version_save(kind=urban, list_type="statutory", items=[statutory], effective_from=day)
        version_save(kind=urban, list_type="assisting", items=assisting, effective_from=day)


def task(loop, code, kind, every, hours, due=dt.date(2026, 3, 1), community=None):
    return CommunityTask.objects.create(
        department=loop.department, kind=kind, title=f"{code} {kind}", item_code=code,
        every=every, first_due=due, hours=Decimal(hours),
        community=community or loop.tree.community, created_by=loop.handler,
    )  # fmt: skip


@pytest.fixture
def loaded(loop):
    lists(loop)
    task(loop, "A-01", "report", "month", 1)  # 1 h a month, 12 reports a year
    task(loop, "A-01", "data", "once", 12, due=dt.date(2026, 2, 1))  # 1 h a month this year
    task(loop, "A-01", "data", "once", 120, due=dt.date(2025, 2, 1))  # last year's: not now
    task(loop, "S-01", "meeting", "week", 3)  # 13 h a month, 52 meetings: more than declared
    attempt = Refusal.objects.create(
        department=loop.department, community=loop.tree.community, what="门店台账",
        rule="未准入", by=loop.handler,
    )  # fmt: skip
    Refusal.objects.filter(pk=attempt.pk).update(
        created_at=timezone.make_aware(dt.datetime(2026, 5, 1))
    )
    return loop


def test_the_figures_worked_by_hand(loaded):
    tree = loaded.tree
    mine, other = figures.burdens([tree.community, tree.other_community], 2026, today=JUNE)
    assert (mine.statutory, mine.assisting) == (1, 1)
    assert mine.hours_per_month == Decimal(19)  # S-01 max(10, 13) + A-01 max(6, 1 + 1)
    assert mine.reports_per_year == 14  # S-01 max(2, 0) + A-01 max(4, 12)
    assert mine.meetings_per_year == 54  # S-01 max(12, 52) + A-01 max(2, 0)
    assert mine.tasks == 3 and mine.refused == 1
    assert [i.over_estimate for i in mine.items] == [True, False]
    assert mine.funding_per_year == Decimal(14400)
    assert mine.assisted_hours_per_year == Decimal(72) and mine.yuan_per_hour == Decimal(200)
    assert mine.departments == {loaded.department.pk: Decimal(19)}
    assert other.hours_per_month == Decimal(16) and other.reports_per_year == 6
    assert (other.tasks, other.refused) == (0, 0)
    before = figures.burdens([tree.community], 2025, today=JUNE)[0]
    # S-01 10 + A-01 max(6, 120 h once in 2025 = 10 a month) + A-02 4
    assert before.hours_per_month == Decimal(24) and before.assisting == 2
    assert figures.change(mine.hours_per_month, before.hours_per_month) == Decimal("-20.8")
    assert figures.change(1, 0) is None


def test_ranking_of_communities_and_departments(loaded):
    found = figures.ranked(
        figures.burdens([loaded.tree.other_community, loaded.tree.community], 2026)
    )
    assert [(r.rank, r.community) for r in found] == [
        (1, loaded.tree.community),
        (2, loaded.tree.other_community),
    ]
    loads = figures.department_loads(found, 2026)
    assert [(d.department_id, d.hours_per_month, d.communities, d.refused) for d in loads] == [
        (loaded.department.pk, Decimal(25), 2, 1)
    ]
    twins = figures.ranked(
        figures.burdens([loaded.tree.other_community, loaded.tree.other_community], 2026)
    )
    assert [r.rank for r in twins] == [1, 1]  # equal loads share a rank


def test_a_community_with_no_kind_or_lists_has_no_burden(loop):
    CommunityKind.objects.update(default=False)
    (found,) = figures.burdens([loop.tree.community], 2026)
    assert found.kind is None and found.items == [] and found.hours_per_month == 0
    assert found.yuan_per_hour is None


def test_baseline_year(loaded, settings):
    assert figures.baseline_year() == 2025  # the first list version's year
    settings.CIVICGRID_BURDEN_BASELINE_YEAR = "2024"
    assert figures.baseline_year() == 2024


def test_pages_in_scope_or_404(client, loaded):
    root = User.objects.create_superuser("root", password="pw-for-tests-123")
    secretary = staff("secretary", loaded.tree.community)
    client.force_login(root)
    page = client.get("/duties/burden/", {"year": 2026, "baseline": 2025})
    assert page.status_code == 200
    assert [r.community for r in page.context["rows"]][:1] == [loaded.tree.community]
    assert [t["year"] for t in page.context["totals"]] == [2025, 2026]
    assert client.get("/duties/burden/", {"year": "1999"}).status_code == 400
    sheet = client.get("/duties/burden/export.xlsx", {"year": 2026, "baseline": 2025})
    rows = list(load_workbook(io.BytesIO(sheet.content)).active.values)
    assert rows[0][:2] == ("排名", "社区") and rows[1][1] == loaded.tree.community.name
    assert rows[1][-1] == -20.8
    client.force_login(secretary)
    page = client.get("/duties/burden/")
    assert [r.community for r in page.context["rows"]] == [loaded.tree.community]
    mine = client.get(f"/duties/burden/{loaded.tree.community.code}/", {"year": 2026})
    assert mine.status_code == 200 and "门店台账" in mine.content.decode()
    other = f"/duties/burden/{loaded.tree.other_community.code}/"
    assert client.get(other).status_code == 404
    client.force_login(loaded.supervisor)  # a grid worker sees the grid's community
    assert [r.community for r in client.get("/duties/burden/").context["rows"]] == [
        loaded.tree.community
    ]
    client.force_login(loaded.outsider)  # a grid worker of the other community
    assert client.get(f"/duties/burden/{loaded.tree.community.code}/").status_code == 404
    client.force_login(loaded.resident)  # no grant: no community
    assert client.get("/duties/burden/").status_code == 404


def test_api_in_scope_or_404(client, loaded):
    secretary = staff("secretary", loaded.tree.community)
    got = client.get(
        "/api/v1/community-burden", {"year": 2026, "baseline": 2025}, **bearer(secretary)
    )
    assert got.status_code == 200
    (row,) = got.json()["communities"]
    assert (row["community"], row["rank"], row["hours_per_month"]) == (
        loaded.tree.community.code,
        1,
        19.0,
    )
    assert row["baseline_hours_per_month"] == 24.0 and row["change_percent"] == -20.8
    one = client.get(
        f"/api/v1/community-burden/{loaded.tree.community.code}", {"year": 2026},
        **bearer(secretary),
    )  # fmt: skip
    assert one.status_code == 200 and [i["code"] for i in one.json()["items"]] == ["S-01", "A-01"]
    other = f"/api/v1/community-burden/{loaded.tree.other_community.code}"
    assert client.get(other, **bearer(secretary)).status_code == 404
    bad = client.get("/api/v1/community-burden", {"year": "20x6"}, **bearer(secretary))
    assert bad.status_code == 400 and bad.json()["field"] == "year"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_burden_and_complaint_pages_are_accessible(open_page, loaded):
    page = open_page(staff("secretary", loaded.tree.community), viewport=DESKTOP)
    for url in (
        "/duties/burden/",
        f"/duties/burden/{loaded.tree.community.code}/",
        "/duties/complaints/",
    ):
        page.goto(url)
        page.wait_for_load_state("networkidle")
        assert not violations(page), url
