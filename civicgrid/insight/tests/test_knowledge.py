"""The knowledge base: kept by administrators and the owning unit (a new version each save, the
old text kept), reviewed by a date, found by what a caller says (not only the title's words),
read by staff on the pages, the intake's panel and the API; 404 for residents and anonymous."""

import datetime as dt

import pytest

from civicgrid.accounts.choices import Role
from civicgrid.accounts.tests.factories import bearer, unit_for, user_with_role
from civicgrid.catalogue.models import CaseClass
from civicgrid.core.errors import DomainError
from civicgrid.insight import knowledge
from civicgrid.insight.knowledge_models import Article, ArticleVersion

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 7)


@pytest.fixture
def kb(loop, tree):
    office = unit_for(tree.district, "department")
    admin = user_with_role("kb_admin", tree.district, Role.ADMIN)
    noise = knowledge.article_save(
        actor=admin, title="噪声扰民找谁", answer="社会生活噪声由城管和公安按职责处理。",
        responsible="区城管执法局", keywords="噪音 太吵 广场舞 音响", owner=office,
        review_by=TODAY + dt.timedelta(days=90), active=True,
        classes=list(CaseClass.objects.filter(code="06028")), note="初稿",
    )  # fmt: skip
    aid = knowledge.article_save(
        actor=admin, title="最低生活保障怎么申请", answer="家庭人均收入低于低保标准的可向街道申请。",
        keywords="低保 困难 救助", owner=office, review_by=TODAY - dt.timedelta(days=1),
        active=True,
    )  # fmt: skip
    return admin, office, noise, aid


def test_found_by_what_the_caller_says(kb):
    _admin, _office, noise, aid = kb
    assert knowledge.search("楼下每天晚上跳广场舞音响太吵了")[0] == noise
    assert knowledge.search("家里困难想申请点补助，低保怎么弄")[0] == aid
    assert knowledge.search("   ") == []
    assert knowledge.search("x" * 5000) == []  # only the first characters are read


def test_each_save_is_a_version_and_only_keepers_write(kb, tree):
    admin, _office, noise, _aid = kb
    edited = knowledge.article_save(actor=admin, article=noise, answer="新的答复。",
                                    note="政策调整")  # fmt: skip
    assert edited.version == 2
    assert list(ArticleVersion.objects.filter(article=noise).values_list("version", "answer")) == [
        (2, "新的答复。"), (1, "社会生活噪声由城管和公安按职责处理。")]  # fmt: skip
    handler = user_with_role("kb_handler", tree.district, Role.HANDLER)  # on another unit
    with pytest.raises(DomainError) as err:
        knowledge.article_save(actor=handler, article=noise, answer="x")
    assert err.value.code == "forbidden"
    with pytest.raises(DomainError) as err:
        knowledge.article_save(actor=admin, article=noise, title="")
    assert err.value.field == "title"
    assert Article.objects.get(pk=noise.pk).version == 2  # nothing half-written
    with pytest.raises(DomainError) as err:
        knowledge.article_reviewed(actor=admin, article=noise, review_by=TODAY, today=TODAY)
    assert err.value.field == "review_by"
    assert list(knowledge.due_for_review(TODAY)) == [kb[3]]


def test_staff_read_and_search_residents_get_404(client, kb, loop, tree):
    _admin, _office, noise, _aid = kb
    client.force_login(loop.operator)
    listed = client.get("/insight/knowledge/", {"q": "广场舞太吵"}).content.decode()
    assert noise.title in listed
    page = client.get(f"/insight/knowledge/{noise.pk}/").content.decode()
    assert "区城管执法局" in page and "/edit" not in page  # the operator reads, does not write
    assert client.get(f"/insight/knowledge/{noise.pk}/edit").status_code == 404
    hints = client.get("/insight/knowledge/hints", {"description": "晚上音响太吵睡不着"})
    assert noise.title in hints.content.decode()
    api = client.get("/api/v1/knowledge-articles", {"q": "广场舞"}, **bearer(loop.operator))
    assert api.status_code == 200 and api.json()[0]["code"] == noise.code
    assert api.json()[0]["classes"] == ["06028"]
    resident = user_with_role("kb_resident", tree.community, Role.RESIDENT)
    client.force_login(resident)
    for url in ("/insight/knowledge/", f"/insight/knowledge/{noise.pk}/", "/insight/knowledge/new"):
        assert client.get(url).status_code == 404
    assert client.get("/api/v1/knowledge-articles/1", **bearer(resident)).status_code == 404


def test_an_administrator_writes_from_the_page_and_bad_input_names_the_field(client, kb):
    admin, office, _noise, _aid = kb
    client.force_login(admin)
    form = {"title": "<script>x</script>电梯困人", "answer": "按警铃。", "owner": office.pk,
            "review_by": "2027-06-01", "classes": "01076 ZZ999", "active": "on"}  # fmt: skip
    refused = client.post("/insight/knowledge/new", form)
    assert refused.status_code == 200 and "ZZ999" in refused.content.decode()
    assert Article.objects.count() == 2
    done = client.post("/insight/knowledge/new", {**form, "classes": "01076"})
    assert done.status_code == 302
    made = Article.objects.get(title__contains="电梯")
    assert list(made.classes.values_list("code", flat=True)) == ["01076"]
    assert "<script>x</script>" not in client.get(done["Location"]).content.decode()
    edited = client.post(f"/insight/knowledge/{made.pk}/edit",
                         {**form, "classes": "01076", "answer": "按警铃，等待救援。",
                          "note": "补充"})  # fmt: skip
    assert edited.status_code == 302 and Article.objects.get(pk=made.pk).version == 2
