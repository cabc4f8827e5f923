"""The party-building pages: in scope or 404, forms only for those who keep the area's register,
a refused form says why and changes nothing, and what people typed is shown as text."""

import pytest
from django.test import Client
from django.urls import reverse

from civicgrid.party import cobuilding, projects
from civicgrid.party.models import PartyOrganisation, StationedUnit

from .fixtures import DAY

pytestmark = pytest.mark.django_db


def client_of(user):
    c = Client()
    c.force_login(user)
    return c


def pages(party):
    a = cobuilding.agreement_draft(
        actor=party.leader, party_organisation=party.committee, stationed_unit=party.hospital,
        title="医社共建", starts_on=DAY, ends_on=DAY.replace(month=12),
        commitments=[cobuilding.Promise("unit", "义诊")],
    )  # fmt: skip
    need = cobuilding.need_raise(
        actor=party.leader,
        area=party.tree.community,
        title="就医难",
        category="health",
        raised_on=DAY,
    )
    p = projects.project_start(
        actor=party.leader,
        area=party.tree.community,
        title="义诊",
        category="health",
        starts_on=DAY,
        need=need,
    )
    return {
        "overview": reverse("party:overview"),
        "units": reverse("party:units"),
        "lists": reverse("party:lists"),
        "organisation": reverse("party:organisation", args=[party.committee.pk]),
        "unit": reverse("party:unit", args=[party.hospital.pk]),
        "agreement": reverse("party:agreement", args=[a.pk]),
        "need": reverse("party:need", args=[need.pk]),
        "project": reverse("party:project", args=[p.pk]),
    }


def test_every_page_opens_in_scope_and_is_not_found_outside(party):
    urls = pages(party)
    for user in (party.leader, party.street_leader, party.worker):
        c = client_of(user)
        for name, url in urls.items():
            assert c.get(url).status_code == 200, (user, name)
    scoped = {k: v for k, v in urls.items() if k not in ("overview", "units", "lists")}
    for user in (party.outsider,):
        c = client_of(user)
        for name, url in scoped.items():
            assert c.get(url).status_code == 404, (user, name)
    for user in (party.handler, party.resident):
        c = client_of(user)
        for name, url in urls.items():
            assert c.get(url).status_code == 404, (user, name)
    assert Client().get(urls["overview"]).status_code == 302  # to the login


def test_forms_show_only_to_those_who_keep_the_register(party):
    urls = pages(party)
    leader, worker = client_of(party.leader), client_of(party.worker)
    for name in ("overview", "units", "organisation", "unit", "agreement", "lists"):
        assert b'type="submit"' in leader.get(urls[name]).content, name
        assert b'type="submit"' not in worker.get(urls[name]).content.split(b"<main")[-1], name
    # a worker posting anyway changes nothing
    worker.post(urls["units"], {"area": party.tree.community.pk, "name": "偷偷登记",
                                "kind": "agency", "members": 0})  # fmt: skip
    assert not StationedUnit.objects.filter(name="偷偷登记").exists()


def test_a_leader_sets_up_an_organisation_and_a_refusal_changes_nothing(party):
    c = client_of(party.leader)
    form = {"name": "<script>alert(1)</script>党支部", "code": "P-NEW",
            "area": party.tree.community.pk, "level": "branch", "parent": party.committee.pk,
            "setting": "estate", "host": "=1+1", "members": 12, "building": ""}  # fmt: skip
    done = c.post(reverse("party:overview"), form)
    made = PartyOrganisation.objects.get(unit__code="P-NEW")
    assert done.status_code == 302 and made.unit.parent == party.committee.unit
    page = c.get(reverse("party:organisation", args=[made.pk])).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    bad = c.post(reverse("party:overview"), {**form, "code": "P-BAD", "building": "NOPE"},
                 follow=True)  # fmt: skip
    assert not PartyOrganisation.objects.filter(unit__code="P-BAD").exists()
    assert "NOPE" in bad.content.decode()  # the message names the code typed


def test_the_overview_counts_what_the_lists_hold(party):
    pages(party)
    page = client_of(party.worker).get(reverse("party:overview")).content.decode()
    assert "示范社区大党工委" in page and "示范街道党工委" in page
    assert "13912345678" not in page  # phones are never shown whole
