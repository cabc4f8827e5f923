"""A community worker's year-end assessment (DOMAIN.md §14): two weighted rater groups (the work
station's staff and the residents' committee, each member rating, the item taking the group's
mean) and the daily records, the result sent to the community's party organisation when the
round is made final, and its decision (dismissal: the worker leaves; renewal: the term runs on).
Who rated is never shown; outside the place, a 404."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from civicgrid.accounts.tests.factories import bearer
from civicgrid.core.errors import DomainError
from civicgrid.evaluation import groups, workers
from civicgrid.evaluation.assessments import compute, item_score, standings
from civicgrid.evaluation.choices import RoundAction
from civicgrid.evaluation.models import SchemeItem, Verdict
from civicgrid.evaluation.workflow import assessment_round_transition
from civicgrid.workforce.tests.fixtures import refused

pytestmark = pytest.mark.django_db
Rater = SchemeItem.Rater


def test_groups_rate_and_the_item_takes_their_mean(year_end):
    wf, stationers, member, _secretary, _org, _worker, items, rnd = year_end
    a = rnd.assessments.get()
    groups.group_rate(assessment=a, item=items["station"], value="4", actor=stationers[0])
    groups.group_rate(assessment=a, item=items["station"], value="5", actor=stationers[1])
    groups.group_rate(assessment=a, item=items["station"], value="3", actor=stationers[1])  # again
    groups.group_rate(assessment=a, item=items["committee"], value="5", actor=member)
    # a committee member is not of the station's group, nor the station's of the committee's
    refused("item", groups.group_rate, assessment=a, item=items["station"], value="5",
            actor=member)  # fmt: skip
    refused("item", groups.group_rate, assessment=a, item=items["committee"], value="5",
            actor=stationers[0])  # fmt: skip
    refused("item", groups.group_rate, assessment=a, item=items["station"], value="5",
            actor=wf.outsider)  # fmt: skip
    refused("value", groups.group_rate, assessment=a, item=items["station"], value="6",
            actor=stationers[0])  # fmt: skip
    refused("item", groups.group_rate, assessment=a, item=items["daily"], value="5",
            actor=stationers[0])  # fmt: skip
    with pytest.raises(DomainError):  # an overseer does not enter a group's score
        item_score(assessment=a, item=items["station"], value="5", actor=wf.leader)
    assert groups.group_counts(a) == {items["station"].pk: 2, items["committee"].pk: 1}
    compute(rnd)
    scores = {s.item_id: s for s in a.scores.all()}
    assert scores[items["station"].pk].points == Decimal("28.00")  # (4 + 3) / 2 / 5 × 40
    assert scores[items["station"].pk].value == "3.5 × 2"
    assert scores[items["committee"].pk].points == Decimal("30.00")
    assert scores[items["daily"].pk].points == Decimal("27.00")  # 90 points of 100 × 30
    s = standings(rnd)[0]
    assert s.score == 85.0 and s.level == "称职" and s.reason == ""


def test_the_result_goes_to_the_party_organisation_which_decides(year_end):
    wf, stationers, _member, secretary, org, worker, items, rnd = year_end
    a = rnd.assessments.get()
    groups.group_rate(assessment=a, item=items["station"], value="5", actor=stationers[0])
    assert not Verdict.objects.exists()  # nothing is sent before the results are final
    assessment_round_transition(round_id=rnd.pk, action=RoundAction.CLOSE, actor=wf.admin,
                                now=timezone.now())  # fmt: skip
    verdict = Verdict.objects.get(assessment=a)
    # the station's 40 and the daily score's 27 (computed when the results were made final)
    assert verdict.organisation == org and verdict.score == Decimal("67.00")
    assert workers.judges(secretary, a) and not workers.judges(stationers[0], a)
    today = timezone.localdate()
    refused("verdict", workers.decide, verdict=verdict, decision="dismiss", reasons="x",
            on=today, actor=stationers[0])  # fmt: skip
    refused("reasons", workers.decide, verdict=verdict, decision="dismiss", reasons=" ",
            on=today, actor=secretary)  # fmt: skip
    refused("until", workers.decide, verdict=verdict, decision="renew", reasons="续聘",
            on=today, actor=secretary)  # fmt: skip
    refused("decision", workers.decide, verdict=verdict, decision="pending", reasons="x",
            on=today, actor=secretary)  # fmt: skip
    workers.decide(verdict=verdict, decision="dismiss", reasons="年度考核不称职", on=today,
                   actor=secretary)  # fmt: skip
    worker.refresh_from_db()
    assert worker.left_on == today and worker.left_as == "dismissed"
    assert worker.left_why == "年度考核不称职"
    refused("verdict", workers.decide, verdict=verdict, decision="keep", reasons="x", on=today,
            actor=secretary)  # fmt: skip
    # reopening and closing again leaves a decided verdict as it was
    assessment_round_transition(round_id=rnd.pk, action=RoundAction.REOPEN, actor=wf.admin,
                                now=timezone.now())  # fmt: skip
    assessment_round_transition(round_id=rnd.pk, action=RoundAction.CLOSE, actor=wf.admin,
                                now=timezone.now())  # fmt: skip
    assert Verdict.objects.get(pk=verdict.pk).decision == "dismiss"


def test_a_renewal_extends_the_term(year_end):
    wf, _stationers, _member, _secretary, _org, worker, _items, rnd = year_end
    assessment_round_transition(round_id=rnd.pk, action=RoundAction.CLOSE, actor=wf.admin,
                                now=timezone.now())  # fmt: skip
    verdict = Verdict.objects.get()
    workers.decide(verdict=verdict, decision="renew", reasons="续聘三年",
                   on=timezone.localdate(), until=dt.date(2029, 12, 31), actor=wf.leader)  # fmt: skip
    worker.refresh_from_db()
    assert worker.term_ends == dt.date(2029, 12, 31) and worker.left_on is None


def test_the_pages_and_the_api_as_raters_and_the_party_organisation_use_them(year_end, client):
    wf, stationers, member, secretary, _org, worker, items, rnd = year_end
    a = rnd.assessments.get()
    page = reverse("evaluation:assessment", args=[rnd.pk, a.pk])
    client.force_login(stationers[0])
    body = client.get(page).content.decode()
    assert reverse("evaluation:assessment_rate", args=[rnd.pk, a.pk, items["station"].pk]) in body
    assert reverse("evaluation:assessment_rate", args=[rnd.pk, a.pk, items["committee"].pk]) \
        not in body  # fmt: skip
    client.post(reverse("evaluation:assessment_rate", args=[rnd.pk, a.pk, items["station"].pk]),
                {"value": "4"})  # fmt: skip
    client.post(reverse("evaluation:assessment_rate", args=[rnd.pk, a.pk, items["station"].pk]),
                {"value": "<b>9</b>"})  # fmt: skip
    assert a.group_ratings.get().value == "4"  # the bad answer changed nothing
    client.force_login(stationers[1])
    body = client.get(page).content.decode()
    assert "1 rater" in body or "1 位评议人" in body
    assert "station0" not in body  # who rated is not shown
    for outsider in (wf.outsider, wf.worker):
        client.force_login(outsider)
        assert client.get(page).status_code == 404
    # the API: a member rates; the party organisation decides
    api = bearer(member)
    res = client.post(f"/api/v1/assessments/{a.pk}/group-ratings",
                      {"item": items["committee"].pk, "value": "5"},
                      content_type="application/json", **api)  # fmt: skip
    assert res.status_code == 200, res.content
    res = client.post(f"/api/v1/assessments/{a.pk}/group-ratings",
                      {"item": items["committee"].pk, "value": "5"},
                      content_type="application/json", **bearer(wf.outsider))  # fmt: skip
    assert res.status_code == 404
    assessment_round_transition(round_id=rnd.pk, action=RoundAction.CLOSE, actor=wf.admin,
                                now=timezone.now())  # fmt: skip
    verdict = Verdict.objects.get()
    client.force_login(secretary)  # the party organisation sees the assessment to decide it
    assert client.get(page).status_code == 200
    listing = client.get(reverse("evaluation:verdicts")).content.decode()
    assert worker.name in listing
    res = client.get("/api/v1/worker-verdicts", **bearer(secretary))
    assert [v["id"] for v in res.json()] == [verdict.pk]
    assert client.get("/api/v1/worker-verdicts", **bearer(wf.outsider)).json() == []
    decide = f"/api/v1/worker-verdicts/{verdict.pk}/decision"
    payload = {"decision": "reward", "reasons": "表现突出", "on": str(timezone.localdate())}
    res = client.post(decide, payload, content_type="application/json", **bearer(stationers[0]))
    assert res.status_code == 404  # not the party organisation's side
    res = client.post(decide, payload, content_type="application/json", **bearer(secretary))
    assert res.status_code == 200 and res.json()["decision"] == "reward"
    client.force_login(wf.leader)  # the roster's keeper sees the result on the worker's page
    body = client.get(reverse("workforce:worker", args=[worker.pk])).content.decode()
    assert page in body
