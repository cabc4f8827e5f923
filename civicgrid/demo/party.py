"""The demo district's party building: each street's working committee, each community's big
party working committee under it with a general branch and a building group, the units
stationed in each community with their seats on its committee, co-building agreements with
their commitments (most kept, one terminated), and a year of the three lists — needs raised,
resources offered, projects delivered with the people they reached, one running, one cancelled
(the rosters, members' activities and credit, party-building and livelihood projects:
``party_members``).
Everything goes through the services, so the demo holds only what the rules allow."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from stdnum.cn import uscc

from civicgrid.accounts.models import User
from civicgrid.areas.models import Area
from civicgrid.evaluation.assessments import round_start, scheme_copy
from civicgrid.evaluation.models import Scheme
from civicgrid.party import cobuilding, projects, reviews, services
from civicgrid.party.cobuilding import Promise
from civicgrid.party.models import PartyOrganisation, StationedUnit
from civicgrid.registry.models import Building

from .party_members import members_and_projects

# (name, kind, what it offers: (title, kind, category, value in yuan))
Offer = tuple[str, str, str, Decimal | None]
STATIONED: list[tuple[str, str, list[Offer]]] = [
    ("区中心医院", "institution", [("每月社区义诊", "expertise", "health", None),
                                   ("慢病健康讲座", "expertise", "health", None)]),
    ("第一实验小学", "institution", [("假期开放操场和图书室", "venue", "children", None),
                                     ("教师志愿辅导", "volunteers", "children", None)]),
    ("市电力公司供电所", "state_enterprise", [("老旧线路安全检查", "expertise", "safety", None),
                                             ("党员志愿服务队", "volunteers", "elderly", None)]),
    ("恒信商贸有限公司", "private_enterprise", [("困难家庭帮扶资金", "funds", "hardship", Decimal(20000)),
                                               ("就业岗位推荐", "other", "employment", None)]),
]  # fmt: skip
NEEDS = [
    ("高龄独居老人就医不便", "health"), ("双职工家庭孩子放学后无人看护", "children"),
    ("老旧楼道电线老化", "safety"), ("困难家庭子女学费压力大", "hardship"),
    ("社区缺少老年人活动场地", "elderly"), ("失业居民再就业难", "employment"),
]  # fmt: skip


def _code(n: int) -> str:
    base = f"91310104MA{n:07d}"
    return base + uscc.calc_check_digit(base)


def party_building(rng: random.Random, today: dt.date) -> None:
    leader = User.objects.get(username="leader")
    year_ago = today - dt.timedelta(days=365)
    n = 0
    for street in Area.objects.filter(level=3, active=True).order_by("code"):
        street_committee = services.organisation_create(
            actor=leader, name=f"{street.name}党工委", code=f"PTY-{street.code}", area=street,
            level="street_committee", secretary="街道党工委书记（示例）", members=60,
            founded_on=dt.date(2010, 7, 1),
        )  # fmt: skip
        for community in street.children.filter(active=True).order_by("code"):
            n += 1
            _community(rng, leader, street_committee, community, today, year_ago, n)
    _quality_round(today)


ISO_SCHEME = "党组织标准化建设质量认证"


def _quality_round(today: dt.date) -> None:
    """The year's ISO-style quality certification (Nanhu) of the communities' big committees: a
    party organisation is a unit, so the template's scheme takes it as its subject."""
    template = Scheme.objects.filter(template=True, name=ISO_SCHEME).first()
    committees = [o.unit for o in PartyOrganisation.objects.filter(level="big_committee")
                  .select_related("unit").order_by("unit__code")]  # fmt: skip
    if template is None or not committees:
        return
    round_start(
        scheme=scheme_copy(template, name=f"{template.name}（{today.year}）"),
        name=f"{today.year}年度社区党组织标准化建设质量认证",
        period=str(today.year),
        subjects=committees,
        scoring_due=today + dt.timedelta(days=30),
        appeals_due=today + dt.timedelta(days=45),
    )


