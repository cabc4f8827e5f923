"""The demo district's commercial buildings (DOMAIN.md §18): the first commercial buildings of
the first street, each profiled with its party organisation, service point, safety association
and e-government channel; the first fully — its co-governance body (the party organisation, the
police station, the property company, the safety association and tenants), signed
responsibility, joint meetings and training, last year's joint assessment, this year's risk
assessment with its hazards (one made a case and handled, one still waiting), a joint
inspection, and its mediation committee with a dispute it settled (resolved at the building).
Invented names; everything goes through the services and the loop."""

from __future__ import annotations

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from civicgrid.accounts.choices import Role, UnitKind
from civicgrid.accounts.models import OrgUnit, User
from civicgrid.areas.models import Area
from civicgrid.cases.services import Report, case_report, case_transition
from civicgrid.commercial import services
from civicgrid.core.errors import DomainError
from civicgrid.disputes import committees
from civicgrid.disputes import services as disputes
from civicgrid.party.models import PartyOrganisation
from civicgrid.registry.models import Building

TENANTS = ["云帆科技有限公司（示例）", "锦程咨询有限公司（示例）", "启明设计事务所（示例）"]
HAZARDS = [
    ("exits", "high", "B1 层东侧疏散通道堆放装修材料（示例）"),
    ("cctv", "medium", "12 层电梯厅监控画面缺失（示例）"),
    ("fire_alarm", "low", "23 层两处烟感探测器过期未检（示例）"),
]


def _photo() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (120, 160, 200)).save(out, "JPEG")
    return SimpleUploadedFile("整改.jpg", out.getvalue(), content_type="image/jpeg")


def _holder(unit: OrgUnit | None, role: str) -> User | None:
    if unit is None:
        return None
    return (
        User.objects.filter(
            assignments__unit=unit, assignments__role=role, assignments__active=True
        )
        .order_by("pk")
        .first()
    )


def _walk(case, steps, at: dt.datetime):
    for n, (action, actor, note, data, photos) in enumerate(steps):
        case = case_transition(case_id=case.pk, action=action, actor=actor, note=note, data=data,
                               photos=photos, now=at + dt.timedelta(hours=2 * n + 1))  # fmt: skip
    return case


def commercial_buildings(rng, today: dt.date) -> None:
    leader = User.objects.get(username="leader")
    street = Area.objects.filter(level=3, active=True).order_by("code").first()
    if street is None:
        return
    towers = Building.objects.filter(
        grid__path__startswith=street.path, active=True,
        building_type__in=services.COMMERCIAL_TYPES,
    ).select_related("grid__parent").order_by("building_type", "code")[:2]  # fmt: skip
    day = min(today, timezone.localdate())
    for n, building in enumerate(towers):
        community = building.grid.parent
        org = PartyOrganisation.objects.filter(unit__area=community, level="big_committee").first()
        profile = services.profile_save(
            actor=leader, building=building, party_organisation=org,
            service_point="一楼大堂东侧楼宇服务站，工作日 9:00–17:30（示例）",
            safety_association=f"{building.name}安全协会（示例）",
            e_service="大堂一网通办自助终端、楼宇服务站代办（示例）",
            enterprises=rng.randint(40, 120), workers=rng.randint(1500, 5000),
        )  # fmt: skip
        if n == 0:
            _first(rng, leader, profile, day)


def _first(rng, leader: User, profile, day: dt.date) -> None:
    community = profile.area
    since = day - dt.timedelta(days=400)
    police = OrgUnit.objects.filter(  # the street's police station (a stationed team)
        kind=UnitKind.STATIONED_TEAM, area=community.parent, code__endswith="-pcs", active=True
    ).first()
    members = [
        services.member_add(actor=leader, profile=profile, kind="party",
                            organisation=str(profile.party_organisation or f"{community.name}党委"),
                            joined_on=since),
        services.member_add(actor=leader, profile=profile, kind="department",
                            organisation=police.name if police else "派出所（示例）", unit=police,
                            contact="社区民警（示例）", joined_on=since),
        services.member_add(actor=leader, profile=profile, kind="property",
                            organisation=(profile.building.property_company.name
                                          if profile.building.property_company else
                                          "楼宇物业管理处（示例）"),
                            contact="物业经理（示例）", joined_on=since),
        services.member_add(actor=leader, profile=profile, kind="association",
                            organisation=profile.safety_association, joined_on=since),
    ] + [
        services.member_add(actor=leader, profile=profile, kind="tenant", organisation=name,
                            contact="行政负责人（示例）",
                            joined_on=since + dt.timedelta(days=30 * k))
        for k, name in enumerate(TENANTS)
    ]  # fmt: skip
    for member, title, duties in (
        (members[2], "楼宇消防安全责任书（示例）", "落实消防设施月检，保持疏散通道畅通，每季度组织一次疏散演练。"),
        (members[4], "入驻企业安全承诺书（示例）", "遵守楼宇安全公约，配合联检整改，指定安全联络员。"),
        (members[1], "楼宇治安联防协议（示例）", "每周巡查一次，重大活动提前联络，共享视频监控。"),
    ):  # fmt: skip
        services.agreement_sign(actor=leader, profile=profile, member=member, title=title,
                                duties=duties, signed_on=since + dt.timedelta(days=60),
                                until=day + dt.timedelta(days=300))  # fmt: skip
    for kind, back, subject, attended in (
        ("meeting", 75, "楼宇联席会：外卖配送与非机动车停放秩序（示例）", 14),
        ("meeting", 20, "楼宇联席会：年终安全检查部署（示例）", 12),
        ("training", 45, "消防安全与应急疏散培训（示例）", 86),
    ):
        services.activity_record(actor=leader, profile=profile, kind=kind,
                                 held_on=day - dt.timedelta(days=back), subject=subject,
                                 attended=attended, outcome="形成会议纪要，分工落实（示例）")  # fmt: skip
    services.activity_record(actor=leader, profile=profile, kind="assessment",
                             held_on=since + dt.timedelta(days=20), subject="年度楼宇联合考评（示例）",
                             attended=10, outcome="总体良好，消防通道管理需加强（示例）",
                             score=rng.randint(82, 94))  # fmt: skip
    risk = services.inspection_record(
        actor=leader, profile=profile, kind="risk", held_on=day - dt.timedelta(days=30),
        inspectors="区消防救援支队、派出所、物业、楼宇安全协会（示例）",
        summary="技防设施总体完好，发现隐患三处（示例）",
    )  # fmt: skip
    services.inspection_record(actor=leader, profile=profile, kind="joint",
                               held_on=day - dt.timedelta(days=10),
                               inspectors="市场监管所、派出所、物业（示例）",
                               summary="复查整改情况（示例）")  # fmt: skip
    hazards = [services.hazard_add(actor=leader, inspection=risk, installation=i, severity=s,
                                   description=d) for i, s, d in HAZARDS]  # fmt: skip
    at = timezone.now() - dt.timedelta(days=28)
    for k, hazard in enumerate(hazards[:2]):
        case = services.hazard_report(actor=leader, hazard=hazard)
        if k == 0:
            _handled(case, at)
    _mediated(profile, at)


