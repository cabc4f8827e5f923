"""The residents' class picker: a dozen plain choices mapped onto the catalogue, and the
suggestions endpoint the portal (and the patrol form) ask as people type."""

from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.urls import reverse

from civicgrid.cases import portal_resident
from civicgrid.catalogue import plain
from civicgrid.catalogue.models import CaseClass, MajorClass
from civicgrid.core.ratelimit import Limit

pytestmark = pytest.mark.django_db


def test_every_mapped_code_is_an_active_public_class_of_the_catalogue():
    assert MajorClass.objects.count() == 13  # the catalogue the choices stand on
    assert 12 <= len(plain.CHOICES) <= 13
    known = {c.code: c for c in CaseClass.objects.all()}
    for choice in plain.CHOICES:
        assert choice.codes, choice.key
        assert len(set(choice.codes)) == len(choice.codes), choice.key
        for code in choice.codes:
            assert code in known, (choice.key, code)
            assert known[code].active and known[code].public, (choice.key, code)
        assert [c.code for c in plain.choice_classes(choice.key)] == list(choice.codes)
    assert len({c.key for c in plain.CHOICES}) == len(plain.CHOICES)
    # every major class but the parts nobody reports by name is reachable from a choice
    reached = {known[code].major.code for c in plain.CHOICES for code in c.codes}
    assert {"01", "02", "03", "04", "06", "07", "08", "09", "10", "AP", "DS", "SV"} <= reached


def test_an_icon_for_every_choice():
    for choice in plain.CHOICES:
        path = finders.find(f"civicgrid/icons/{choice.icon}.svg")
        assert path, choice.icon
        svg = Path(path).read_text(encoding="utf-8")
        assert svg.startswith("<svg") and "http://" not in svg.replace("http://www.w3.org", "")


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("暴露垃圾", "06010"),
        ("垃圾", "06010"),
        ("噪声", "06028"),
        ("吵", "06028"),  # what people say
        ("zaosheng", "06028"),  # full pinyin
        ("zs", "06028"),  # initials
        ("bllj", "06010"),
        ("乱停", "09009"),
        ("停车", "09009"),
        ("路灯", "01037"),
        ("邻居", "DS001"),
        ("noise", "06028"),
        ("物业", "DS002"),
    ],
)
def test_suggestions_find_what_people_type(typed, expected):
    codes = [c.code for c in plain.suggest(typed)]
    assert expected in codes[:5], (typed, codes)


def test_the_endpoint_answers_json_of_public_classes(client):
    got = client.get(reverse("portal:classes"), {"q": "垃圾"})
    assert got.status_code == 200 and got["Content-Type"] == "application/json"
    items = got.json()["items"]
    assert items and set(items[0]) == {"code", "label", "group"}
    assert items[0]["code"] == "06010" and items[0]["label"] == "暴露垃圾"
    assert items[0]["group"] == "市容环境类"
    assert "AP006" not in [i["code"] for i in client.get("/portal/classes?q=AP").json()["items"]]
    noise = client.get(reverse("portal:classes"), {"choice": "noise"}).json()["items"]
    assert [i["code"] for i in noise] == list(plain.BY_KEY["noise"].codes)
    english = client.get("/portal/classes?q=noise", HTTP_ACCEPT_LANGUAGE="en").json()["items"]
    assert english[0]["code"] == "06028"


@pytest.mark.parametrize(
    "hostile",
    ["", " ", "%", "_", "'; drop table x; --", "<script>alert(1)</script>", "\x00", "a" * 5000,
     "垃" * 1000, "😀", "\u202e", ".*", "(", "\\"],
)  # fmt: skip
def test_hostile_input_is_an_empty_or_sane_answer(client, hostile):
    got = client.get(reverse("portal:classes"), {"q": hostile, "limit": "9999"})
    assert got.status_code in (200, 400)
    if got.status_code == 200:
        items = got.json()["items"]
        assert len(items) <= plain.MAX_ITEMS
    assert client.get(reverse("portal:classes"), {"choice": hostile}).status_code in (200, 400)
    assert client.get(reverse("portal:classes"), {"q": "垃圾", "limit": "x"}).status_code == 200


def test_the_endpoint_is_rate_limited_per_address(client, monkeypatch):
    cache.clear()
    monkeypatch.setattr(portal_resident, "SUGGEST_LIMIT", Limit("portal.classes.t", 3, 3600))
    for _n in range(3):
        assert client.get("/portal/classes?q=垃圾").status_code == 200
    refused = client.get("/portal/classes?q=垃圾")
    assert refused.status_code == 429 and refused.json()["items"] == []