def _community(rng, leader, street_committee, community, today, year_ago, n) -> None:
    committee = services.organisation_create(
        actor=leader, name=f"{community.name}大党工委", code=f"PTY-{community.code}",
        area=community, level="big_committee", parent=street_committee,
        secretary="社区党委书记（示例）", members=rng.randint(90, 260),
        founded_on=dt.date(2014, 7, 1),
    )  # fmt: skip
    services.organisation_create(
        actor=leader, name=f"{community.name}第一小区党总支", code=f"PTY-{community.code}-1",
        area=community, level="general_branch", parent=committee, setting="estate",
        host=f"{community.name}第一小区", members=rng.randint(30, 80),
    )  # fmt: skip
    building = Building.objects.filter(grid__path__startswith=community.path, active=True).first()
    if building is not None:
        services.organisation_create(
            actor=leader, name=f"{building.name}党小组", code=f"PTY-{community.code}-G",
            area=community, level="group", parent=committee, setting="building",
            building=building, members=rng.randint(5, 12),
        )  # fmt: skip
    resources = []
    for k, (name, kind, offers) in enumerate(STATIONED):
        unit = services.stationed_unit_save(
            actor=leader, area=community, name=f"{name}（{community.name}）", kind=kind,
            credit_code=_code(n * 10 + k), party_body=f"{name}党委", members=rng.randint(20, 300),
            contact_name="党务联系人（示例）",
        )  # fmt: skip
        services.seat_give(actor=leader, committee=committee, stationed_unit=unit,
                           holder="单位党组织负责人（示例）", since=year_ago)  # fmt: skip
        agreement = cobuilding.agreement_draft(
            actor=leader, party_organisation=committee, stationed_unit=unit,
            title=f"{community.name}与{name}共驻共建协议", starts_on=year_ago,
            ends_on=year_ago + dt.timedelta(days=3 * 365),
            commitments=[Promise("unit", offers[0][0]), Promise("unit", offers[1][0]),
                         Promise("community", "提供活动场地并组织居民参与")],
        )  # fmt: skip
        cobuilding.agreement_sign(actor=leader, agreement=agreement, signed_on=year_ago)
        for c in agreement.commitments.all()[: 2 if k % 2 else 3]:
            cobuilding.commitment_done(
                actor=leader, commitment=c, on=year_ago + dt.timedelta(days=rng.randint(30, 300))
            )
        if k == len(STATIONED) - 1 and n % 3 == 0:
            cobuilding.agreement_terminate(actor=leader, agreement=agreement,
                                           on=today - dt.timedelta(days=30),
                                           why="企业迁出本社区（示例）")  # fmt: skip
            continue
        for title, rkind, category, value in offers:
            resources.append((agreement, cobuilding.resource_offer(
                actor=leader, stationed_unit=unit, title=title, kind=rkind, category=category,
                value=value)))  # fmt: skip
    _reviews(rng, leader, committee, community, today, n)
    _projects(rng, leader, community, resources, today, year_ago)
    members_and_projects(rng, leader, community, today)


def _reviews(rng, leader, committee, community, today, n) -> None:
    """Last year's reviews of the community's units: mostly good, one vetoed now and then."""
    reviewed_on = min(today, dt.date(today.year, 1, 15))
    for k, unit in enumerate(StationedUnit.objects.filter(area=community).order_by("name")):
        vetoed = k == 0 and n % 4 == 0
        reviews.review_file(
            actor=leader, committee=committee, stationed_unit=unit, year=today.year - 1,
            rating="fair" if vetoed else rng.choice(["excellent", "good", "good"]),
            reviewed_on=reviewed_on, veto=vetoed,
            reason="全年未参加社区共建活动，承诺事项均未履行（示例）" if vetoed else "",
            comments="积极参与共驻共建（示例）" if not vetoed else "",
            recommendations=[] if vetoed else [reviews.Advice(
                "单位党务负责人（示例）", "commendation", "牵头落实共建项目（示例）")],
        )  # fmt: skip


def _projects(rng, leader, community, resources, today, year_ago) -> None:
    for i, (title, category) in enumerate(NEEDS):
        raised = year_ago + dt.timedelta(days=20 * i + rng.randint(0, 10))
        need = cobuilding.need_raise(actor=leader, area=community, title=title,
                                     category=category, raised_on=raised)  # fmt: skip
        offered = [(a, r) for a, r in resources if r.category == category]
        if not offered or i == len(NEEDS) - 1:
            continue  # an open need: nothing offered for it yet
        agreement, resource = offered[0]
        started = raised + dt.timedelta(days=14)
        project = projects.project_start(
            actor=leader, area=community, title=f"{resource.title}进{community.name}",
            category=category, starts_on=started, need=need, resources=[resource],
            agreement=agreement if agreement.status == "signed" else None,
        )  # fmt: skip
        projects.project_progress(actor=leader, project=project, status="running")
        if i == 1:
            continue  # still running
        if i == 2 and rng.random() < 0.5:
            projects.project_progress(actor=leader, project=project, status="cancelled",
                                        ends_on=started + dt.timedelta(days=20))  # fmt: skip
            continue
        ended = min(started + dt.timedelta(days=rng.randint(60, 200)), today)
        projects.project_progress(actor=leader, project=project, status="done",
                                    beneficiaries=rng.randint(30, 400), ends_on=ended)  # fmt: skip