def _handled(case, at: dt.datetime) -> None:
    """The hazard's case registered, dispatched to the unit routing suggests, handled and
    closed by the shift lead, where the demo has a handler for that unit."""
    shift_lead = User.objects.get(username="shift_lead")
    dispatcher = _holder(OrgUnit.objects.filter(code="D-GRID").first(), Role.DISPATCHER)
    try:
        case = _walk(case, [("register", shift_lead, "", None, ()),
                            ("dispatch", dispatcher, "", None, ())], at)  # fmt: skip
        handler = _holder(case.lead_unit, Role.HANDLER)
        if handler is None:
            return
        _walk(case, [("sign", handler, "", None, ()),
                     ("report_handled", handler, "杂物已清理，设置禁停标识（示例）", None,
                      [_photo()]),
                     ("close", shift_lead, "隐患已整改（示例）", None, ())],
              at + dt.timedelta(hours=5))  # fmt: skip
    except DomainError:  # a demo without the units routing needs: the case stays where it is
        return


def _mediated(profile, at: dt.datetime) -> None:
    """The building's mediation committee and a dispute between two tenants it settled."""
    leader, operator = (User.objects.get(username=u) for u in ("leader", "operator"))
    committee = committees.committee_save(
        actor=leader, building=profile.building, name=f"{profile.building.name}人民调解委员会",
        established_on=at.date() - dt.timedelta(days=300),
    )  # fmt: skip
    for name, organisation, role in (("周（示例）", "楼宇党组织", "chair"),
                                     ("吴（示例）", "物业管理处", "member"),
                                     ("郑（示例）", "社区人民调解员", "member")):  # fmt: skip
        committees.member_add(actor=leader, committee=committee, name=name,
                              organisation=organisation, role=role)  # fmt: skip
    mediator = User.objects.filter(username="mediator").first()
    committee_unit = OrgUnit.objects.filter(
        area=profile.area, kind=UnitKind.COMMUNITY_COMMITTEE, active=True
    ).first()
    handler = _holder(committee_unit, Role.HANDLER)
    if mediator is None or committee_unit is None or handler is None:
        return
    try:
        case = case_report(actor=operator, now=at, report=Report(
            case_class="DS001", channel="hotline", building=profile.building.code,
            description="两家入驻企业因共用会议室和噪声问题发生争执（示例）",
            answers={"parties": 2}, reporter_name="企业行政（示例）",
            reporter_phone="13912340000",
        ))  # fmt: skip
        dispute = disputes.dispute_record(
            case=case, actor=operator, risk="low", complexity="building", now=at,
            summary="共用空间使用与噪声纠纷（示例）",
            parties=[disputes.PartyIn(name=TENANTS[0]),
                     disputes.PartyIn(name=TENANTS[1], role="respondent")],
        )  # fmt: skip
        disputes.session_add(
            dispute=dispute, actor=mediator, held_at=at + dt.timedelta(hours=3),
            minutes="楼宇调委会组织双方协商，约定会议室预约规则（示例）", outcome="agreed",
            agreement=SimpleUploadedFile("协议.pdf", b"%PDF-1.4\n% civicgrid demo\n",
                                         content_type="application/pdf"),
        )  # fmt: skip
        shift_lead = User.objects.get(username="shift_lead")
        dispatcher = _holder(OrgUnit.objects.filter(code="D-GRID").first(), Role.DISPATCHER)
        _walk(case, [
            ("register", shift_lead, "", None, ()),
            ("dispatch", dispatcher, "楼宇调委会已调解，社区跟进回访（示例）",
             {"unit": committee_unit.pk}, ()),
            ("sign", handler, "", None, ()),
            ("report_handled", handler, "双方签订调解协议（示例）", None, [_photo()]),
            ("close", shift_lead, "矛盾不出楼宇（示例）", None, ()),
        ], at + dt.timedelta(hours=4))  # fmt: skip
    except DomainError:
        return
