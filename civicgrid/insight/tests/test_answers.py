"""A consultation answered from a knowledge-base article while the caller is on the line is
recorded and closed at once, with the article and its version on the case; only classes marked
answerable are; a bad reference or another class is refused naming the field and writes
nothing; and the answers are counted against the consultations reported."""

import datetime as dt

import pytest
from django.utils import translation

from civicgrid.accounts.choices import Role
from civicgrid.accounts.tests.factories import bearer, unit_for, user_with_role
from civicgrid.cases.choices import State
from civicgrid.cases.models import Case, CaseEvent
from civicgrid.cases.services import Report, case_answer, case_report, case_transition
from civicgrid.cases.services.transition import available_actions
from civicgrid.cases.tests.fixtures import MONDAY
from civicgrid.core.errors import DomainError
from civicgrid.insight import figures, knowledge
from civicgrid.insight.knowledge_models import SpotAnswer

pytestmark = pytest.mark.django_db
ASKED = "你好，我想问下低保怎么申请，家里困难"


@pytest.fixture
def article(loop, tree):
    admin = user_with_role("kb_admin", tree.district, Role.ADMIN)
    return knowledge.article_save(
        actor=admin, title="最低生活保障怎么申请", answer="家庭人均收入低于低保标准的可向街道申请。",
        keywords="低保 困难 救助", owner=unit_for(tree.district, "department"),
        review_by=dt.date(2027, 6, 1), active=True,
    )  # fmt: skip


def _report(code="AP001", key="") -> Report:
    return Report(case_class=code, description=ASKED, channel="hotline", lon=121.41, lat=31.12,
                  reporter_name="王女士", reporter_phone="13900002222",
                  idempotency_key=key)  # fmt: skip


def test_answered_from_an_article_closes_at_once_with_the_article_on_the_case(loop, article):
    case = case_answer(actor=loop.operator, report=_report(), article=article.code, now=MONDAY)
    assert case.state == State.CLOSED and case.closed_at == MONDAY and not case.self_handled
    event = CaseEvent.objects.get(case=case, action="answer")
    assert event.data["article"] == article.code and event.data["article_version"] == 1
    assert event.note == article.answer and event.public  # what the caller was told
    spot = SpotAnswer.objects.get(case=case)
    assert (spot.article, spot.version, spot.answered_by) == (article, 1, loop.operator)
    grid = loop.tree.grid1
    counted = figures.counts([grid], MONDAY.date(), MONDAY.date())[grid.pk]
    assert counted["kb_consultations"] == 1 and counted["kb_answered"] == 1
    behind = figures.behind(loop.leader, "kb_answered", grid, MONDAY.date(), MONDAY.date())
    assert [b.text for b in behind] == [f"{case.number} · {article.code} {article.title}"]


def test_a_class_handled_by_a_unit_or_a_bad_article_is_refused_and_nothing_is_written(
    loop, article
):
    with pytest.raises(DomainError) as err:
        case_answer(actor=loop.operator, report=_report("01023"), article=article.code)
    assert err.value.field == "case_class"
    for reference in ("KB-999999", "<b>x</b>", "=1+1"):
        with pytest.raises(DomainError) as err:
            case_answer(actor=loop.operator, report=_report(), article=reference)
        assert err.value.field == "article"
    article.active = False
    article.save()
    with pytest.raises(DomainError) as err:
        case_answer(actor=loop.operator, report=_report(), article=article.code)
    assert err.value.field == "article"
    assert not Case.objects.exists() and not SpotAnswer.objects.exists()


def test_a_consultation_just_recorded_is_answered_from_its_page_or_by_a_note(loop, article):
    case = case_report(actor=loop.operator, report=_report(), now=MONDAY)
    assert "answer" in available_actions(loop.operator, case)
    assert "answer" not in available_actions(loop.dispatcher, case)  # operators and shift leads
    other = case_report(actor=loop.operator, report=_report("01023", "k2"), now=MONDAY)
    assert "answer" not in available_actions(loop.operator, other)
    with pytest.raises(DomainError) as err:  # neither an article nor what was said
        case_transition(case_id=case.pk, action="answer", actor=loop.operator)
    assert err.value.field == "note"
    done = case_transition(case_id=case.pk, action="answer", actor=loop.operator,
                           note="已告知向街道社区事务受理中心申请。")  # fmt: skip
    assert done.state == State.CLOSED and not SpotAnswer.objects.exists()


def test_the_intake_page_offers_the_article_and_records_the_answer(client, loop, article):
    client.force_login(loop.operator)
    with translation.override("en"):
        hint = client.get("/insight/knowledge/hints", {"description": ASKED, "case_class": "ap001"})
        assert f'data-answer-from="{article.code}"' in hint.content.decode()
        # no submit button of its own: Enter in a field records the case, never answers it
        assert 'type="submit"' not in hint.content.decode()
        other = client.get(
            "/insight/knowledge/hints", {"description": ASKED, "case_class": "01023"}
        )
    other = other.content.decode()
    client.force_login(loop.supervisor)  # a grid worker takes reports, does not answer them
    seen = client.get("/insight/knowledge/hints", {"description": ASKED, "case_class": "AP001"})
    assert article.code in seen.content.decode() and "data-answer-from" not in seen.content.decode()
    client.force_login(loop.operator)
    assert "data-answer-from" not in other and 'data-class-code="AP001"' in other  # choose it first
    form = {"case_class": "AP001", "description": ASKED, "channel": "hotline", "lon": "121.41",
            "lat": "31.12", "reporter_name": "王女士", "idempotency_key": "kb-1",
            "answer_from": article.code}  # fmt: skip
    refused = client.post("/cases/new/", {**form, "self_handle": "on"})
    assert refused.status_code == 400 and not Case.objects.exists()
    done = client.post("/cases/new/", form)
    assert done.status_code == 302
    case = Case.objects.get()
    assert case.state == State.CLOSED
    page = client.get(done["Location"]).content.decode()
    assert f"/insight/knowledge/{article.pk}/" in page and article.title in page


def test_the_api_records_an_answered_consultation(client, loop, article):
    body = {"case_class": "AP001", "description": ASKED, "channel": "hotline", "lon": 121.41,
            "lat": 31.12, "answered_from": article.code}  # fmt: skip
    response = client.post("/api/v1/cases", body, **bearer(loop.operator))
    assert response.status_code == 201, response.content
    assert response.json()["case"]["state"] == "closed"
    bad = client.post("/api/v1/cases", {**body, "answered_from": "KB-0"}, **bearer(loop.operator))
    assert bad.status_code == 400 and bad.json()["field"] == "answered_from"
    assert Case.objects.count() == 1
