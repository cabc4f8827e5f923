"""Co-building: agreements with commitments, and the three lists — a need matched by a project
with resources, met when the project is delivered, open again when it is cancelled."""

import datetime as dt

import pytest

from civicgrid.party import cobuilding, projects, selectors, services
from civicgrid.party.cobuilding import Promise
from civicgrid.party.models import Agreement, Need, Project

from .fixtures import DAY, YEAR_END, agreement, raise_need, refused

pytestmark = pytest.mark.django_db


def test_an_agreement_binds_once_signed_and_its_commitments_are_kept(party):
    a = agreement(party)
    assert a.status == "draft" and not a.in_force_on(DAY) and a.commitments.count() == 2
    kept = a.commitments.get(side="unit")
    refused("commitment", cobuilding.commitment_done, actor=party.leader, commitment=kept, on=DAY)
    cobuilding.agreement_sign(actor=party.leader, agreement=a, signed_on=DAY)
    a.refresh_from_db()
    assert a.in_force_on(DAY) and not a.in_force_on(YEAR_END + dt.timedelta(days=1))
    cobuilding.commitment_done(actor=party.leader, commitment=kept, on=DAY)
    refused("commitment", cobuilding.commitment_done, actor=party.leader, commitment=kept, on=DAY)
    refused("status", cobuilding.agreement_sign, actor=party.leader, agreement=a, signed_on=DAY)
    refused("why", cobuilding.agreement_terminate, actor=party.leader, agreement=a, on=DAY,
            why="  ")  # fmt: skip
    cobuilding.agreement_terminate(actor=party.leader, agreement=a, on=DAY, why="医院搬迁")
    a.refresh_from_db()
    assert a.status == "terminated" and not a.in_force_on(DAY)
    figures = selectors.figures(party.leader, today=DAY)
    assert (figures.agreements_in_force, figures.commitments) == (0, 0)


def test_an_agreement_needs_a_commitment_a_place_and_a_span(party):
    bare = agreement(party, commitments=[])
    refused("commitments", cobuilding.agreement_sign, actor=party.leader, agreement=bare,
            signed_on=DAY)  # fmt: skip
    refused("stationed_unit", cobuilding.agreement_draft, actor=party.leader,
            party_organisation=party.committee, stationed_unit=party.school, title="x",
            starts_on=DAY, ends_on=YEAR_END)  # fmt: skip
    refused("ends_on", cobuilding.agreement_draft, actor=party.leader,
            party_organisation=party.committee, stationed_unit=party.hospital, title="x",
            starts_on=YEAR_END, ends_on=DAY)  # fmt: skip
    refused("commitments.0.side", cobuilding.agreement_draft, actor=party.leader,
            party_organisation=party.committee, stationed_unit=party.hospital, title="x",
            starts_on=DAY, ends_on=YEAR_END, commitments=[Promise("both", "x")])  # fmt: skip
    refused("party_organisation", cobuilding.agreement_draft, actor=party.worker,
            party_organisation=party.committee, stationed_unit=party.hospital, title="x",
            starts_on=DAY, ends_on=YEAR_END)  # fmt: skip
    assert Agreement.objects.count() == 1


