"""The demo district's property oversight (DOMAIN.md §16): in every community three estates made
of its buildings — two managed by the street's property companies (their contacts' phones
encrypted), one old estate without a company on the district's service — an owners' committee
for the first estate of each community, last year's assessment of the first street's companies
(scored by the district's leader, rated by the residents' representatives) and the second put on
the blacklist on it, with the estates it still manages marked; residents'
complaints about the service handled by the companies round the loop, and the first community's
joint property meetings with their decisions as cases. Invented names; everything goes through
the services."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from civicgrid.accounts.choices import Role, UnitKind
from civicgrid.accounts.models import OrgUnit, User
from civicgrid.areas.models import Area
from civicgrid.cases.choices import Channel
from civicgrid.cases.models import Case
from civicgrid.cases.services import Report, case_report, case_transition
from civicgrid.catalogue.seed import PROPERTY_COMPLAINT
from civicgrid.estates import selectors, services
from civicgrid.evaluation import groups
from civicgrid.evaluation.assessments import item_score, round_start, scheme_copy
from civicgrid.evaluation.choices import RoundAction
from civicgrid.evaluation.models import Scheme, SchemeItem
from civicgrid.evaluation.workflow import assessment_round_transition
from civicgrid.participation import councils
from civicgrid.participation.council_models import Council, Meeting
from civicgrid.registry.models import Building

NAMES = ["梅园（示例）", "兰苑（示例）", "竹里老小区（示例）"]
PROPERTY_SCHEME = "物业服务企业年度考核"


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
    _assessed(rng, today, leader)


# the levels each company's scores give: the first company does well, the second fails
MARKS = {"yes_no": ("yes", "no"), "scale": ("5", "2"), "deduction": ("1", "6")}


def _assessed(rng, today: dt.date, leader: User) -> None:
    """Last year's assessment of the first street's companies on the shipped template: the
    district's leader scores the service rules, the residents' representatives where each manages
    rate it; made final, the company that failed goes on the blacklist on its assessment."""
    admin = User.objects.get(username="admin")
    street = Area.objects.filter(level=3).earliest("code")
    companies = list(OrgUnit.objects.filter(kind=UnitKind.PROPERTY_COMPANY, area=street,
                                            active=True).order_by("code")[:2])  # fmt: skip
    template = Scheme.objects.filter(template=True, name=PROPERTY_SCHEME).first()
    if template is None or len(companies) < 2:
        return
    year = today.year - 1
    due = max(today, timezone.localdate())  # the demo's day may be set: scoring is open today
    rnd = round_start(scheme=scheme_copy(template, name=f"{template.name}（{year}）"),
                      name=f"{year}年度物业服务企业考核（示例）", period=str(year),
                      subjects=companies, scoring_due=due, appeals_due=due)  # fmt: skip
    reps = User.objects.filter(assignments__role=Role.COUNCIL_MEMBER, assignments__active=True)
    for n, a in enumerate(rnd.assessments.select_related("unit").order_by("unit__code")):
        for item in rnd.scheme.items.exclude(rated_by=SchemeItem.Rater.SYSTEM):
            if item.by_group:
                for rep in reps:
                    if item.rated_by in groups.groups_of(rep, a):
                        groups.group_rate(assessment=a, item=item, actor=rep,
                                          value=("4", "2")[n])  # fmt: skip
            elif not item.evidence_required:
                item_score(assessment=a, item=item, value=MARKS[item.rule][n], actor=leader,
                           note="年度实地检查（示例）")  # fmt: skip
    assessment_round_transition(round_id=rnd.pk, action=RoundAction.CLOSE, actor=admin,
                                now=timezone.now(), note="年度考核结果确定（示例）")  # fmt: skip
    day = min(today, timezone.localdate())
    failed = rnd.assessments.get(unit=companies[1])
    services.blacklist_add(
        actor=leader, company=companies[1], listed_on=day - dt.timedelta(days=30),
        review_on=day + dt.timedelta(days=150), assessment=failed,
        reason="年度考核不合格：居民代表评议差，投诉整改不到位（示例）",
    )  # fmt: skip


# -- complaints about the service, and the joint property meetings -------------------------------
TROUBLES = [
    ("cleaning", "楼道两周没人打扫，垃圾堆在楼梯口（示例）"),
    ("repairs", "单元门禁坏了一个月，报修没人来（示例）"),
    ("parking", "小区里乱停车，消防通道被堵（示例）"),
    ("security", "夜里门岗没人值守（示例）"),
    ("fees", "物业费涨价没有公示（示例）"),
]


def _holder(unit: OrgUnit, role: str) -> User:
    return User.objects.filter(
        assignments__unit=unit, assignments__role=role, assignments__active=True
    ).earliest("pk")


def _walk(case: Case, steps, at: dt.datetime) -> Case:
    """Take the case along ``steps`` (action, who, note), an hour or two apart from ``at``."""
    for n, (action, actor, note) in enumerate(steps):
        case = case_transition(case_id=case.pk, action=action, actor=actor, note=note,
                               now=at + dt.timedelta(hours=2 * n + 1))  # fmt: skip
    return case


def complaints(rng, now: dt.datetime) -> int:
    """Residents' complaints about the service in the managed estates of the first street, by
    the hotline: the older ones handled by the company and checked on site, the latest still
    with the company. Returns how many were made."""
    operator, shift_lead = (User.objects.get(username=u) for u in ("operator", "shift_lead"))
    dispatcher = _holder(OrgUnit.objects.get(code="D-GRID"), Role.DISPATCHER)
    first_street = Area.objects.filter(level=3).earliest("code")
    terms = list(selectors.serving().filter(estate__area__path__startswith=first_street.path)
                 .select_related("company", "estate").order_by("estate__code"))  # fmt: skip
    made = 0
    for n, term in enumerate(terms[:6]):
        building = term.estate.buildings.order_by("code").first()
        if building is None:
            continue
        about, text = TROUBLES[n % len(TROUBLES)]
        at = now - dt.timedelta(days=24 - 4 * n, hours=rng.randint(0, 3))
        case = case_report(actor=operator, now=at, report=Report(
            case_class=PROPERTY_COMPLAINT, description=text, channel=Channel.HOTLINE,
            building=building.code, answers={"about": about}, reporter_name="居民（示例）",
            reporter_phone=f"1391234{rng.randint(0, 9999):04d}",
        ))  # fmt: skip
        made += 1
        handler = _holder(term.company, Role.HANDLER)
        steps = [("register", shift_lead, ""), ("dispatch", dispatcher, "")]
        if n < 4:
            supervisor = _holder(OrgUnit.objects.get(code=f"G{case.grid.code}"), Role.SUPERVISOR)
            steps += [("sign", handler, ""), ("report_handled", handler, "已整改，附整改说明（示例）"),
                      ("send_check", operator, ""), ("pass_check", supervisor, "")]  # fmt: skip
        elif n == 4:
            steps += [("sign", handler, "")]
        _walk(case, steps, at)
    return made


def joint_meetings(today: dt.date) -> None:
    """The first community's joint property meetings (物业联席会), convened by its party
    organisation: one held two months ago whose decisions are done, one held last week whose
    tasks are with the company and the residents' committee as cases."""
    leader, shift_lead = (User.objects.get(username=u) for u in ("leader", "shift_lead"))
    dispatcher = _holder(OrgUnit.objects.get(code="D-GRID"), Role.DISPATCHER)
    community = Area.objects.filter(level=4).earliest("code")
    term = selectors.serving().filter(estate__area=community).select_related("company").first()
    committee = OrgUnit.objects.filter(kind=UnitKind.COMMUNITY_COMMITTEE, area=community).first()
    if term is None or committee is None:
        return
    owners = Council.objects.filter(area=community, kind=Council.Kind.OWNERS).first()
    tz = timezone.get_current_timezone()
    invite = [("党委书记（示例）", f"{community.name}党委", "party"),
              ("居委会主任（示例）", committee.name, "committee"),
              ("物业经理（示例）", term.company.name, "company"),
              ("居民代表（示例）", "梅园", "resident"), ("居民代表乙（示例）", "兰苑", "resident"),
              ("社区民警（示例）", "派出所", "police"), ("社区律师（示例）", "律师事务所", "lawyer"),
              ("住房管理科（示例）", "区住房保障和房屋管理局", "housing")]  # fmt: skip
    agenda = "1. 楼道保洁与垃圾清运\n2. 单元门禁维修\n3. 停车秩序"
    for days, title in ((60, "第一季度物业联席会（示例）"), (7, "第二季度物业联席会（示例）")):
        held = dt.datetime.combine(today - dt.timedelta(days=days), dt.time(19), tz)
        meeting = councils.meeting_call(
            actor=leader, area=community, kind=Meeting.Kind.PROPERTY, title=title, agenda=agenda,
            starts_at=held, place="社区党群服务中心", council=owners, invite=invite,
        )  # fmt: skip
        for attendee in meeting.attendees.all():
            councils.attendee_sign_in(actor=leader, attendee=attendee, now=held)
        present = meeting.attendees.count()
        councils.meeting_hold(actor=leader, meeting=meeting, now=held + dt.timedelta(hours=2),
                              minutes="与会各方逐项通报问题，议定整改责任和时限（示例）。")  # fmt: skip
        for text, task, unit, cls in (
            ("物业两周内完成单元门禁维修", "维修单元门禁", term.company, PROPERTY_COMPLAINT),
            ("居委会牵头规划小区停车位", "规划停车位并公示", committee, "AP005"),
        ):
            passed = councils.resolution_record(actor=leader, meeting=meeting, text=text,
                                                votes_for=present, votes_against=0,
                                                abstentions=0)  # fmt: skip
            follow = councils.follow_up_add(actor=leader, resolution=passed, task=task,
                                            due_on=held.date() + dt.timedelta(days=14),
                                            unit=unit)  # fmt: skip
            follow = councils.follow_up_report(actor=leader, follow_up=follow, case_class=cls)
            assert follow.case is not None
            steps = [("register", shift_lead, ""), ("dispatch", dispatcher, "")]
            if days > 30:
                handler = _holder(unit, Role.HANDLER)
                steps += [("sign", handler, ""), ("report_handled", handler, "已完成（示例）"),
                          ("close", shift_lead, "联席会议定事项已办结（示例）")]  # fmt: skip
            _walk(follow.case, steps, timezone.now() - dt.timedelta(hours=2 * len(steps)))
