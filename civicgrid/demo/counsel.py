"""The demo district's legal advisers and expert panels (DOMAIN.md §18): a lawyer for every
community but the last (the advisers' page warns of it), each street's expert panel of a
volunteer lawyer, a deputy and a retired judge, and their counsel on a few of the first street's
disputes, recorded by the street's mediator. Invented names; everything goes through the
services."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from civicgrid.accounts.models import User
from civicgrid.areas.models import Area
from civicgrid.core.errors import DomainError
from civicgrid.disputes import counsel
from civicgrid.disputes.models import Dispute

from . import names

FIRMS = ["明理律师事务所（示例）", "正和律师事务所（示例）", "同心律师事务所（示例）"]
OPINIONS = [
    "属相邻关系纠纷，依民法典相关规定，建议双方各退一步，由社区主持调解（示例）。",
    "证据显示双方曾有口头约定，建议先行调解，调解不成可申请司法确认或诉讼（示例）。",
    "涉及多户利益，建议召开楼栋议事会听取意见后再行调解（示例）。",
]


def legal_counsel(rng, today: dt.date) -> None:
    leader = User.objects.get(username="leader")
    mediator = User.objects.get(username="mediator")
    day = min(today, timezone.localdate())
    communities = list(Area.objects.filter(level=4, active=True).order_by("code"))
    for n, community in enumerate(communities[:-1]):
        counsel.adviser_appoint(
            actor=leader, area=community, name=f"{rng.choice(names.SURNAMES)}律师（示例）",
            firm=FIRMS[n % len(FIRMS)], phone=f"1381234{rng.randint(0, 9999):04d}",
            starts_on=day - dt.timedelta(days=rng.randint(100, 700)),
        )  # fmt: skip
    for street in Area.objects.filter(level=3, active=True).order_by("code"):
        panel = counsel.panel_create(
            actor=leader, area=street, name=f"{street.name}矛盾纠纷专家研判组"
        )
        for kind, organisation in (("lawyer", "志愿律师"), ("deputy", "区人大代表"),
                                   ("judge", "区人民法院（已退休）")):  # fmt: skip
            counsel.member_add(actor=leader, panel=panel, kind=kind, organisation=organisation,
                               name=f"{rng.choice(names.SURNAMES)}{rng.choice(names.GIVEN)}（示例）",
                               phone=f"1391234{rng.randint(0, 9999):04d}")  # fmt: skip
    first = communities[0].parent if communities else None
    if first is None:
        return
    disputes = Dispute.objects.filter(case__grid__path__startswith=first.path).select_related(
        "case__grid"
    )
    for n, dispute in enumerate(disputes.order_by("pk")[:6]):
        advisers, street_panels = counsel.for_dispute(dispute)
        adviser = advisers.first() if n % 2 == 0 else None
        chosen = street_panels.first() if adviser is None else None
        if adviser is None and chosen is None:
            continue
        try:
            counsel.counsel_add(actor=mediator, dispute=dispute, adviser=adviser, panel=chosen,
                                opinion=OPINIONS[n % len(OPINIONS)],
                                given_on=day - dt.timedelta(days=rng.randint(0, 20)))  # fmt: skip
        except DomainError:  # a dispute the street's mediator does not carry
            continue
