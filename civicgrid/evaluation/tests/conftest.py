"""Fixtures the evaluation tests borrow: the workforce (a community worker assessed), and a
community's year-end round of a grid leader's assessment with its raters and party
organisation."""

import datetime as dt

import pytest
from django.utils import timezone

from civicgrid.accounts import services as accounts
from civicgrid.accounts.choices import Role, UnitKind
from civicgrid.accounts.tests.factories import unit_for, user_with_role
from civicgrid.estates.tests.fixtures import est  # noqa: F401 (a fixture: property companies)
from civicgrid.evaluation.assessments import round_start
from civicgrid.evaluation.models import Scheme, SchemeItem
from civicgrid.party import services as party
from civicgrid.workforce import daily, services
from civicgrid.workforce.tests.fixtures import (
    DAY,
    wf,  # noqa: F401
)

Rater = SchemeItem.Rater


@pytest.fixture
def year_end(request):
    w = request.getfixturevalue("wf")  # the workforce's fixture, borrowed above
    tree = w.tree
    station = unit_for(tree.community, UnitKind.WORK_STATION)
    stationers = []
    for n in range(2):
        u = accounts.user_create(username=f"station{n}", password="pw-for-tests-123")
        accounts.role_assign(user=u, unit=station, role=Role.OPERATOR)
        stationers.append(u)
    member = user_with_role("committee1", tree.community, Role.OPERATOR)  # on the committee
    org = party.organisation_create(actor=w.leader, name="示范社区党委", code="P-W",
                                    area=tree.community, level="community_committee")  # fmt: skip
    secretary = accounts.user_create(username="secretary", password="pw-for-tests-123")
    accounts.role_assign(user=secretary, unit=org.unit, role=Role.OPERATOR)
    worker = services.worker_save(actor=w.leader, area=tree.community, post="grid_leader",
                                  person=w.resident, grids=[tree.grid1], term_starts=DAY,
                                  term_ends=dt.date(2026, 12, 31), funding="district")  # fmt: skip
    daily.record_add(actor=w.leader, worker=worker, day=DAY, kind="complaint", note="投诉属实",
                     points=-10)  # fmt: skip
    scheme = Scheme.objects.create(name="网格长年度考核", subject="worker",
                                   levels=[{"name": "优秀", "min": 90}, {"name": "称职", "min": 60}])  # fmt: skip
    items = {
        "station": SchemeItem.objects.create(scheme=scheme, title="工作站评议", weight=40,
                                             rule="scale", scale_top=5, rated_by=Rater.STATION),
        "committee": SchemeItem.objects.create(scheme=scheme, title="居委会评议", weight=30,
                                               rule="scale", scale_top=5,
                                               rated_by=Rater.COMMITTEE),
        "daily": SchemeItem.objects.create(scheme=scheme, title="日常考核", weight=30,
                                           rule="indicator", indicator="wk_daily_score",
                                           rated_by=Rater.SYSTEM),
    }  # fmt: skip
    today = timezone.localdate()
    rnd = round_start(scheme=scheme, name="2026 网格长年度考核", period="2026", subjects=[worker],
                      scoring_due=today, appeals_due=today)  # fmt: skip
    return w, stationers, member, secretary, org, worker, items, rnd
