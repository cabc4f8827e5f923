"""The demo district's property oversight (DOMAIN.md §16): in every community three estates made
of its buildings — two managed by the street's property companies (their contacts' phones
encrypted), one old estate without a company on the district's service — an owners' committee
for the first estate of each community, and the second company of the first street put on the
blacklist after last year's assessment, with the estate it still manages marked. Invented names;
everything goes through the services."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from civicgrid.accounts.choices import UnitKind
from civicgrid.accounts.models import OrgUnit, User
from civicgrid.areas.models import Area
from civicgrid.estates import services
from civicgrid.participation.council_models import Council
from civicgrid.registry.models import Building

NAMES = ["梅园（示例）", "兰苑（示例）", "竹里老小区（示例）"]


def estates(rng, today: dt.date) -> None:
    leader = User.objects.get(username="leader")
    day = min(today, timezone.localdate())
    for community in Area.objects.filter(level=4, active=True).order_by("code"):
        street = community.parent
        companies = list(OrgUnit.objects.filter(kind=UnitKind.PROPERTY_COMPANY, area=street,
                                                active=True).order_by("code"))  # fmt: skip
        buildings = list(Building.objects.filter(grid__path__startswith=community.path,
                                                 active=True).order_by("code")[:12])  # fmt: skip
        thirds = [buildings[n::3] for n in range(3)]
        for n, name in enumerate(NAMES):
            owners = None
            if n == 0:
                owners = Council.objects.create(
                    area=community, kind=Council.Kind.OWNERS, name=f"{name}业主委员会",
                    term_from=day - dt.timedelta(days=400), term_until=day + dt.timedelta(days=700),
                    seats=7,
                )  # fmt: skip
            e = services.estate_save(
                actor=leader, area=community, code=f"{community.code}-E{n + 1}", name=name,
                buildings=thirds[n], owners_committee=owners,
                self_management="old_estate" if n == 2 else "none",
                arrangement="区综合物业服务：保安、保洁、绿化、维修、停车（示例）" if n == 2 else "",
            )  # fmt: skip
            if n < 2 and len(companies) > n:
                services.term_give(
                    actor=leader, estate=e, company=companies[n],
                    starts_on=day - dt.timedelta(days=rng.randint(200, 900)),
                    contact="物业经理（示例）", phone=f"1391234{rng.randint(0, 9999):04d}",
                )  # fmt: skip
    bad = OrgUnit.objects.filter(kind=UnitKind.PROPERTY_COMPANY).order_by("code")[1:2].first()
    if bad is not None:
        services.blacklist_add(
            actor=leader, company=bad, listed_on=day - dt.timedelta(days=30),
            review_on=day + dt.timedelta(days=150),
            reason="年度考核不合格：居民满意度低于60%，投诉整改不到位（示例）",
        )  # fmt: skip
