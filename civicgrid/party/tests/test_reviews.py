"""The community party body's yearly review of a stationed unit: rating, recommendations about
its people, the veto on its party-building rating — filed once a year by the committee's
keepers, with reasons where they are owed; and through the API and the unit's page."""

import pytest
from django.test import Client
from django.urls import reverse

from civicgrid.accounts.tests.factories import bearer
from civicgrid.core.errors import DomainError
from civicgrid.party import reviews, selectors
from civicgrid.party.models import Review

from .fixtures import DAY

pytestmark = pytest.mark.django_db


def file(party, **kw):
    values = {"actor": party.leader, "committee": party.committee,
              "stationed_unit": party.hospital, "year": DAY.year, "rating": "good",
              "reviewed_on": DAY, **kw}  # fmt: skip
    return reviews.review_file(**values)


def refused(field, party, **kw):
    with pytest.raises(DomainError) as info:
        file(party, **kw)
    assert info.value.field == field, info.value


def test_a_review_with_a_recommendation_and_the_units_standing(party):
    r = file(party, recommendations=[reviews.Advice("李医生", "commendation", "义诊坚持一年",
                                                    post="内科主任")])  # fmt: skip
    assert r.recommendations.get().advice == "commendation" and r.reviewer == party.leader
    assert reviews.standing([r]) == "good"
    street = file(party, committee=party.street_committee, actor=party.street_leader,
                  rating="excellent", veto=True, reason="未履行共建承诺")  # fmt: skip
    assert reviews.standing([r, street]) == reviews.VETOED
    assert reviews.standing([]) == ""
    figures = selectors.figures(party.worker, today=DAY)
    assert (figures.reviews, figures.vetoes) == (2, 1)


def test_what_is_refused_names_its_field_and_writes_nothing(party):
    file(party)
    refused("year", party)  # once a year per committee and unit
    refused("reason", party, year=DAY.year - 1, veto=True)
    refused("reason", party, year=DAY.year - 1, rating="poor", reason="  ")
    refused("reviewed_on", party, year=DAY.year + 1)
    refused("rating", party, year=DAY.year - 1, rating="superb")
    refused("stationed_unit", party, stationed_unit=party.school, year=DAY.year - 1)
    refused("committee", party, actor=party.worker, year=DAY.year - 1)
    refused("committee", party, actor=party.outsider, year=DAY.year - 1)
    refused("recommendations.0.advice", party, year=DAY.year - 1,
            recommendations=[reviews.Advice("王", "sack", "x")])  # fmt: skip
    assert Review.objects.count() == 1


def test_the_api_and_the_page(party):
    leader = Client(**bearer(party.leader))
    body = {"committee": party.committee.pk, "stationed_unit": party.hospital.pk,
            "year": DAY.year, "rating": "fair", "reviewed_on": str(DAY), "veto": True,
            "reason": "<b>推诿</b>", "recommendations": [
                {"name": "张科长", "post": "办公室", "advice": "caution", "reason": "配合不够"}]}  # fmt: skip
    made = leader.post("/api/v1/party/reviews", body, content_type="application/json")
    assert made.status_code == 201, made.content
    assert made.json()["recommendations"][0]["name"] == "张科长"
    outsider = Client(**bearer(party.outsider))
    assert outsider.get("/api/v1/party/reviews").json() == []
    again = outsider.post("/api/v1/party/reviews", body, content_type="application/json")
    assert again.status_code == 404
    page = Client()
    page.force_login(party.worker)
    html = page.get(reverse("party:unit", args=[party.hospital.pk])).content.decode()
    assert "张科长" in html and "&lt;b&gt;推诿&lt;/b&gt;" in html and 'value="review"' not in html
    leader_page = Client()
    leader_page.force_login(party.leader)
    form = {"action": "review", "committee": party.committee.pk, "year": DAY.year - 1,
            "rating": "excellent", "reviewed_on": str(DAY), "advice_name": "",
            "advice": ""}  # fmt: skip
    leader_page.post(reverse("party:unit", args=[party.hospital.pk]), form)
    assert Review.objects.filter(year=DAY.year - 1, rating="excellent").exists()


def test_the_quality_certification_assesses_a_party_organisation(party):
    """Nanhu's ISO-style scheme (a template every district gets) takes a party organisation as
    its subject: it is a unit."""
    from civicgrid.evaluation.assessments import round_start, scheme_copy
    from civicgrid.evaluation.models import Scheme

    template = Scheme.objects.get(template=True, name="党组织标准化建设质量认证")
    rnd = round_start(
        scheme=scheme_copy(template, name="质量认证（测试）"), name="2026年度质量认证",
        period="2026", subjects=[party.committee.unit], scoring_due=DAY, appeals_due=DAY,
    )  # fmt: skip
    assert [a.subject for a in rnd.assessments.all()] == [party.committee.unit]
    assert rnd.scheme.items.count() == template.items.count() == 10
