"""Property companies assessed (DOMAIN.md §16), with known answers: the shipped template copied
into a round of the companies; the residents' representatives of the communities where a company
manages an estate rate it (the item takes their mean, nobody is shown who), nobody else does; the
round made final gives the level, and a company that failed goes on the blacklist on it."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from civicgrid.accounts.choices import Role
from civicgrid.accounts.tests.factories import user_with_role
from civicgrid.estates import services as estates
from civicgrid.evaluation import groups
from civicgrid.evaluation.assessments import may_see, round_start, scheme_copy
from civicgrid.evaluation.models import ItemScore, Scheme, SchemeItem
from civicgrid.workforce.tests.fixtures import refused

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def company_round(est):
    estate = estates.estate_save(actor=est.leader, area=est.tree.community, code="XQ-1",
                                 name="梅园小区", buildings=[est.b1])  # fmt: skip
    estates.term_give(actor=est.leader, estate=estate, company=est.good,
                      starts_on=TODAY - dt.timedelta(days=400))  # fmt: skip
    scheme = scheme_copy(Scheme.objects.get(template=True, name="物业服务企业年度考核"),
                         name="2026 物业考核")  # fmt: skip
    rnd = round_start(scheme=scheme, name="2026 年度物业服务企业考核", period="2026",
                      subjects=[est.good, est.bad], scoring_due=TODAY + dt.timedelta(days=10),
                      appeals_due=TODAY + dt.timedelta(days=20))  # fmt: skip
    reps = [user_with_role(f"rep{n}", est.tree.community, Role.COUNCIL_MEMBER) for n in (1, 2)]
    far = user_with_role("far_rep", est.tree.other_community, Role.COUNCIL_MEMBER)
    return type("R", (), dict(
        est=est, scheme=scheme, rnd=rnd, reps=reps, far=far,
        good=rnd.assessments.get(unit=est.good), bad=rnd.assessments.get(unit=est.bad),
        owners=scheme.items.get(rated_by="owners"),
    ))  # fmt: skip


def test_the_residents_representatives_where_it_manages_rate_it(company_round, client):
    r = company_round
    assert groups.groups_of(r.reps[0], r.good) == {"owners"}
    assert groups.groups_of(r.reps[0], r.bad) == set()  # it manages nothing in their community
    assert groups.groups_of(r.far, r.good) == set()
    assert groups.groups_of(r.est.leader, r.good) == set()  # a leader scores, not rates
    groups.group_rate(assessment=r.good, item=r.owners, value="5", actor=r.reps[0])
    groups.group_rate(assessment=r.good, item=r.owners, value="3", actor=r.reps[1])
    score = ItemScore.objects.get(assessment=r.good, item=r.owners)
    assert score.value == "4.0 × 2" and score.points == Decimal("24.00")  # (30 + 18) / 2
    refused("item", groups.group_rate, assessment=r.good, item=r.owners, value="5", actor=r.far)
    refused("item", groups.group_rate, assessment=r.bad, item=r.owners, value="1",
            actor=r.reps[0])  # fmt: skip
    # the representative sees the assessment they rate, with the form; the far one gets 404
    assert may_see(r.reps[0], r.good) and not may_see(r.reps[0], r.bad)
    client.force_login(r.reps[0])
    page = client.get(reverse("evaluation:assessment", args=[r.rnd.pk, r.good.pk]))
    rate = reverse("evaluation:assessment_rate", args=[r.rnd.pk, r.good.pk, r.owners.pk])
    assert page.status_code == 200 and rate in page.content.decode()
    assert "rep2" not in page.content.decode()  # never who rated
    client.force_login(r.far)
    assert client.get(reverse("evaluation:assessment", args=[r.rnd.pk, r.good.pk])).status_code \
        == 404  # fmt: skip


def test_a_failed_company_goes_on_the_blacklist_on_its_assessment(company_round):
    r = company_round
    entry = estates.blacklist_add(actor=r.est.street, company=r.est.bad, reason="年度考核不合格",
                                  listed_on=TODAY, review_on=TODAY + dt.timedelta(days=180),
                                  assessment=r.bad)  # fmt: skip
    assert entry.assessment == r.bad
    refused("assessment", estates.blacklist_add, actor=r.est.street, company=r.est.good,
            reason="x", listed_on=TODAY, review_on=TODAY + dt.timedelta(days=1),
            assessment=r.bad)  # fmt: skip


def test_each_rater_group_rates_its_own_kind_of_subject():
    unit = Scheme.objects.create(name="u", subject="unit")
    worker = Scheme.objects.create(name="w", subject="worker")
    for scheme, group in ((unit, "station"), (worker, "owners")):
        item = SchemeItem(scheme=scheme, title="t", weight=10, rule="scale", scale_top=5,
                          rated_by=group)  # fmt: skip
        with pytest.raises(ValidationError) as err:
            item.full_clean()
        assert "rated_by" in err.value.message_dict
    SchemeItem(scheme=unit, title="t", weight=10, rule="scale", scale_top=5,
               rated_by="owners").full_clean()  # fmt: skip
