"""The demo district's direct election and option votes, walked through the real services: the
first community's residents' committee elected this year (open nomination by its residents, the
election committee's list of candidates, more candidates than seats, 差额), counted with the roll
from the register, the elected seated; the second community's vote on how its old estate is
renewed (整治 or 征迁), counted; and a vote on a lift for one building, open now."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from civicgrid.accounts.models import User
from civicgrid.areas.models import Area
from civicgrid.participation import councils, elections, services, tally, voting
from civicgrid.participation.models import Call, Proposal
from civicgrid.registry.models import Person

SEATS = 7
CANDIDATES = 9  # 差额选举: more candidates than seats


def _voters(community: Area, today: dt.date, limit: int = 400) -> list[Person]:
    return list(
        Person.objects.filter(grid__path__startswith=community.path, active=True)
        .exclude(birth_date__gt=dt.date(today.year - 19, 1, 1))
        .order_by("id")[:limit]
    )


def elections_and_option_votes(rng: random.Random, today: dt.date) -> None:
    communities = list(Area.objects.filter(level=4).order_by("code")[:2])
    if len(communities) < 2:
        return
    leader = User.objects.get(username="leader")  # runs the first street and its communities
    _election(rng, today, communities[0], leader)
    _renewal_vote(rng, today, communities[1], leader)


def _election(rng: random.Random, today: dt.date, community: Area, leader: User) -> None:
    voters = _voters(community, today)
    if len(voters) < 3 * CANDIDATES:
        return
    tz = timezone.get_current_timezone()
    voting_from = dt.datetime.combine(today - dt.timedelta(days=75), dt.time(8), tz)
    voting_until = voting_from + dt.timedelta(hours=10)
    committee = councils.council_create(
        actor=leader, area=community, kind="committee", name=f"{community.name}居民委员会",
        term_from=voting_until.date(), term_until=voting_until.date().replace(
            year=voting_until.year + 5), seats=SEATS,
    )  # fmt: skip
    call = services.call_create(
        actor=leader, area=community, purpose="election", council=committee, seats=SEATS,
        title=f"{community.name}第十二届居民委员会换届选举",
        description="居民委员会成员由本社区有选举权的居民直接选举产生，候选人由居民直接提名（海选）。",
        requirements="年满十八周岁、户籍或常住在本社区的居民均可提名和被提名；每位居民提名人数不超过应选名额。",
        proposals_from=voting_from.date() - dt.timedelta(days=30),
        proposals_until=voting_from.date() - dt.timedelta(days=15), voting_from=voting_from,
        voting_until=voting_until,
    )  # fmt: skip
    nominated_on = call.proposals_from + dt.timedelta(days=3)
    people = voters[: CANDIDATES + 1]
    weights = [30, 28, 26, 24, 20, 18, 15, 12, 9, 3]
    for nominator in voters[CANDIDATES + 1 : CANDIDATES + 61]:
        chosen = set(rng.choices(range(len(people)), weights=weights, k=3))
        for n in sorted(chosen):
            elections.nomination_record(
                call=call, nominator=nominator, candidate=people[n],
                description="热心社区事务，群众基础好" if n < 4 else "", today=nominated_on,
            )  # fmt: skip
    ranked = Proposal.objects.filter(call=call).order_by("-nominations", "id")
    confirm = voting_from - dt.timedelta(days=10)
    for n, candidate in enumerate(ranked):
        admit = n < CANDIDATES
        services.proposal_deliberate(
            actor=leader, proposal=candidate, admit=admit,
            reasons=f"居民提名 {candidate.nominations} 人次，经选举委员会确认为正式候选人" if admit
            else "提名人次较少，未列为正式候选人",
            now=confirm,
        )  # fmt: skip
    on_ballot = list(Proposal.objects.filter(call=call, status="on_ballot").order_by("id"))
    # each voter leaves out the candidates beyond the seats, the less favoured more often
    left_out = [1, 1, 1, 2, 2, 3, 4, 9, 12][: len(on_ballot)]
    for person in voters[: int(len(voters) * 0.72)]:
        dropped: set[int] = set()
        while len(dropped) < len(on_ballot) - SEATS:
            dropped.add(rng.choices(range(len(on_ballot)), weights=left_out)[0])
        picks = {p.pk for n, p in enumerate(on_ballot) if n not in dropped}
        voting.ballot_cast(call=call, person=person, choices=sorted(picks),
                           now=voting_from + dt.timedelta(hours=2))  # fmt: skip
    tally.call_tally(actor=leader, call=call, now=voting_until + dt.timedelta(hours=1))


def _renewal_vote(rng: random.Random, today: dt.date, community: Area, leader: User) -> None:
    voters = _voters(community, today)
    if len(voters) < 10:
        return
    tz = timezone.get_current_timezone()
    voting_from = dt.datetime.combine(today - dt.timedelta(days=40), dt.time(8), tz)
    vote = _option_call(leader, community, "老旧小区整治还是征迁：居民民主票决",
                        "小区改造是整治还是征迁，由居民民主票决；怎么征迁、如何管理也由居民主导。",
                        voting_from, voting_from + dt.timedelta(days=3), majority=66)  # fmt: skip
    options = [
        elections.option_add(
            actor=leader,
            call=vote,
            title=title,
            description=what,
            now=voting_from - dt.timedelta(days=5),
        )
        for title, what in (
            ("整治提升", "保留房屋，改造外立面、管网、道路和绿化，增设停车位"),
            ("征迁安置", "整体征收，居民货币补偿或异地安置"),
        )
    ]
    for person in voters[: int(len(voters) * 0.81)]:
        choice = options[0] if rng.random() < 0.78 else options[1]
        voting.ballot_cast(call=vote, person=person, choices=[choice.pk],
                           now=voting_from + dt.timedelta(days=1))  # fmt: skip
    tally.call_tally(actor=leader, call=vote, now=voting_from + dt.timedelta(days=4))
    now = timezone.localtime()  # local, so that its .date() below is the district's date
    lift = _option_call(leader, community, "3号楼加装电梯意向票决",
                        "是否同意在3号楼加装电梯，费用按楼层分摊。", now - dt.timedelta(days=2),
                        now + dt.timedelta(days=7), majority=66)  # fmt: skip
    yes, no = (
        elections.option_add(
            actor=leader, call=lift, title=title, description=what, now=now - dt.timedelta(days=3)
        )
        for title, what in (
            ("同意加装", "按楼层分摊费用，一楼住户不分摊"),
            ("不同意加装", "维持现状"),
        )
    )
    for person in voters[: int(len(voters) * 0.3)]:
        voting.ballot_cast(call=lift, person=person, choices=[(yes if rng.random() < 0.7 else no).pk],
                           now=now - dt.timedelta(days=1))  # fmt: skip


def _option_call(leader: User, community: Area, title: str, description: str,
                 voting_from: dt.datetime, voting_until: dt.datetime, majority: int) -> Call:  # fmt: skip
    return services.call_create(
        actor=leader, area=community, purpose="options", title=title, description=description,
        majority=majority, proposals_from=voting_from.date() - dt.timedelta(days=20),
        proposals_until=voting_from.date() - dt.timedelta(days=1), voting_from=voting_from,
        voting_until=voting_until,
    )  # fmt: skip
