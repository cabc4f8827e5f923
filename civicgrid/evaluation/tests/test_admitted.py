"""The admitted assessments bind evaluation: a round of a scheme that no item of the list in
force admits is refused for a community, a score card not admitted ranks no community; admitted
(the link kept by evaluation), both go ahead. A new version of the list carries what its items
admit."""

import datetime as dt

import pytest
from django.utils import timezone

from civicgrid.accounts.choices import UnitKind
from civicgrid.accounts.tests.factories import unit_for
from civicgrid.burden.lists import copied, list_save
from civicgrid.core.errors import DomainError
from civicgrid.duties.models import CommunityKind
from civicgrid.duties.services import in_force
from civicgrid.evaluation import periods
from civicgrid.evaluation.admitted import admitted, assessments_of
from civicgrid.evaluation.assessments import round_start, scheme_copy
from civicgrid.evaluation.models import AdmittedAssessment, Scheme, ScoreCard, ScoreItem
from civicgrid.evaluation.scoring import ranking

pytestmark = pytest.mark.django_db


def test_communities_are_assessed_only_by_admitted_assessments(loop):
    committee = unit_for(loop.tree.community, UnitKind.COMMUNITY_COMMITTEE)
    scheme = scheme_copy(Scheme.objects.get(name="党组织标准化建设质量认证"))
    today = timezone.localdate()
    start = {
        "scheme": scheme,
        "name": "认证",
        "period": "2026",
        "scoring_due": today,
        "appeals_due": today,
    }
    with pytest.raises(DomainError) as caught:
        round_start(subjects=[loop.street_office, committee], **start)
    assert caught.value.field == "subjects.1" and caught.value.code == "not_admitted"
    card = ScoreCard.objects.create(name="社区月度考评", subject="area", level=4)
    ScoreItem.objects.create(card=card, indicator="closing_rate", weight=1)
    october = periods.parse("2026-10")
    assert ranking(card, loop.leader, october) == []  # no community admits the card yet
    list_save(
        kind=CommunityKind.objects.get(code="urban"),
        list_type="assessment",
        items=[
            {"code": "K-01", "title": "党组织质量认证", "scheme": scheme},
            {"code": "K-02", "title": "社区月度考评", "score_card": card},
        ],
        effective_from=dt.date(2026, 1, 1),
    )
    assert round_start(subjects=[loop.street_office, committee], **start).assessments.count() == 2
    ranked = {s.row for s in ranking(card, loop.leader, october)}
    assert ranked == {loop.tree.community, loop.tree.other_community}


def test_a_new_version_carries_what_its_items_admit(loop):
    urban = CommunityKind.objects.get(code="urban")
    scheme = scheme_copy(Scheme.objects.get(name="党组织标准化建设质量认证"))
    first = list_save(
        kind=urban,
        list_type="assessment",
        items=[
            {"code": "K-01", "title": "党组织质量认证", "scheme": scheme},
            {"code": "K-02", "title": "无考核对象"},
        ],
        effective_from=dt.date(2026, 1, 1),
    )
    assert AdmittedAssessment.objects.count() == 1  # an item admitting nothing has no link
    second = list_save(
        kind=urban,
        list_type="assessment",
        items=copied(list(first.items.all())),
        effective_from=dt.date(2026, 7, 1),
        note="复制",
    )
    links = assessments_of(second.items.all())
    assert [link.scheme for link in links.values()] == [scheme]
    assert in_force(urban, "assessment", dt.date(2026, 8, 1)) == second
    assert admitted(loop.tree.community, scheme=scheme, on=dt.date(2026, 8, 1))
    assert not admitted(loop.tree.community, scheme=scheme, on=dt.date(2025, 12, 31))
