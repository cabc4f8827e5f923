"""The demo district's volunteers (DOMAIN.md §18: 社工+义工): in every community six residents of
the register on the volunteer roster, paired with the community's social worker, with a year of
service hours (elderly meals, safety patrols, tidying the building) — some reach a star — and an
incentive for the one who gave most. Everything goes through the services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from civicgrid.accounts.models import User
from civicgrid.areas.models import Area
from civicgrid.registry.models import Person
from civicgrid.workforce import volunteers

ACTIVITIES = [
    "为独居老人送餐（示例）",
    "平安志愿巡逻（示例）",
    "楼道清洁（示例）",
    "垃圾分类督导（示例）",
]


def volunteer_roster(rng, today: dt.date) -> None:
    leader = User.objects.get(username="leader")
    day = min(today, timezone.localdate())
    joined = day - dt.timedelta(days=360)
    for community in Area.objects.filter(level=4, active=True).order_by("code"):
        worker = volunteers.social_workers(community).first()
        people = Person.objects.filter(grid__path__startswith=community.path, active=True,
                                       birth_date__lt=dt.date(day.year - 18, 1, 1))  # fmt: skip
        best, most = None, Decimal(0)
        for person in people.order_by("id")[:6]:
            v = volunteers.volunteer_add(actor=leader, area=community, person=person,
                                         joined_on=joined, social_worker=worker,
                                         skills=rng.choice(ACTIVITIES)[:-4])  # fmt: skip
            total = Decimal(0)
            for week in range(0, 52, rng.choice((1, 2, 4))):
                hours = Decimal(rng.choice(("1.5", "2", "3", "4")))
                volunteers.hours_add(actor=leader, volunteer=v, hours=hours,
                                     day=joined + dt.timedelta(days=7 * week + 1),
                                     activity=rng.choice(ACTIVITIES))  # fmt: skip
                total += hours
            if total > most:
                best, most = v, total
        if best is not None:
            volunteers.incentive_give(actor=leader, volunteer=best, kind="points", points=100,
                                      given_on=day, why="年度服务时长社区第一（示例）")  # fmt: skip
