"""The class suggestion: trained on the catalogue and the district's classified cases, asked
while typing (the intake's buttons, the API), signed so that a tampered model is never loaded,
recorded with each case recorded from words (taken, among the three), counted as figures."""

import pytest
from django.utils import timezone

from civicgrid.accounts.choices import Role
from civicgrid.accounts.tests.factories import bearer, user_with_role
from civicgrid.cases.models import Case
from civicgrid.cases.services.intake import Report, case_report
from civicgrid.insight import classifier, corpus, suggestions
from civicgrid.insight.models import ClassModel, Suggestion

pytestmark = pytest.mark.django_db

NOISE = "喂你好，我要反映个事，在幸福小区3号楼这里，"


def reported(loop, description: str, code: str = "06010") -> Case:
    return case_report(actor=loop.operator, report=Report(
        case_class=code, answers={"volume": "small"} if code == "06010" else {},
        lon=121.41, lat=31.12, description=description))  # fmt: skip


def test_the_model_reads_words_it_was_taught_and_keeps_its_signature():
    docs = [(code, text) for code, texts in corpus.phrases("train").items() for text in texts]
    model = classifier.train(docs)
    guesses = model.top(NOISE + "楼下跳广场舞的音响太吵了，晚上睡不着", 3)
    assert "06028" in [g.code for g in guesses]
    assert 0 < guesses[0].confidence <= 1 and guesses[0].confidence >= guesses[1].confidence
    assert model.top("   ，。!") == []  # nothing to read: nothing suggested
    blob, signature = classifier.dump(model, b"k" * 32)
    assert classifier.load(blob, signature, b"k" * 32).classes == model.classes
    with pytest.raises(classifier.SignatureError):
        classifier.load(blob + b"x", signature, b"k" * 32)  # tampered: never unpickled
    with pytest.raises(classifier.SignatureError):
        classifier.load(blob, signature, b"another key")
    with pytest.raises(ValueError):
        classifier.train([("06028", "太吵")])  # one class is no classifier


def test_retrained_on_cases_it_suggests_and_records_whether_it_was_taken(loop, monkeypatch):
    assert suggestions.suggest("井盖没了") == []  # before the first training: nothing
    for text in ("路口一大堆烂菜叶塑料袋没人清", "草丛里扔了好多垃圾袋，臭"):
        case = reported(loop, text)
    row = suggestions.retrain()
    assert row.cases == 2 and row.documents > row.cases and row.classes > 50
    assert ClassModel.objects.count() == 1
    found = suggestions.suggest("路灯不亮了，整条路黑漆漆的")
    assert found and len(found) <= 3
    assert found[0].case_class.code == "01037"
    monkeypatch.setattr(suggestions, "KEPT", 1)
    newest = suggestions.retrain()
    assert list(ClassModel.objects.all()) == [newest]  # the older ones dropped
    case.description = "路灯不亮了，晚上一片漆黑"
    recorded = suggestions.record(case)
    assert recorded is not None
    assert recorded.chosen == case.case_class.code
    assert recorded.taken == (recorded.suggested[0][0] == case.case_class.code)
    assert recorded.in_top3 == (case.case_class.code in [c for c, _p in recorded.suggested])


def test_a_tampered_model_is_refused_and_nothing_is_suggested(loop):
    row = suggestions.retrain()
    ClassModel.objects.filter(pk=row.pk).update(signature="0" * 64)
    suggestions.MODEL.forget()
    assert suggestions.suggest("路灯不亮") == []


def test_the_intake_shows_three_buttons_and_the_api_answers(client, loop, tree):
    suggestions.retrain()
    client.force_login(loop.operator)
    page = client.get("/insight/classes", {"description": "<b>马路边的路灯</b>晚上一直不亮"})
    body = page.content.decode()
    assert page.status_code == 200 and body.count("data-class-code=") == 3
    assert 'data-class-code="01037"' in body and "<b>" not in body
    assert (
        "data-class-code"
        not in client.get("/insight/classes", {"description": ""}).content.decode()
    )
    answer = client.get(
        "/api/v1/class-suggestions", {"text": "路灯不亮了"}, **bearer(loop.operator)
    )
    assert answer.status_code == 200 and answer.json()[0]["code"] == "01037"
    assert client.get("/api/v1/class-suggestions", {"text": "x" * 3000},
                      **bearer(loop.operator)).status_code == 422  # fmt: skip
    resident = user_with_role("suggest_resident", tree.community, Role.RESIDENT)
    client.force_login(resident)
    shown = client.get("/insight/classes", {"description": "单位拖欠工资三个月了"}).content.decode()
    assert shown.count("data-class-code=") <= 3  # public classes only
    client.logout()
    assert client.get("/insight/classes", {"description": "路灯"}).status_code == 302
    # the portal's report form asks anonymously, and is offered public classes to choose from
    portal = client.get("/insight/classes/public", {"description": "<i>路灯</i>晚上一直不亮"})
    body = portal.content.decode()
    assert 'data-portal-class="01037"' in body and "<i>" not in body
    assert "data-portal-class" not in client.get("/insight/classes/public").content.decode()


def test_a_case_recorded_from_words_records_its_suggestion_and_the_figures_count_it(
    loop, django_capture_on_commit_callbacks
):
    from civicgrid.insight import figures

    suggestions.retrain()
    with django_capture_on_commit_callbacks(execute=True):
        case = reported(loop, "路边有一堆垃圾没人清，苍蝇到处飞")
    recorded = Suggestion.objects.get(case=case)
    assert recorded.chosen == "06010" and recorded.in_top3
    day = timezone.localdate(recorded.at)
    grid = case.grid
    counted = figures.counts([grid], day, day)[grid.pk]
    assert counted["cs_suggested"] == 1 and counted["cs_in_top3"] == 1
    assert counted["cs_taken"] == int(recorded.taken)
    with django_capture_on_commit_callbacks(execute=True):
        quiet = reported(loop, "")
    assert not Suggestion.objects.filter(case=quiet).exists()  # no words: nothing suggested
