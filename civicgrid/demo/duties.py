"""The demo district's community duty lists (urban communities): a few items of each list, so
that the public page, the burden and the binding rules have something to show. Last year's
lists (the baseline) held more assisting tasks, since cut; this year's tasks, refused attempts and
a complaint give the burden page and the review office something real to read."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from civicgrid.accounts import services as accounts
from civicgrid.accounts.models import OrgUnit, User
from civicgrid.areas.models import Area
from civicgrid.burden.complaints import complaint_file
from civicgrid.burden.lists import list_save
from civicgrid.burden.models import CommunityTask
from civicgrid.burden.tasks import task_push
from civicgrid.catalogue.models import CaseClass
from civicgrid.catalogue.seed import UNADMITTED_WORK
from civicgrid.duties.models import CommunityKind
from civicgrid.evaluation.models import ScoreCard
from civicgrid.routing.models import ResponsibilityRule

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
# last year's assisting tasks beyond this year's: cut when the lists were reviewed
CUT = [
    ("A-04", "协助开展门店消防检查并建立台账", "", "DEPT-sj", 10, 12, 0, 6000),
    ("A-05", "协助开展违法建设巡查", "", "DEPT-cg", 8, 12, 2, 5000),
    ("A-06", "协助开展各类创建迎检材料准备", "", "DEPT-zj", 12, 6, 6, 3000),
]
# (department, item, kind, how often, hours each time, title) pushed to every urban community
TASKS = [
    ("DEPT-mz", "A-01", "report", "month", 2, "低保对象动态管理月报"),
    ("DEPT-wj", "A-02", "meeting", "quarter", 3, "社区健康教育讲座"),
    ("DEPT-fg", "A-03", "inspection", "month", 6, "老旧房屋安全巡查"),
    ("DEPT-mz", "S-01", "meeting", "month", 3, "居民议事会例会"),
]
REVIEW_OFFICE = ("示范区社区减负工作办公室", "D-REVIEW")
NEGATIVE = [
    ("N-01", "不得要求社区开具无法核实的证明", "", []),
    ("N-02", "城市道路与公共区域垃圾清运不得交由社区承担", "", ["06010", "06011"]),
]


def duty_lists(today: dt.date) -> None:
    urban = CommunityKind.objects.get(code="urban")
    units = {u.code: u for u in OrgUnit.objects.filter(kind="department")}

    def save(list_type, items, start=dt.date(today.year, 1, 1), note="示范清单"):
        list_save(kind=urban, list_type=list_type, items=items, effective_from=start, note=note)

    statutory = [
        {"code": c, "title": t, "basis": b, "hours_per_month": Decimal(h),
         "reports_per_year": r, "meetings_per_year": m}
        for c, t, b, h, r, m in STATUTORY
    ]  # fmt: skip

    def assisting(rows):
        return [
            {"code": c, "title": t, "basis": b, "department": units[d],
             "hours_per_month": Decimal(h), "reports_per_year": r, "meetings_per_year": m,
             "funding_per_year": Decimal(f)}
            for c, t, b, d, h, r, m, f in rows
            if d in units
        ]  # fmt: skip

    last_year = dt.date(today.year - 1, 1, 1)
    save("statutory", statutory, last_year, "上年清单（基准）")
    save("assisting", assisting(ASSISTING + CUT), last_year, "上年清单（基准）")
    save("statutory", statutory)
    save("assisting", assisting(ASSISTING), note="清单精简：取消三项协助工作")
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
    burden(today, units)


def burden(today: dt.date, units: dict) -> None:
    """The review office with the rule that sends complaints to it, this year's tasks for every
    urban community, a refused attempt and an open complaint."""
    district = units["DEPT-mz"].area
    name, code = REVIEW_OFFICE
    office = OrgUnit.objects.filter(code=code).first() or accounts.orgunit_create(
        kind="department", name=name, code=code, area=district
    )
    ResponsibilityRule.objects.get_or_create(
        case_class=CaseClass.objects.get(code=UNADMITTED_WORK),
        area=None,
        level="",
        defaults={"lead_unit": office, "note": "社区准入：社区反映未准入事项由减负办核查督办"},
    )
    communities = list(Area.objects.filter(level=4, active=True).order_by("code"))
    admin = User.objects.get(username="admin")
    CommunityTask.objects.bulk_create(
        [
            CommunityTask(
                department=units[d],
                kind=kind,
                title=title,
                item_code=item,
                every=every,
                first_due=dt.date(today.year, 2, 1),
                hours=Decimal(hours),
                community=c,
                created_by=admin,
            )
            for d, item, kind, every, hours, title in TASKS
            for c in communities
        ]
    )
    handler = User.objects.get(username="handler")  # 城管执法局: no admitted item for this
    task_push(
        actor=handler, department=units["DEPT-cg"], communities=communities[:3], kind="ledger",
        title="沿街门店市容巡查台账", item_code="A-05", every="week",
        first_due=today, hours=Decimal(2),
    )  # fmt: skip
    complaint_file(
        actor=User.objects.get(username="grid_leader"),
        community=communities[0],
        department=units["DEPT-sj"],
        what="每周报送食品经营户巡查照片",
        details="市场监管局通过工作群通知，要求社区每周五前报送辖区食品经营户巡查照片。",
        hours=Decimal(6),
    )
