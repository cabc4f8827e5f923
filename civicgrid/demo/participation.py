"""The demo district's micro-projects, walked through the real services: last year's call in the
first community — proposed, deliberated, voted by its registered residents, counted, carried out,
paid with receipts, accepted and rated — and this year's call, open for votes now."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from civicgrid.accounts.models import OrgUnit, User
from civicgrid.areas.models import Area
from civicgrid.participation import councils, opinions, projects, services, tally, voting
from civicgrid.participation.models import Project
from civicgrid.registry.models import Person

PROPOSALS = [
    (
        "加装老旧楼道扶手",
        "为 1–12 号楼楼道加装不锈钢扶手",
        "老旧小区居民，特别是老年人",
        "works",
        48000,
    ),
    ("长者助餐服务", "为 80 岁以上独居老人每日送餐", "辖区 80 岁以上独居老人", "services", 30000),
    ("更换小区健身器材", "更换破损健身器材 8 件", "全体居民", "goods", 18000),
    ("四点半课堂", "放学后为双职工家庭儿童提供看护和辅导", "双职工家庭儿童", "services", 25000),
    ("楼道堆物清理", "组织一次楼道堆物集中清理", "全体居民", "services", 6000),
]


def micro_projects(rng: random.Random, today: dt.date) -> None:
    community = Area.objects.filter(level=4).earliest("code")
    committee = OrgUnit.objects.filter(area=community, kind="community_committee").first()
    leader = User.objects.get(username="leader")
    council = User.objects.get(username="council_member")
    voters = list(
        Person.objects.filter(grid__path__startswith=community.path, active=True)
        .exclude(birth_date__gt=dt.date(today.year - 19, 1, 1))
        .order_by("id")[:400]
    )
    tz = timezone.get_current_timezone()

    def call(year: int, voting_from: dt.datetime, voting_until: dt.datetime):
        return services.call_create(
            actor=leader, area=community, title=f"{year}年{community.name}民生微实事",
            description="由居民提出、议事会评议、居民投票确定本年度民生微实事项目。",
            requirements="本社区居民、居民议事会、驻区单位和社会组织均可提出；工程类不超过5万元，"
                         "服务类不超过3万元，货物类不超过2万元。",
            budget=100000, caps={"works": 50000, "services": 30000, "goods": 20000},
            proposals_from=voting_from.date() - dt.timedelta(days=40),
            proposals_until=voting_from.date() - dt.timedelta(days=10),
            voting_from=voting_from, voting_until=voting_until, method="approval", max_choices=3,
        )  # fmt: skip

    def fill(c, proposing: dt.date):
        made = []
        for n, (title, what, who, kind, cost) in enumerate(PROPOSALS):
            p = services.proposal_submit(
                actor=council, call=c, unit=committee, title=title, description=what,
                beneficiaries=who, kind=kind, cost=cost, today=proposing,
            )  # fmt: skip
            admit = n != 4
            services.proposal_deliberate(
                actor=council, proposal=p, admit=admit,
                reasons="符合条件，受益面广" if admit else "属物业日常管理事项，不列入",
                now=c.voting_from - dt.timedelta(days=2),
            )  # fmt: skip
            made.append(p)
        return made

    def votes(c, made, share: float, moment: dt.datetime):
        popular = [made[0].pk, made[0].pk, made[1].pk, made[1].pk, made[2].pk, made[3].pk]
        for person in voters[: int(len(voters) * share)]:
            choices = sorted(set(rng.sample(popular, rng.randint(1, 3))))
            voting.ballot_cast(call=c, person=person, choices=choices, now=moment)

    last = dt.datetime(today.year - 1, 4, 10, 9, tzinfo=tz)
    previous = call(today.year - 1, last, last + dt.timedelta(days=10))
    made = fill(previous, last.date() - dt.timedelta(days=20))
    votes(previous, made, 0.6, last + dt.timedelta(days=1))
    tally.call_tally(actor=leader, call=previous, now=last + dt.timedelta(days=11))
    for n, project in enumerate(Project.objects.filter(proposal__call=previous).order_by("id")):
        cost = project.proposal.cost
        projects.project_update(actor=leader, project=project, implementer="示范区社区服务社")
        projects.milestone_add(actor=leader, project=project, title="签订协议",
                               due_on=last.date() + dt.timedelta(days=30))  # fmt: skip
        projects.spending_record(
            actor=leader, project=project, spent_on=last.date() + dt.timedelta(days=60),
            item="首期款", amount=(cost * Decimal("0.6")).quantize(Decimal(1)),
            receipt=ContentFile(b"%PDF-1.4\n% civicgrid demo receipt\n", name="首期款发票.pdf"),
        )  # fmt: skip
        if n == 0:  # the first is finished, accepted and rated
            projects.project_update(actor=leader, project=project, progress=100)
            projects.project_accept(actor=council, project=project, accepted_by="居民代表（示例）",
                            record="现场查看，质量合格，居民满意", on=last.date() + dt.timedelta(days=120))  # fmt: skip
            for person in voters[:25]:
                projects.project_rate(project=project, person=person, score=rng.choice([4, 5, 5]))
        else:
            projects.project_update(actor=leader, project=project, progress=60)
    now = timezone.now()
    current = call(today.year, now - dt.timedelta(days=3), now + dt.timedelta(days=10))
    made = fill(current, current.proposals_from)
    votes(current, made, 0.2, now - dt.timedelta(days=1))


def councils_and_opinions(rng: random.Random, today: dt.date) -> None:
    """The first community's residents' council with its election, a held hearing with its
    resolutions and published summary, a planned council session, opinions and claims."""
    community = Area.objects.filter(level=4).earliest("code")
    leader = User.objects.get(username="leader")
    residents = list(
        Person.objects.filter(grid__path__startswith=community.path, active=True)
        .exclude(birth_date__gt=dt.date(today.year - 25, 1, 1))
        .order_by("id")[:12]
    )
    seats = min(9, len(residents))
    if seats < 3:  # a district too small for a council
        return
    council = councils.council_create(
        actor=leader, area=community, kind="residents", name=f"{community.name}居民议事会",
        term_from=dt.date(today.year - 1, 1, 1), term_until=dt.date(today.year + 3, 12, 31),
        seats=seats,
    )  # fmt: skip
    councils.election_record(
        actor=leader, council=council, held_on=dt.date(today.year - 1, 1, 8), seats=seats,
        eligible=1800, ballots=1260, invalid=14,
        candidates=[(p, 1100 - 37 * n) for n, p in enumerate(residents)],
    )  # fmt: skip
    tz = timezone.get_current_timezone()
    held = dt.datetime.combine(today - dt.timedelta(days=20), dt.time(19), tz)
    hearing = councils.meeting_call(
        actor=leader, area=community, kind="hearing", council=council, title="加装电梯听证会",
        agenda="1. 3号楼加装电梯方案\n2. 费用分摊办法\n3. 低层住户意见", starts_at=held,
        place="社区党群服务中心", invite=[("住建委代表", "示范区住建委"), ("物业经理", "物业公司")],
    )  # fmt: skip
    for attendee in hearing.attendees.all()[:9]:
        councils.attendee_sign_in(actor=leader, attendee=attendee, now=held)
    councils.meeting_hold(actor=leader, meeting=hearing, minutes="与会人员逐项讨论了加装方案和费用分摊。",
                          now=held + dt.timedelta(hours=2))  # fmt: skip
    passed = councils.resolution_record(actor=leader, meeting=hearing, text="同意按楼层系数分摊费用",
                              votes_for=7, votes_against=1, abstentions=1)  # fmt: skip
    councils.follow_up_add(actor=leader, resolution=passed, task="向住建委提交加装电梯补贴申请",
                       due_on=today + dt.timedelta(days=30))  # fmt: skip
    councils.meeting_publish(actor=leader, meeting=hearing,
                             summary="听证会同意3号楼加装电梯，并按楼层系数分摊费用。")  # fmt: skip
    councils.meeting_call(
        actor=leader, area=community, kind="session", council=council, title="议事会月度例会",
        agenda="1. 民生微实事实施进度\n2. 居民意见办理情况",
        starts_at=dt.datetime.combine(today + dt.timedelta(days=7), dt.time(19), tz),
        place="社区议事厅",
    )  # fmt: skip
    texts = [
        ("visit", "3号楼楼道灯坏了一个月"), ("meeting", "希望增设儿童游乐设施"),
        ("liaison", "小区东门晚高峰停车混乱"), ("visit", "独居老人希望有人定期探访"),
        ("meeting", "建议设置快递柜"), ("liaison", "垃圾分类点气味大"),
    ]  # fmt: skip
    made = [
        opinions.opinion_collect(actor=leader, area=community, channel=c, text=t,
                         collected_on=today - dt.timedelta(days=rng.randrange(5, 60)))
        for c, t in texts
    ]  # fmt: skip
    opinions.opinion_route(actor=leader, opinion=made[0], to="case", case_class="AP002")
    opinions.opinion_resolve(actor=leader, opinion=made[3], resolution="已纳入志愿者结对探访")
    opinions.opinion_resolve(actor=leader, opinion=made[4], resolution="已协调快递公司设柜")
    party = OrgUnit.objects.filter(kind="resident_unit").order_by("code").first()
    if party is not None:
        opinions.claim_record(actor=leader, area=community, claimant="party", unit=party,
                       task="楼道清扫志愿服务", hours=Decimal("36"))  # fmt: skip
    opinions.claim_record(actor=leader, area=community, claimant="volunteer", volunteer="志愿者（示例）",
                   task="陪伴独居老人", hours=Decimal("12"))  # fmt: skip
