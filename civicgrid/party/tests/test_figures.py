"""Party building's figures, defined in evaluation's library: known answers for a community's
year, and the records behind each count (the page and the API), only among what the user sees."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from civicgrid.accounts.tests.factories import bearer
from civicgrid.evaluation.compute import area_indicators
from civicgrid.evaluation.definitions import AREA, PARTY, of
from civicgrid.evaluation.periods import Period
from civicgrid.party import cobuilding, members, projects, reviews

from .fixtures import DAY, agreement, raise_need
from .test_members import on_roster, published

pytestmark = pytest.mark.django_db
YEAR = Period("year", dt.date(2026, 1, 1), dt.date(2026, 12, 31))
LATER = DAY + dt.timedelta(days=30)


def a_year(party):
    """Three members (one leaves), two identity displays that two of them attend, a deduction;
    three party-building projects (two claimed, one of which is delivered to 50 people), two
    livelihood projects (one by a party organisation), a co-building project delivered to 30;
    two of three commitments due kept; two needs (one met); two reviews (one veto)."""
    a, b, c = (on_roster(party, name, n) for n, name in ((1, "甲"), (2, "乙"), (3, "丙")))
    members.member_leave(actor=party.leader, member=c, until=LATER)
    for title in ("亮身份一", "亮身份二"):
        members.activity_log(actor=party.leader, organisation=party.committee,
                             kind="identity_display", title=title, held_on=DAY,
                             participants=[a, c])  # fmt: skip
    members.activity_log(actor=party.leader, organisation=party.committee, kind="study",
                         title="学习", held_on=DAY, participants=[b])  # fmt: skip
    members.credit_add(actor=party.leader, member=b, on=LATER, category="deduction", points=-5,
                       reason="x")  # fmt: skip
    one, two = published(party, title="一"), published(party, title="二")
    published(party, title="三")
    claim = projects.claim_make(actor=party.leader, project=one, claimant="member", member=a,
                                claimed_on=DAY)  # fmt: skip
    projects.claim_make(actor=party.leader, project=two, claimant="organisation",
                        organisation=party.committee, claimed_on=DAY)  # fmt: skip
    projects.claim_deliver(actor=party.leader, claim=claim, delivered_on=LATER, beneficiaries=50)
    projects.project_progress(actor=party.leader, project=one, status="done", ends_on=LATER)
    for sponsor, publisher in (("party_organisation", party.committee), ("government", None)):
        projects.project_start(actor=party.leader, area=party.tree.community, title=sponsor,
                               category="elderly", starts_on=DAY, kind="livelihood",
                               sponsor=sponsor, publisher=publisher)  # fmt: skip
    met = raise_need(party)
    raise_need(party, title="缺场地", category="elderly")
    co = projects.project_start(actor=party.leader, area=party.tree.community, title="义诊",
                                category="health", starts_on=DAY, need=met)  # fmt: skip
    projects.project_progress(actor=party.leader, project=co, status="done", beneficiaries=30,
                              ends_on=LATER)  # fmt: skip
    deal = agreement(
        party,
        commitments=[
            cobuilding.Promise("unit", "义诊", LATER),
            cobuilding.Promise("unit", "讲座", LATER),
            cobuilding.Promise("community", "场地", LATER),
        ],
    )
    cobuilding.agreement_sign(actor=party.leader, agreement=deal, signed_on=DAY)
    for c_ in list(deal.commitments.order_by("id"))[:2]:
        cobuilding.commitment_done(actor=party.leader, commitment=c_, on=DAY)
    for year, veto in ((2025, False), (2026, True)):
        reviews.review_file(
            actor=party.leader,
            committee=party.committee,
            stationed_unit=party.hospital,
            year=year,
            rating="poor",
            reviewed_on=LATER,
            veto=veto,
            reason="未履行承诺",
        )


ANSWERS = {
    "pb_roster": 2, "pb_identity_shown": 1, "pb_identity_rate": 50.0,
    "pb_deducted": 1, "pb_good_standing": 1, "pb_good_standing_rate": 50.0,
    "pb_published": 3, "pb_claimed": 2, "pb_claim_rate": 66.67,
    "pb_delivered": 2, "pb_beneficiaries": 80,
    "pb_livelihood": 2, "pb_livelihood_party": 1, "pb_livelihood_cadres": 0,
    "pb_commitments_due": 3, "pb_commitments_kept": 2, "pb_commitment_rate": 66.67,
    "pb_needs_raised": 2, "pb_needs_met": 1, "pb_needs_met_rate": 50.0,
    "pb_units_reviewed": 2, "pb_vetoes": 1,
}  # fmt: skip


def test_every_party_building_figure_has_its_known_answer(party):
    a_year(party)
    codes = {i.code for i in of(AREA) if i.source == PARTY}
    assert set(ANSWERS) == codes, "every party-building indicator needs an answer"
    for area in (party.tree.community, party.tree.street, party.tree.district):
        got = area_indicators([area], YEAR)[area.pk]
        assert {code: got[code] for code in codes} == ANSWERS, area
    other = area_indicators([party.tree.other_street], YEAR)[party.tree.other_street.pk]
    assert other["pb_roster"] == 0 and other["pb_identity_rate"] is None


def test_a_figure_opens_the_records_behind_it_among_what_the_user_sees(party, client):
    a_year(party)
    client.force_login(party.leader)
    query = {"indicator": "pb_identity_shown", "period": "2026",
             "area": party.tree.community.code}  # fmt: skip
    page = client.get(reverse("evaluation:cases"), query)
    text = page.content.decode()
    assert page.status_code == 200 and "甲" in text and "乙" not in text
    assert reverse("party:organisation", args=[party.committee.pk]) in text
    beneficiaries = client.get(
        reverse("evaluation:cases"), {**query, "indicator": "pb_beneficiaries"}
    ).content.decode()
    assert "义诊" in beneficiaries and "50" in beneficiaries
    client.force_login(party.outsider)
    assert client.get(reverse("evaluation:cases"), query).status_code == 404
    api = Client()
    got = api.get("/api/v1/indicators/records", query, **bearer(party.leader))
    assert got.status_code == 200 and [r["text"] for r in got.json()] == ["甲"]
    cases_only = api.get("/api/v1/indicators/records", {**query, "indicator": "closed"},
                         **bearer(party.leader))  # fmt: skip
    assert cases_only.status_code == 404
    theirs = api.get("/api/v1/indicators/records", query, **bearer(party.outsider))
    assert theirs.status_code == 404
