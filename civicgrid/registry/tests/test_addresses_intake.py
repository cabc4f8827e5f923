"""The hotline places a phoned-in complaint by the address as the caller says it (issue #18):
one building found → its grid and point; several → refused on the address, naming them; nothing
written when refused; the class answers given come back."""

import datetime as dt

import pytest
from django.utils import translation

from civicgrid.cases.models import Case
from civicgrid.cases.services import Report, case_report
from civicgrid.core.errors import DomainError

from . import test_addresses

places = test_addresses.places  # the fixture: buildings of our own

MONDAY = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)


def report(loop, address, **kw):
    values = {
        "case_class": "06010",
        "description": "楼下垃圾",
        "channel": "hotline",
        "address": address,
        "reporter_name": "王女士",
        "reporter_phone": "13812345678",
        "answers": {"volume": "large"},
    }
    values.update(kw)
    return case_report(actor=loop.operator, report=Report(**values), now=MONDAY)


@pytest.mark.parametrize(
    "said",
    [
        "示范路391号",
        "391号示范路",
        "东街道示范路391号",
        "sfl391",
        "示范璐391号",
        "示范区示范路391号",
    ],
)
def test_the_address_as_said_places_the_case(loop, places, said):
    case = report(loop, said)
    b = places["391"]
    assert case.building == b and case.grid == b.grid
    assert (case.lon, case.lat) == (b.lon, b.lat)
    assert case.address.startswith("示范区示范路391号 幸福苑1号楼")


def test_what_the_caller_adds_is_kept_after_the_standard_address(loop, places):
    case = report(loop, "示范路391号2单元301门口")
    assert case.building == places["391"]
    assert case.address == "示范区示范路391号 幸福苑1号楼（示范路391号2单元301门口）"


@pytest.mark.parametrize("said", ["建设路8号", "人民大道200号", "???"])
def test_an_address_that_is_not_one_place_is_refused_and_nothing_written(loop, places, said):
    with translation.override("zh-hans"), pytest.raises(DomainError) as refused:
        report(loop, said)
    assert refused.value.field == "address"
    assert not Case.objects.exists()
    if said == "建设路8号":  # the candidates, in words an operator reads out
        message = str(refused.value.message)
        assert "建设一号楼" in message and "建设二号楼" in message and "T-dup1" in message
        assert "地图" not in message


def test_the_intake_page_names_the_address_and_keeps_the_answers(client, loop, places):
    client.force_login(loop.operator)
    form = {
        "case_class": "06010",
        "answer_volume": "large",
        "description": "门口垃圾",
        "channel": "hotline",
        "address": "建设路8号",
        "reporter_name": "李先生",
        "reporter_phone": "13900001111",
        "idempotency_key": "form-addr-1",
    }
    with translation.override("zh-hans"):
        response = client.post("/cases/new/", form)
    page = response.content.decode()
    assert response.status_code == 400 and not Case.objects.exists()
    assert "<strong>地址</strong>" in page and "建设一号楼" in page
    assert "address:" not in page and "answers.volume" not in page
    assert 'value="large" selected' in page  # the class answer survives the refusal
    response = client.post("/cases/new/", {**form, "address": "391号示范路"})
    assert response.status_code == 302
    assert Case.objects.get().building == places["391"]
