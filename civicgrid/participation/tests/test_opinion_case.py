"""An opinion routed as a case is resolved when its case closes, not before (it could once be
marked resolved while its case was still open). The page offers no "mark resolved" for it
meanwhile; the API and the service refuse, naming the case."""

import pytest
from django.utils import timezone

from civicgrid.cases.models import Case
from civicgrid.core.errors import DomainError
from civicgrid.participation import opinions
from civicgrid.participation.models import Opinion

pytestmark = pytest.mark.django_db


def test_an_opinion_routed_as_a_case_waits_for_the_case(micro, client):
    area, m = micro.call.area, micro.council
    opinion = opinions.opinion_collect(actor=m, area=area, channel="visit", text="小区路灯太暗")
    opinions.opinion_route(actor=m, opinion=opinion, to="case", case_class="AP005")
    opinion.refresh_from_db()
    with pytest.raises(DomainError) as caught:
        opinions.opinion_resolve(actor=m, opinion=opinion, resolution="已修好")
    assert caught.value.code == "case_open" and opinion.case.number in caught.value.message
    assert not Opinion.objects.filter(opinions.RESOLVED).exists()
    # the page says why, instead of a form that would fail
    client.force_login(m)
    page = client.get("/participation/opinions/").content.decode()
    assert opinion.case.number in page and 'name="resolution"' not in page
    response = client.post(
        "/participation/opinions/", {"action": "resolve", "opinion": opinion.pk, "resolution": "x"}
    )
    assert response.status_code in (200, 302)
    assert not Opinion.objects.get(pk=opinion.pk).resolution
    # once the case closes the opinion is resolved; staff may then say how
    Case.objects.filter(pk=opinion.case_id).update(state="closed", closed_at=timezone.now())
    assert set(Opinion.objects.filter(opinions.RESOLVED)) == {opinion}
    opinion.refresh_from_db()
    opinions.opinion_resolve(actor=m, opinion=opinion, resolution="已修好")
    assert Opinion.objects.get(pk=opinion.pk).resolution == "已修好"


def test_a_long_named_liaison_is_shortened_visibly_on_the_case(micro):
    micro.council.first_name = "议" * 100  # the case's reporter name holds 50
    micro.council.save()
    opinion = opinions.opinion_collect(actor=micro.council, area=micro.call.area,
                                       channel="visit", text="小区路灯太暗")  # fmt: skip
    opinions.opinion_route(actor=micro.council, opinion=opinion, to="case", case_class="AP005")
    name = Opinion.objects.get(pk=opinion.pk).case.reporter_name
    assert len(name) == 50 and name.endswith("…")
