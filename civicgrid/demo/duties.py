"""The demo district's community duty lists (urban communities): a few items of each list, so
that the public page, the burden and the binding rules have something to show."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from civicgrid.accounts.models import OrgUnit
from civicgrid.catalogue.models import CaseClass
from civicgrid.duties.models import CommunityKind
from civicgrid.duties.services import version_save
from civicgrid.evaluation.models import ScoreCard

STATUTORY = [
    ("S-01", "组织居民开展自治与议事协商", "《城市居民委员会组织法》第三条", 12, 0, 12),
    ("S-02", "调解民间纠纷", "《人民调解法》", 8, 0, 4),
    ("S-03", "协助维护社区治安", "《城市居民委员会组织法》第三条", 6, 2, 4),
]
ASSISTING = [
    ("A-01", "协助开展低保对象入户核查", "《社会救助暂行办法》", "DEPT-mz", 6, 4, 2, 20000),
    ("A-02", "协助开展健康教育宣传", "《基本医疗卫生与健康促进法》", "DEPT-wj", 3, 2, 2, 8000),
    ("A-03", "协助开展房屋安全巡查", "《城市危险房屋管理规定》", "DEPT-fg", 4, 4, 0, 12000),
]
NEGATIVE = [
    ("N-01", "不得要求社区开具无法核实的证明", "", []),
    ("N-02", "城市道路与公共区域垃圾清运不得交由社区承担", "", ["06010", "06011"]),
]


def duty_lists(today: dt.date) -> None:
    urban = CommunityKind.objects.get(code="urban")
    start = dt.date(today.year, 1, 1)
    units = {u.code: u for u in OrgUnit.objects.filter(kind="department")}

    def save(list_type, items):
        version_save(
            kind=urban, list_type=list_type, items=items, effective_from=start, note="示范清单"
        )

    save(
        "statutory",
        [
            {"code": c, "title": t, "basis": b, "hours_per_month": Decimal(h),
             "reports_per_year": r, "meetings_per_year": m}
            for c, t, b, h, r, m in STATUTORY
        ],
    )  # fmt: skip
    save(
        "assisting",
        [
            {"code": c, "title": t, "basis": b, "department": units[d],
             "hours_per_month": Decimal(h), "reports_per_year": r, "meetings_per_year": m,
             "funding_per_year": Decimal(f)}
            for c, t, b, d, h, r, m, f in ASSISTING
            if d in units
        ],
    )  # fmt: skip
    save(
        "negative",
        [
            {"code": c, "title": t, "basis": b,
             "case_classes": list(CaseClass.objects.filter(code__in=classes))}
            for c, t, b, classes in NEGATIVE
        ],
    )  # fmt: skip
    cards = ScoreCard.objects.filter(subject="area", level=4)
    save(
        "assessment",
        [
            {"code": f"K-{n:02d}", "title": card.name, "score_card": card}
            for n, card in enumerate(cards, start=1)
        ],
    )
