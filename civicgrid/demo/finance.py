"""The demo district's community finance (DOMAIN.md §15): for every community this year's budget
lines from the district (running costs, party building at the 50,000 floor, rewards, projects,
the community fund) — the last community's below the 200,000 floor, so that the warning shows —
the district's allocation in January and, where the duty list pays for an assisting task, the
department's money for it; for the first communities a year of reimbursement claims with their
receipts (paid, approved, submitted, refused; one from the community fund on a passed council
resolution), and the last ended quarter's statement published. Invented amounts; everything goes
through the services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from civicgrid.accounts.models import User
from civicgrid.areas.models import Area
from civicgrid.duties.models import ListItem
from civicgrid.finance import services
from civicgrid.participation.council_models import Resolution

LINES = [("running", 100000), ("party", 50000), ("reward", 20000), ("project", 40000),
         ("fund", 20000)]  # fmt: skip
CLAIMS = [  # what for, project, category, amount, how far it went
    ("楼道灯具更换（示例）", "楼道照明", "project", 3200, "paid"),
    ("党员活动室书籍（示例）", "党员活动室", "party", 1800, "paid"),
    ("“三不”奖励发放（示例）", "", "reward", 2000, "approved"),
    ("议事会茶水（示例）", "", "running", 260, "submitted"),
    ("无票据的采购（示例）", "", "running", 900, "refused"),
]


def finance(rng, today: dt.date) -> None:
    admin = User.objects.get(username="admin")
    leader = User.objects.get(username="leader")
    day = min(today, timezone.localdate())
    year = day.year
    communities = list(Area.objects.filter(level=4, active=True).order_by("code"))
    items = list(ListItem.objects.filter(version__list_type="assisting", funding_per_year__gt=0,
                                         department__isnull=False)[:2])  # fmt: skip
    for n, community in enumerate(communities):
        lines = {}
        for category, amount in LINES:
            if n == len(communities) - 1 and category == "running":
                amount -= 30000  # below the floor
            lines[category] = services.budget_set(
                actor=leader, area=community, year=year, category=category, amount=amount,
                source="lottery" if category == "fund" else "district",
            )  # fmt: skip
        services.allocation_record(actor=leader, area=community, received_on=dt.date(year, 1, 10),
                                   amount=sum(a for _c, a in LINES), source="district")  # fmt: skip
        for item in items:
            services.allocation_record(
                actor=leader, area=community, received_on=dt.date(year, 2, 1),
                amount=item.funding_per_year, source="department", duty_item=item,
            )  # fmt: skip
        if n < 3:
            _claims(rng, admin, leader, community, lines, day)
    last = (day.month - 1) // 3  # the last ended quarter of the year (0: none yet)
    if last:
        for community in communities[:3]:
            services.statement_publish(actor=leader, area=community, year=year, quarter=last)


def _claims(rng, admin: User, leader: User, community: Area, lines: dict, day: dt.date) -> None:
    start = dt.date(day.year, 1, 15)
    if day <= start:  # the year has barely begun: nothing spent yet
        return
    span = (day - start).days
    for title, project, category, amount, reach in CLAIMS:
        spent = start + dt.timedelta(days=rng.randint(0, span - 1))
        c = services.claim_make(actor=leader, budget=lines[category], title=title,
                                payee="某商户（示例）", amount=amount, spent_on=spent,
                                project=project)  # fmt: skip
        services.receipt_add(actor=leader, claim=c, number=f"No.{rng.randint(10**7, 10**8 - 1)}",
                             issuer="某商户（示例）", issued_on=spent, amount=amount)  # fmt: skip
        services.claim_submit(actor=leader, claim=c)
        if reach == "submitted":
            continue
        services.claim_review(actor=admin, claim=c, approve=reach != "refused",
                              note="票据不全，请补正（示例）" if reach == "refused" else "")  # fmt: skip
        if reach == "paid":
            services.claim_pay(actor=admin, claim=c, paid_on=min(day, spent + dt.timedelta(days=7)))
    resolution = Resolution.objects.filter(meeting__area=community, passed=True).first()
    if resolution is not None:
        c = services.claim_make(actor=leader, budget=lines["fund"], title="加装楼道扶手（示例）",
                                payee="施工队（示例）", amount=Decimal(1500), spent_on=day,
                                project="适老化改造", resolution=resolution)  # fmt: skip
        services.receipt_add(actor=leader, claim=c, number="No.20260001", issuer="施工队（示例）",
                             issued_on=day, amount=Decimal(1500))  # fmt: skip
        services.claim_submit(actor=leader, claim=c)
