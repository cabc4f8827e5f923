"""Assessment schemes: the four templates shipped, a round scored by the raters each item names
(with evidence), computed indicator items, appeals decided with reasons, levels and ranks."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from civicgrid.accounts.choices import Role
from civicgrid.accounts.models import User
from civicgrid.accounts.tests.factories import bearer, user_with_role
from civicgrid.core.errors import DomainError
from civicgrid.evaluation.assessments import (
    appeal_decide,
    appeal_file,
    compute,
    item_score,
    round_start,
    scheme_copy,
    standings,
)
from civicgrid.evaluation.choices import RoundAction
from civicgrid.evaluation.models import Appeal, Scheme
from civicgrid.evaluation.workflow import assessment_round_transition
from civicgrid.web.tests.browser import DESKTOP
from civicgrid.web.tests.test_accessibility import violations

from .test_indicators import rows

pytestmark = pytest.mark.django_db


def test_the_templates_are_shipped():
    names = set(Scheme.objects.filter(template=True).values_list("name", flat=True))
    assert names == {
        "党组织标准化建设质量认证",
        "网格员考核（日常记录与年度评议）",
        "城市管理第三方考评",
        "年度联考（职能部门）",
        "物业服务企业年度考核",  # rated by residents' representatives where it manages
        "街道工作实绩评议",  # rated by the street's consultation committee
    }
    for scheme in Scheme.objects.filter(template=True):
        scheme.full_clean()
        for item in scheme.items.all():
            item.full_clean()
        assert sum(i.weight for i in scheme.items.all()) == 100


def party_round(loop, **kw):
    scheme = scheme_copy(
        Scheme.objects.get(name="党组织标准化建设质量认证"), name="2026 年质量认证"
    )
    today = timezone.localdate()
    rnd = round_start(
        scheme=scheme,
        name="2026 年度认证",
        period="2026",
        subjects=[loop.street_office, loop.department],
        scoring_due=kw.get("scoring_due", today + dt.timedelta(days=5)),
        appeals_due=kw.get("appeals_due", today + dt.timedelta(days=10)),
    )
    return scheme, rnd


def evidence():
    return SimpleUploadedFile("minutes.pdf", b"%PDF-1.4 minutes", content_type="application/pdf")


def test_scoring_by_the_named_raters_with_evidence_and_levels(loop):
    scheme, rnd = party_round(loop)
    items = {i.title[:6]: i for i in scheme.items.all()}
    street, dept = (rnd.assessments.get(unit=u) for u in (loop.street_office, loop.department))
    member = user_with_role("party-secretary", loop.tree.street, Role.GRID_LEADER)
    self_item = next(i for i in scheme.items.all() if i.rated_by == "self")
    superior_item = next(i for i in scheme.items.all() if i.rule == "deduction")
    # the self-assessment needs evidence and comes from the street office's own people
    with pytest.raises(DomainError) as caught:
        item_score(assessment=street, item=self_item, value="yes", actor=member)
    assert caught.value.field == "evidence"
    item_score(assessment=street, item=self_item, value="yes", actor=member, evidence=evidence())
    with pytest.raises(DomainError) as caught:
        item_score(assessment=street, item=superior_item, value="1", actor=member)
    assert caught.value.field == "item"  # a superior's item: not theirs
    with pytest.raises(DomainError):
        item_score(assessment=dept, item=self_item, value="yes", actor=member, evidence=evidence())
    # the leader records the superior's and others' scores
    item_score(assessment=street, item=superior_item, value="2", actor=loop.leader)  # 10 − 2×2
    with pytest.raises(DomainError) as caught:
        item_score(assessment=street, item=superior_item, value="-1", actor=loop.leader)
    assert caught.value.field == "value"
    for item in scheme.items.exclude(pk__in=[self_item.pk, superior_item.pk]):
        value = {"yes_no": "yes", "scale": "5", "deduction": "0"}[item.rule]
        item_score(
            assessment=street, item=item, value=value, actor=loop.leader, evidence=evidence()
        )
    ranked = standings(rnd)
    assert (ranked[0].assessment, ranked[0].points, ranked[0].score) == (street, Decimal(96), 96.0)
    assert ranked[0].level == "五星" and ranked[0].rank == 1
    assert ranked[1].score is None and ranked[1].level == "" and ranked[1].rank is None
    assert items  # the items are listed by title


def test_appeals_are_filed_by_the_assessed_and_decided_with_reasons(loop):
    scheme, rnd = party_round(loop)
    street = rnd.assessments.get(unit=loop.street_office)
    member = user_with_role("party-secretary", loop.tree.street, Role.GRID_LEADER)
    item = next(i for i in scheme.items.all() if i.rule == "deduction")
    score = item_score(assessment=street, item=item, value="3", actor=loop.leader)
    assert score.points == 4
    with pytest.raises(DomainError):
        appeal_file(score=score, reason="已整改", actor=loop.operator)  # not the assessed
    appeal = appeal_file(score=score, reason="其中两项已于九月整改销号，附证明", actor=member)
    with pytest.raises(DomainError) as caught:
        appeal_file(score=score, reason="again", actor=member)
    assert caught.value.field == "score"
    with pytest.raises(DomainError) as caught:
        appeal_decide(appeal=appeal, upheld=True, outcome="", actor=loop.leader, value="1")
    assert caught.value.field == "outcome"
    with pytest.raises(DomainError):
        appeal_decide(appeal=appeal, upheld=True, outcome="x", actor=member, value="1")
    appeal_decide(
        appeal=appeal, upheld=True, outcome="核实两项已销号", actor=loop.leader, value="1"
    )
    appeal.refresh_from_db()
    score.refresh_from_db()
    assert appeal.decision == Appeal.Decision.UPHELD and appeal.points_before == 4
    assert score.points == 8 and score.value == "1"


def test_indicator_items_compute_and_deadlines_hold(loop, settings):
    settings.CIVICGRID_RANKING_MIN_CASES = 4  # four cases each: enough to be rated
    scheme = scheme_copy(Scheme.objects.get(name="城市管理第三方考评"))
    past = timezone.localdate() - dt.timedelta(days=1)
    rnd = round_start(
        scheme=scheme,
        name="10 月第三方考评",
        period="2026-10",
        subjects=[loop.tree.street, loop.tree.other_street],
        scoring_due=past,
        appeals_due=past,
    )
    closed = {"state": "closed", "closed_at": dt.datetime(2026, 10, 20, tzinfo=dt.UTC)}
    rows(loop, 3, closed_on_time=True, rating="satisfied", **closed)
    rows(loop, 1, closed_on_time=False, **closed)
    assert compute(rnd) == 3  # the east street's three indicator items; the west has no cases
    street = rnd.assessments.get(area=loop.tree.street)
    got = {s.item.indicator: s.points for s in street.scores.all()}
    assert got == {"closing_rate": 20, "on_time_closing_rate": 15, "satisfaction_rate": 10}
    manual = scheme.items.filter(rule="scale").first()
    with pytest.raises(DomainError) as caught:
        item_score(assessment=street, item=manual, value="5", actor=loop.leader)
    assert caught.value.code == "closed"
    indicator_item = scheme.items.filter(rule="indicator").first()
    with pytest.raises(DomainError):
        item_score(assessment=street, item=indicator_item, value="5", actor=loop.leader)
    with pytest.raises(DomainError) as caught:
        round_start(
            scheme=scheme,
            name="x",
            period="2026-13",
            subjects=[],
            scoring_due=past,
            appeals_due=past,
        )
    assert caught.value.field == "period"


def test_the_pages_score_appeal_and_decide(client, loop):
    scheme, rnd = party_round(loop)
    street = rnd.assessments.get(unit=loop.street_office)
    member = user_with_role("party-secretary", loop.tree.street, Role.GRID_LEADER)
    item = next(i for i in scheme.items.all() if i.rule == "deduction")
    client.force_login(loop.leader)
    assert rnd.name in client.get(reverse("evaluation:assessment_rounds")).content.decode()
    url = reverse("evaluation:assessment", args=[rnd.pk, street.pk])
    client.post(
        reverse("evaluation:assessment_score", args=[rnd.pk, street.pk, item.pk]), {"value": "3"}
    )
    score = street.scores.get(item=item)
    assert score.points == 4
    client.force_login(member)
    page = client.get(url).content.decode()
    assert "申诉" in page
    assert "4 / 10" in page
    client.post(
        reverse("evaluation:assessment_appeal", args=[rnd.pk, street.pk, score.pk]),
        {"reason": "两项已销号"},
    )
    appeal = Appeal.objects.get()
    client.force_login(loop.leader)
    client.post(
        reverse("evaluation:assessment_decide", args=[rnd.pk, street.pk, appeal.pk]),
        {"decision": "upheld", "value": "1", "outcome": "核实"},
    )
    score.refresh_from_db()
    assert score.points == 8
    standings_page = client.get(
        reverse("evaluation:assessment_round", args=[rnd.pk])
    ).content.decode()
    assert loop.street_office.name in standings_page
    # out of scope: the department's assessment is not the street's member's to see
    dept = rnd.assessments.get(unit=loop.department)
    client.force_login(member)
    assert client.get(reverse("evaluation:assessment", args=[rnd.pk, dept.pk])).status_code == 404
    client.force_login(loop.resident)
    assert client.get(reverse("evaluation:assessment_round", args=[rnd.pk])).status_code == 404


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_assessment_page_is_accessible(open_page, loop):
    _scheme, rnd = party_round(loop)
    street = rnd.assessments.get(unit=loop.street_office)
    page = open_page(loop.leader, viewport=DESKTOP)
    page.goto(f"/evaluation/assessments/{rnd.pk}/{street.pk}/")
    page.wait_for_load_state("networkidle")
    assert not violations(page)


def test_the_api(client, loop):
    scheme, rnd = party_round(loop)
    street = rnd.assessments.get(unit=loop.street_office)
    member = user_with_role("party-secretary", loop.tree.street, Role.GRID_LEADER)
    item = next(i for i in scheme.items.all() if i.rule == "deduction")
    self_item = next(i for i in scheme.items.all() if i.rated_by == "self")
    templates = client.get("/api/v1/schemes", **bearer(loop.leader)).json()
    assert sum(1 for s in templates if s["template"]) == 6
    got = client.post(
        f"/api/v1/assessments/{street.pk}/scores",
        {"item": item.pk, "value": "3", "note": "抽查"},
        **bearer(loop.leader),
    ).json()
    assert got["standing"]["points"] == 4.0 and got["scores"][0]["value"] == "3"
    no_evidence = client.post(
        f"/api/v1/assessments/{street.pk}/scores",
        {"item": self_item.pk, "value": "yes"},
        **bearer(member),
    )
    assert no_evidence.status_code == 400 and no_evidence.json()["field"] == "evidence"
    with_evidence = client.post(
        f"/api/v1/assessments/{street.pk}/scores",
        {"item": self_item.pk, "value": "yes", "evidence": evidence()},
        **bearer(member),
    )
    assert with_evidence.status_code == 200
    score_id = street.scores.get(item=item).pk
    appealed = client.post(
        f"/api/v1/assessments/{street.pk}/appeals",
        {"score": score_id, "reason": "已整改"},
        content_type="application/json",
        **bearer(member),
    ).json()
    appeal_id = next(s for s in appealed["scores"] if s["id"] == score_id)["appeals"][0]["id"]
    decided = client.post(
        f"/api/v1/appeals/{appeal_id}/decision",
        {"upheld": False, "outcome": "证明不足"},
        content_type="application/json",
        **bearer(loop.leader),
    ).json()
    assert (
        next(s for s in decided["scores"] if s["id"] == score_id)["appeals"][0]["decision"]
        == "refused"
    )
    standings = client.get(f"/api/v1/assessment-rounds/{rnd.pk}/standings", **bearer(member)).json()
    assert [s["subject"]["code"] for s in standings] == [loop.street_office.code]  # theirs only
    dept = rnd.assessments.get(unit=loop.department)
    assert client.get(f"/api/v1/assessments/{dept.pk}", **bearer(member)).status_code == 404
    assert client.get("/api/v1/assessment-rounds", **bearer(loop.resident)).json() == []


def test_exports_and_the_certificate(client, loop):
    scheme, rnd = party_round(loop)
    street = rnd.assessments.get(unit=loop.street_office)
    for item in scheme.items.exclude(rated_by="self"):
        value = {"yes_no": "yes", "scale": "5", "deduction": "0"}[item.rule]
        item_score(
            assessment=street, item=item, value=value, actor=loop.leader, evidence=evidence()
        )
    client.force_login(loop.leader)
    certificate = reverse("evaluation:assessment_certificate", args=[rnd.pk, street.pk])
    assert client.get(certificate).status_code == 404  # not final yet
    root = User.objects.create_superuser("root", password="pw-for-tests-123")
    assessment_round_transition(
        round_id=rnd.pk, action=RoundAction.CLOSE, actor=root, now=timezone.now()
    )  # the results final
    page = client.get(certificate).content.decode()
    assert "五星" not in page and "四星" in page and "90" in page  # 90 of 100: four stars
    xlsx = client.get(reverse("evaluation:assessment_round", args=[rnd.pk]), {"format": "xlsx"})
    assert xlsx.content[:2] == b"PK"
    dept = rnd.assessments.get(unit=loop.department)
    assert (
        client.get(reverse("evaluation:assessment_certificate", args=[rnd.pk, dept.pk])).status_code
        == 404
    )  # no level reached


def test_the_district_starts_rounds_through_the_api(client, loop):
    admin = User.objects.create_superuser("root", password="pw-for-tests-123")
    template = Scheme.objects.get(name="网格员考核（日常记录与年度评议）")
    copy = client.post(
        f"/api/v1/schemes/{template.pk}/copy",
        {"name": "2026 网格员考核"},
        content_type="application/json",
        **bearer(admin),
    )
    assert copy.status_code == 201 and copy.json()["template"] is False
    today = timezone.localdate()
    body = {
        "scheme": copy.json()["id"],
        "name": "2026 年度",
        "period": "2026",
        "scoring_due": str(today),
        "appeals_due": str(today),
        "subjects": [loop.supervisor.username, "nobody"],
    }
    bad = client.post(
        "/api/v1/assessment-rounds", body, content_type="application/json", **bearer(admin)
    )
    assert bad.status_code == 400 and bad.json()["field"] == "subjects.1"
    body["subjects"] = [loop.supervisor.username]
    made = client.post(
        "/api/v1/assessment-rounds", body, content_type="application/json", **bearer(admin)
    )
    assert made.status_code == 201
    # the grid worker sees their own assessment; others may not start rounds
    assert [
        r["name"] for r in client.get("/api/v1/assessment-rounds", **bearer(loop.supervisor)).json()
    ] == ["2026 年度"]
    denied = client.post(
        "/api/v1/assessment-rounds", body, content_type="application/json", **bearer(loop.leader)
    )
    assert denied.status_code == 404
