"""The demo district's social organisations: the street organisations' register entries (valid
invented credit codes), the hub ("1+14+x" in small: the federation and a branch per street), an
awarded tender walked through declarations, scores and the award to a signed contract with a
delivered report and an evaluation, and a paid subsidy."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone
from stdnum.cn import uscc

from civicgrid.accounts.models import OrgUnit, User
from civicgrid.areas.models import Area
from civicgrid.orgs import contracts, procurement, services, workflow
from civicgrid.orgs.models import Bid, HubNode, Organisation, Subsidy


def credit_code(n: int) -> str:
    base = f"52310104MJ{n:07d}"
    return base + uscc.calc_check_digit(base)


def social_organisations(today: dt.date) -> None:
    district = Area.objects.filter(level=2).earliest("code")
    leader = User.objects.get(username="leader")
    federation = HubNode.objects.create(
        level="federation", name="示范区社会组织联合会", area=district
    )
    orgs = []
    for n, unit in enumerate(OrgUnit.objects.filter(kind="social_organisation").order_by("code")):
        branch = HubNode.objects.create(
            level="branch", name=f"{unit.area.name}社会组织分会", area=unit.area, parent=federation
        )
        org = Organisation(
            unit=unit, type="service", credit_code=credit_code(n + 1), authority="示范区民政局",
            registered_on=dt.date(2019 + n % 4, 3, 1), party_branch="联合党支部", staff=6 + n,
            volunteers=40 + 10 * n, service_area=unit.area, contact_name="机构联系人（示例）",
            hub=branch, incubation="graduated" if n else "incubating", rating=3 + n % 3,
        )  # fmt: skip
        org.save()
        orgs.append(org)
    if len(orgs) < 2:
        return
    street = orgs[0].service_area
    office = OrgUnit.objects.filter(area=street, kind="street_office").first()
    panel = [User.objects.get(username=u) for u in ("operator", "shift_lead", "dispatcher")]
    start = timezone.now() - dt.timedelta(days=90)
    tender = procurement.tender_open(
        actor=leader, buyer=office, area=street, title=f"{street.name}居家养老助餐服务项目",
        needs="为辖区 80 岁以上老人提供每日助餐和每月一次上门探访。", budget=Decimal(300000),
        criteria=[{"name": "服务方案", "weight": 50}, {"name": "团队与资质", "weight": 30},
                  {"name": "报价", "weight": 20}],
        deadline=start + dt.timedelta(days=20), panel=panel, now=start,
    )  # fmt: skip
    bids = [
        Bid.objects.create(
            tender=tender,
            organisation=org,
            amount=Decimal(amount),
            proposal="服务方案（示例）",
            document=ContentFile(b"%PDF-1.4\n% civicgrid demo bid\n", name="投标文件.pdf"),
            submitted_by=leader,
        )
        for org, amount in zip(orgs[:3], (268000, 285000, 240000), strict=False)
    ]
    after = tender.deadline + dt.timedelta(days=1)
    points = [(85, 80, 70), (78, 88, 60), (72, 70, 95)]
    for member in panel:
        procurement.declaration_submit(actor=member, tender=tender, conflicts=[], now=after)
        for the_bid, marks in zip(bids, points, strict=False):
            procurement.bid_score_all(
                actor=member, bid=the_bid, points=[Decimal(m) for m in marks], now=after
            )
    tender = procurement.tender_award(actor=leader, tender=tender, now=after + dt.timedelta(days=1))
    contract = contracts.contract_sign(
        actor=leader, tender=tender, signed_on=after.date() + dt.timedelta(days=3),
        starts_on=after.date() + dt.timedelta(days=10), ends_on=after.date() + dt.timedelta(days=375),
    )  # fmt: skip
    contracts.deliverable_add(actor=leader, contract=contract, title="第一季度服务报告",
                              due_on=after.date() + dt.timedelta(days=100))  # fmt: skip
    contracts.contract_evaluate(actor=leader, contract=contract, points=88,
                                note="服务及时，老人满意度高（示例）")  # fmt: skip
    subsidy = Subsidy.objects.create(
        organisation=orgs[1], purpose="孵化期运营补贴", reason="新设机构场地租金与培训",
        requested=Decimal(30000), applied_by=leader,
    )  # fmt: skip
    workflow.subsidy_applied(subsidy=subsidy, actor=leader, at=timezone.now())
    services.subsidy_review(actor=leader, subsidy=subsidy, recommend=True,
                            review="材料齐全，符合条件")  # fmt: skip
    services.subsidy_decide(actor=leader, subsidy=subsidy, approve=True, amount=Decimal(25000),
                            decision="同意资助")  # fmt: skip
    services.subsidy_pay(actor=leader, subsidy=subsidy, paid_on=today - dt.timedelta(days=10),
                         reference="ZZ-示例-001")  # fmt: skip
