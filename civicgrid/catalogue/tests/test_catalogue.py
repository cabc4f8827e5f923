"""The shipped catalogue, local extensions and the hotline's class search."""

import csv
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from civicgrid.catalogue import seed, selectors, services
from civicgrid.catalogue.models import CaseClass, ClassQuestion, MajorClass, PartType
from civicgrid.core.errors import DomainError

pytestmark = pytest.mark.django_db


def test_the_national_catalogue_is_loaded_whole():
    # given the file copied from GB/T 47678.5-2026
    with (seed.DATA / "gbt47678_5_catalogue.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    # then every part and matter is in the database, with its major class
    assert PartType.objects.count() == 153 == sum(r["kind"] == "part" for r in rows)
    matters = CaseClass.objects.filter(kind="matter")
    assert matters.count() == 250 == sum(r["kind"] == "matter" for r in rows)
    assert MajorClass.objects.filter(kind="matter").count() == 10
    rubbish = CaseClass.objects.get(code="06010")
    assert rubbish.name == "暴露垃圾" and rubbish.major.name == "市容环境类"
    assert rubbish.name_en == "Exposed rubbish"
    # the part matters point at their part and have English names derived from it
    cover = CaseClass.objects.get(code="01001")
    assert cover.part.name == "供水井盖" and cover.name_en == "Water supply manhole cover defect"
    # gaps in the numbering stay gaps
    assert not CaseClass.objects.filter(code__in=["01016", "06031", "07005", "09007"]).exists()


def test_every_class_has_english_and_initials():
    assert not CaseClass.objects.filter(name_en="").exists()
    assert not CaseClass.objects.filter(initials="").exists()
    assert not PartType.objects.filter(name_en="").exists()


def test_appeals_disputes_and_services_sit_beside_the_matters():
    appeals = dict(CaseClass.objects.filter(kind="appeal").values_list("name", "handle_limit"))
    assert appeals == {
        "咨询": Decimal(3),
        "求助": Decimal(3),
        "投诉": Decimal(13),
        "举报": Decimal(13),
        "建议": Decimal(13),
        "社区反映未准入事项": Decimal(15),  # a community's complaint of unadmitted work
        "物业服务投诉": Decimal(5),  # a resident's complaint about their estate's company
    }
    assert not CaseClass.objects.get(code="AP006").public  # staff file it, not the public
    assert CaseClass.objects.get(code="AP007").public  # residents complain on the portal
    assert CaseClass.objects.get(code="AP007").questions.get().code == "about"
    assert CaseClass.objects.filter(kind="dispute").count() == 7
    assert CaseClass.objects.filter(kind="service").exists()


def test_domain_limits_are_the_defaults():
    rubbish = CaseClass.objects.get(code="06010")
    assert rubbish.limit("handle") == (Decimal(4), "hours")
    assert CaseClass.objects.get(code="06001").limit("handle") == (Decimal(4), "hours")


def test_shipped_questions():
    questions = list(CaseClass.objects.get(code="06028").questions.all())
    assert [q.code for q in questions] == ["source", "since"]
    assert questions[0].datatype == "multivaluelist" and questions[0].required
    assert questions[0].choice_keys() == ["shop", "site", "home", "other"]


def test_loading_again_changes_nothing_and_keeps_admin_edits():
    rubbish = CaseClass.objects.get(code="06010")
    services.class_update(case_class=rubbish, handle_limit=Decimal(2))
    assert seed.load() == 0
    rubbish.refresh_from_db()
    assert rubbish.handle_limit == Decimal(2)
    assert ClassQuestion.objects.filter(case_class__code="06010").count() == 1


def test_local_extensions_count_down_from_999_and_never_reuse_a_code():
    major = MajorClass.objects.get(code="06")
    first = services.class_create_local(
        major=major, name="共享充电宝乱放", sign_limit=1, handle_limit=1, check_limit=1
    )
    assert first.code == "06999" and first.local and first.kind == "matter"
    assert first.initials == "gxcdblf"
    services.class_retire(case_class=first)
    second = services.class_create_local(
        major=major, name="外卖箱乱放", sign_limit=1, handle_limit=1, check_limit=1
    )
    assert second.code == "06998"


def test_local_class_in_a_dispute_major():
    major = MajorClass.objects.get(code="DS")
    created = services.class_create_local(
        major=major, name="宠物纠纷", sign_limit=1, handle_limit=20, check_limit=2
    )
    assert created.code == "DS999" and created.kind == "dispute"


def test_bad_limits_name_the_field():
    major = MajorClass.objects.get(code="06")
    with pytest.raises(ValidationError) as info:
        services.class_create_local(
            major=major, name="x", sign_limit=0, handle_limit=1, check_limit=1
        )
    assert list(info.value.error_dict) == ["sign_limit"]
    assert not CaseClass.objects.filter(local=True).exists()


def test_code_and_kind_cannot_change():
    with pytest.raises(DomainError) as info:
        services.class_update(case_class=CaseClass.objects.get(code="06010"), code="06999")
    assert info.value.field == "code"


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("06010", "06010"),
        ("0601", "06010"),
        ("bllj", "06010"),
        ("BLLJ", "06010"),
        ("暴露垃圾", "06010"),
        ("露垃", "06010"),
        ("zdjy", "09006"),
        ("ts", "AP003"),
        ("噪声", "06028"),
    ],
)
def test_class_search(query, first):
    found = selectors.class_search(query)
    assert found, query
    assert first in [c.code for c in found[:3]]


def test_search_prefers_prefix_matches_and_skips_retired():
    found = selectors.class_search("垃圾")
    assert found[0].name.startswith("垃圾")
    services.class_retire(case_class=CaseClass.objects.get(code="06010"))
    assert "06010" not in [c.code for c in selectors.class_search("bllj")]


def test_search_by_kind():
    assert {c.kind for c in selectors.class_search("j", kind="dispute")} == {"dispute"}


def test_active_class_cache_follows_every_change(settings, django_assert_num_queries):
    settings.CIVICGRID_CACHE_RECHECK = 3600
    found = selectors.active_class(" 06010 ")
    assert found.code == "06010" and [q.code for q in found.questions.all()] == ["volume"]
    with django_assert_num_queries(0):
        assert selectors.active_class("06010") is found
    # a question added, a class retired or added: seen at once, whoever wrote it
    services.question_add(case_class=found, code="smell", label="气味", datatype="string")
    assert "smell" in [q.code for q in selectors.active_class("06010").questions.all()]
    services.class_retire(case_class=CaseClass.objects.get(code="06010"))
    assert selectors.active_class("06010") is None
    major = MajorClass.objects.get(code="06")
    local = services.class_create_local(
        major=major, name="本地事项", sign_limit=1, handle_limit=1, check_limit=1
    )
    assert selectors.active_class(local.code).name == "本地事项"
    seed.load()  # nothing missing: nothing to tell
    assert selectors.active_class(local.code) is not None
