"""The demo district's rewards and accountability (DOMAIN.md §18): last month's best department
by on-time handling rewarded, the weakest reminded, both resting on the figure as it stood; the
property company that failed last year's assessment held to account on it. Everything goes
through the services, so a figure without a value is not used."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from civicgrid.accounts.choices import UnitKind
from civicgrid.accounts.models import OrgUnit, User
from civicgrid.estates.models import Blacklisting
from civicgrid.evaluation import consequences
from civicgrid.evaluation.compute import unit_indicators
from civicgrid.evaluation.periods import parse

RATE = "on_time_handling_rate"


def rewards_and_accountability(today: dt.date) -> None:
    leader = User.objects.get(username="leader")
    day = min(today, timezone.localdate())
    month = (day.replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")
    departments = list(OrgUnit.objects.filter(kind=UnitKind.DEPARTMENT, active=True))
    values = unit_indicators(departments, parse(month))
    ranked = sorted((u for u in departments if values.get(u.pk, {}).get(RATE) is not None),
                    key=lambda u: (values[u.pk][RATE], u.code))  # fmt: skip
    if len(ranked) >= 2:
        weakest, best = ranked[0], ranked[-1]
        for unit, kind, amount, reason in (
            (best, "reward", Decimal("5000"), "按期处置率全区第一，予以通报表扬并奖励（示例）"),
            (weakest, "reminder", Decimal(0), "按期处置率全区末位，予以提醒，限期改进（示例）"),
        ):
            consequences.decide(actor=leader, unit=unit, kind=kind, indicator=RATE,
                                period=month, amount=amount, reason=reason,
                                decided_on=day)  # fmt: skip
    entry = Blacklisting.objects.select_related("assessment", "company").first()
    if entry is not None and entry.assessment is not None:
        consequences.decide(actor=leader, unit=entry.company, kind="accountability",
                            assessment=entry.assessment, amount=Decimal("20000"),
                            reason="年度考核不合格，扣减物业服务补贴（示例）",
                            decided_on=day)  # fmt: skip
