"""The demo district's members and their projects: each community's party members from the
register (those it marks party members, on the general branch's roster) and two in-service
members reporting from their workplaces; a year of monthly identity-display activities that
about two members in three take part in, credit entries (a deduction now and then), the big
committee's party-building projects claimed by the branch, a member and a stationed unit and
delivered with the people they reached (one still open to claim), and livelihood projects
tagged by their sponsors (Nanhu's 2015 categories). Everything goes through the services."""

from __future__ import annotations

import datetime as dt

from civicgrid.accounts.models import User
from civicgrid.areas.models import Area
from civicgrid.party import members, projects
from civicgrid.party.models import Member, PartyOrganisation, StationedUnit
from civicgrid.registry.models import Person

PARTY_PROJECTS = [
    ("党员楼道微更新", "environment"), ("“红色管家”助老服务", "elderly"),
    ("四点半课堂", "children"), ("平安楼栋夜巡", "safety"),
]  # fmt: skip
LIVELIHOOD = [
    ("老年助餐点", "elderly", "party_organisation"), ("暑期托管班", "children", "stationed_cadres"),
    ("加装电梯协调", "other", "government"), ("心理关爱热线", "health", "social_organisation"),
    ("社区微菜园", "environment", "community"),
]  # fmt: skip
REPORTED = [("王建国", "区税务局"), ("李芳", "区人民医院")]  # in-service members (在职党员报到)
CREDIT = [("service", 5, "楼道志愿清扫"), ("participation", 2, "参加主题党日"),
          ("promise", 3, "兑现公开承诺：帮助独居老人代购"), ("praise", 4, "居民来信表扬")]  # fmt: skip


def members_and_projects(rng, leader: User, community: Area, today: dt.date) -> None:
    committee = PartyOrganisation.objects.get(unit__code=f"PTY-{community.code}")
    branch = PartyOrganisation.objects.filter(unit__code=f"PTY-{community.code}-1").first()
    year_ago = today - dt.timedelta(days=365)
    roster = _roster(leader, branch or committee, committee, community, year_ago)
    _activities(rng, leader, committee, roster, today, year_ago)
    _party_projects(rng, leader, committee, branch, roster, community, today, year_ago)
    _livelihood(rng, leader, committee, community, today, year_ago)


def _roster(leader, branch, committee, community, year_ago) -> list[Member]:
    people = Person.objects.filter(
        grid__path__startswith=community.path, person_tags__tag__code="party_member"
    ).order_by("id")[:30]
    made = [members.member_add(actor=leader, organisation=branch, kind="registered",
                               person=p, since=year_ago) for p in people]  # fmt: skip
    made += [members.member_add(actor=leader, organisation=committee, kind="reported",
                                name=name, workplace=work, since=year_ago)
             for name, work in REPORTED]  # fmt: skip
    return made


def _activities(rng, leader, committee, roster, today, year_ago) -> None:
    for month in range(1, 12):
        held = min(year_ago + dt.timedelta(days=30 * month), today)
        took_part = [m for m in roster if rng.random() < 0.65]
        if took_part:
            members.activity_log(
                actor=leader, organisation=committee, kind="identity_display",
                title=f"党员亮身份·第{month}次主题服务", held_on=held, participants=took_part,
            )  # fmt: skip
        for m in took_part[:3]:
            ground, points, reason = rng.choice(CREDIT)
            members.credit_add(actor=leader, member=m, on=held, category=ground, points=points,
                               reason=reason)  # fmt: skip
    if len(roster) > 3:
        members.credit_add(actor=leader, member=roster[3], on=today - dt.timedelta(days=40),
                           category="deduction", points=-5,
                           reason="公开承诺未兑现，经居民反映核实（示例）")  # fmt: skip


def _party_projects(rng, leader, committee, branch, roster, community, today, year_ago) -> None:
    unit = StationedUnit.objects.filter(area=community, active=True).order_by("name").first()
    claimants = [("organisation", {"organisation": branch or committee})]
    if roster:
        claimants.append(("member", {"member": roster[0]}))
    if unit is not None:
        claimants.append(("stationed_unit", {"stationed_unit": unit}))
    for i, (title, category) in enumerate(PARTY_PROJECTS):
        published = year_ago + dt.timedelta(days=60 + 70 * i)
        project = projects.project_start(
            actor=leader, area=community, title=title, category=category, starts_on=published,
            kind="party", publisher=committee,
        )  # fmt: skip
        if i == len(PARTY_PROJECTS) - 1:
            continue  # published, open to claim
        claimant, who = claimants[i % len(claimants)]
        claimed = published + dt.timedelta(days=7)
        claim = projects.claim_make(actor=leader, project=project, claimant=claimant,
                                    claimed_on=claimed, **who)  # fmt: skip
        if i == 2:
            continue  # claimed, under way
        delivered = min(claimed + dt.timedelta(days=rng.randint(30, 90)), today)
        projects.claim_deliver(actor=leader, claim=claim, delivered_on=delivered,
                               beneficiaries=rng.randint(40, 300),
                               what_was_done="按认领承诺完成（示例）")  # fmt: skip
        projects.project_progress(actor=leader, project=project, status="done", ends_on=delivered)


def _livelihood(rng, leader, committee, community, today, year_ago) -> None:
    for i, (title, category, sponsor) in enumerate(LIVELIHOOD):
        started = year_ago + dt.timedelta(days=40 + 60 * i)
        project = projects.project_start(
            actor=leader, area=community, title=title, category=category, starts_on=started,
            kind="livelihood", sponsor=sponsor,
            publisher=committee if sponsor == "party_organisation" else None,
        )  # fmt: skip
        if i % 2 == 0:
            ended = min(started + dt.timedelta(days=rng.randint(60, 150)), today)
            projects.project_progress(actor=leader, project=project, status="done",
                                      beneficiaries=rng.randint(50, 500), ends_on=ended)  # fmt: skip