def test_a_need_is_matched_met_and_opened_again(party):
    need = raise_need(party, "高龄老人就医难", "health")
    clinic = cobuilding.resource_offer(
        actor=party.leader,
        stationed_unit=party.hospital,
        title="每月义诊",
        kind="expertise",
        category="health",
    )
    cobuilding.resource_offer(actor=party.leader, stationed_unit=party.hospital, title="会议室",
                              kind="venue", category="culture")  # fmt: skip
    a = agreement(party)
    assert [r.title for r in cobuilding.matches(need, today=DAY)] == ["每月义诊"]
    p = projects.project_start(
        actor=party.leader,
        area=party.tree.community,
        title="义诊进社区",
        category="health",
        starts_on=DAY,
        need=need,
        resources=[clinic],
    )
    assert Need.objects.get(pk=need.pk).status == "matched"
    refused(
        "agreement",
        projects.project_start,
        actor=party.leader,
        area=party.tree.community,
        title="x",
        category="health",
        starts_on=DAY,
        agreement=a,
    )  # draft: not yet
    refused("status", projects.project_progress, actor=party.leader, project=p,
            status="planned")  # fmt: skip
    refused("beneficiaries", projects.project_progress, actor=party.leader, project=p,
            status="done", ends_on=DAY)  # fmt: skip
    refused("ends_on", projects.project_progress, actor=party.leader, project=p,
            status="done", beneficiaries=80, ends_on=DAY - dt.timedelta(days=1))  # fmt: skip
    projects.project_progress(actor=party.leader, project=p, status="running")
    projects.project_progress(actor=party.leader, project=p, status="done", beneficiaries=80,
                                ends_on=DAY)  # fmt: skip
    assert Need.objects.get(pk=need.pk).status == "met"
    refused(
        "need",
        projects.project_start,
        actor=party.leader,
        area=party.tree.community,
        title="x",
        category="health",
        starts_on=DAY,
        need=Need.objects.get(pk=need.pk),
    )
    figures = selectors.figures(party.worker, today=DAY)
    assert (figures.needs_met, figures.projects_done, figures.beneficiaries) == (1, 1, 80)


def test_a_cancelled_project_gives_its_need_back(party):
    need = raise_need(party, "儿童放学无人看护", "children")
    p = projects.project_start(
        actor=party.leader,
        area=party.tree.community,
        title="四点半课堂",
        category="children",
        starts_on=DAY,
        need=need,
    )
    projects.project_progress(actor=party.leader, project=p, status="cancelled")
    assert Need.objects.get(pk=need.pk).status == "open"
    cobuilding.need_withdraw(actor=party.leader, need=need)
    refused("need", cobuilding.need_withdraw, actor=party.leader, need=need)


def test_resources_and_needs_belong_to_the_projects_place(party):
    far = cobuilding.resource_offer(
        actor=party.outsider,
        stationed_unit=party.school,
        title="操场",
        kind="venue",
        category="culture",
    )
    refused(
        "resources",
        projects.project_start,
        actor=party.leader,
        area=party.tree.community,
        title="x",
        category="culture",
        starts_on=DAY,
        resources=[far],
    )
    refused(
        "stationed_unit",
        cobuilding.resource_offer,
        actor=party.leader,
        stationed_unit=party.school,
        title="x",
        kind="venue",
        category="culture",
    )
    refused("value", cobuilding.resource_offer, actor=party.leader,
            stationed_unit=party.hospital, title="x", kind="funds", category="health",
            value="-5")  # fmt: skip
    other_need = cobuilding.need_raise(
        actor=party.outsider,
        area=party.tree.other_community,
        title="x",
        category="culture",
        raised_on=DAY,
    )
    refused(
        "area",
        projects.project_start,
        actor=party.leader,
        area=party.tree.other_community,
        title="x",
        category="culture",
        starts_on=DAY,
        need=other_need,
    )
    assert Project.objects.count() == 0


def test_matches_put_units_bound_by_an_agreement_first(party):
    street_unit = services.stationed_unit_save(
        actor=party.street_leader, area=party.tree.street, name="中心卫生站", kind="institution"
    )
    cobuilding.resource_offer(
        actor=party.street_leader,
        stationed_unit=street_unit,
        title="健康讲座",
        kind="expertise",
        category="health",
    )
    cobuilding.resource_offer(
        actor=party.leader,
        stationed_unit=party.hospital,
        title="义诊",
        kind="expertise",
        category="health",
    )
    need = raise_need(party, "看病", "health")
    before = [r.title for r in cobuilding.matches(need, today=DAY)]
    assert before == ["健康讲座", "义诊"]  # by the unit's name
    cobuilding.agreement_sign(actor=party.leader, agreement=agreement(party), signed_on=DAY)
    assert [r.title for r in cobuilding.matches(need, today=DAY)] == ["义诊", "健康讲座"]
