"""Demo case history: plausible cases over the last 90 days, written in bulk.

Every case walks the real loop (report → register → dispatch → sign → handle → check → close →
rate, or self-handled, or voided) with times drawn around the class's limits in working time,
so some are late, some are open with yellow and red cards, and every list and figure has
something true to show. Routing rules for the demo units are created first. Invented data only.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from civicgrid.accounts.models import OrgUnit, User
from civicgrid.areas.models import Area
from civicgrid.cases.choices import Channel, Rating, State, Tier
from civicgrid.cases.models import Case, CaseAssignment, CaseEvent, SweepRun
from civicgrid.cases.services.clock import tier_of_level
from civicgrid.cases.services.intake import case_number
from civicgrid.cases.services.sweep import escalate_due
from civicgrid.catalogue.models import CaseClass, MajorClass
from civicgrid.core import pii
from civicgrid.core.bulk import BulkWriter, allocate_ids, instance_rows
from civicgrid.core.working_time import (
    add_working_seconds,
    current_calendar,
    to_seconds,
    working_seconds_between,
)
from civicgrid.disputes.models import Dispute, Party, Session
from civicgrid.routing.models import EscalationRule, ResponsibilityRule
from civicgrid.routing.services import escalation_save, suggest

from . import names
from .live import LiveEdge
from .staff import People

MINUTE = dt.timedelta(minutes=1)
# (class codes, weight): what districts' logs are full of
CLASS_WEIGHTS = [
    (["06010", "06011", "06036", "06042", "06041"], 22),
    (["09006", "09005", "09009", "09010", "09011", "09001"], 20),
    (["07001", "06007", "06040", "06029", "06027", "06028"], 12),
    (["01001", "01002", "01003", "01037", "02017", "03005", "04002"], 10),
    (["08001", "08004", "08002"], 5),
    (["AP001", "AP002", "AP003", "AP004", "AP005"], 14),
    (["DS001", "DS002", "DS004", "DS003"], 5),
    (["SV001", "SV003", "SV007"], 3),
]
CHANNELS = [
    (Channel.PATROL, 44),
    (Channel.HOTLINE, 30),
    (Channel.WEB, 6),
    (Channel.MOBILE, 6),
    (Channel.WINDOW, 5),
    (Channel.IOT, 4),
    (Channel.LIAISON, 3),
    (Channel.SUPERIOR, 2),
]
DESCRIPTIONS = [
    "现场发现{c}，影响居民出行",
    "{c}，已持续数日",
    "居民反映{c}",
    "巡查发现{c}，请尽快处置",
]
AGREEMENT = "disputes/demo/调解协议书示例.pdf"


def demo_routing() -> None:
    """Responsibility and escalation rules for the demo units (idempotent)."""
    if ResponsibilityRule.objects.exists():
        return
    dept = {u.code: u for u in OrgUnit.objects.filter(code__startswith="DEPT-")}
    majors = {m.code: m for m in MajorClass.objects.all()}
    for code, unit in (
        ("06", "cg"),
        ("07", "cg"),
        ("08", "zj"),
        ("09", "cg"),
        ("01", "zj"),
        ("02", "zj"),
        ("05", "fg"),
        ("10", "zj"),
        ("03", "lh"),
        ("04", "lh"),
    ):
        ResponsibilityRule.objects.create(major=majors[code], lead_unit=dept[f"DEPT-{unit}"])
    # classes another department leads: unlicensed and outside trading, noise
    classes = {c.code: c for c in CaseClass.objects.filter(code__in=["09001", "09005", "06028"])}
    for code, unit in (("09001", "sj"), ("09005", "sj"), ("06028", "ga")):
        if code in classes:
            ResponsibilityRule.objects.create(
                case_class=classes[code], lead_unit=dept[f"DEPT-{unit}"]
            )
    for street in Area.objects.filter(level=3):
        units = {u.kind: u for u in OrgUnit.objects.filter(area=street)}
        for major, kind in (("DS", "mediation_centre"), ("SV", "service_centre")):
            if kind in units:
                ResponsibilityRule.objects.create(
                    major=majors[major], area=street, lead_unit=units[kind]
                )
    # consultations and requests for help go to the residents' committee, from every centre;
    # a dispute a grid worker reports stays with it too (大事不出社区)
    for community in Area.objects.filter(level=4):
        committee = OrgUnit.objects.filter(area=community, kind="community_committee").first()
        for major, level in (("AP", ""), ("DS", "community")) if committee else ():
            ResponsibilityRule.objects.create(
                major=majors[major], area=community, level=level, lead_unit=committee
            )
    escalation_rules()


def escalation_rules() -> list[EscalationRule]:
    """A dispute the grid or the community has not settled 4 working hours past its deadline
    goes up to its street, whose mediation centre takes it over; an urgent case 8 working hours
    past its deadline goes up to the district, and the district centre is told. Each takeover
    unit sits in the rule's area at the rule's tier."""
    rules = []
    disputes = MajorClass.objects.get(code="DS")
    for street in Area.objects.filter(level=3).order_by("code"):
        centre = OrgUnit.objects.filter(area=street, kind="mediation_centre").first()
        if centre is not None:
            rule = EscalationRule(
                major=disputes,
                area=street,
                after_hours=Decimal(4),
                to_tier="street",
                takeover_unit=centre,
            )
            rules.append(escalation_save(rule=rule))
    urgent = escalation_save(
        rule=EscalationRule(priority="urgent", after_hours=Decimal(8), to_tier="district"),
        notify=list(OrgUnit.objects.filter(code="D-GRID")),
    )
    return [*rules, urgent]


class CaseHistory:
    def __init__(self, rng: random.Random, now: dt.datetime | None = None, days: int = 90):
        self.rng = rng
        self.now = now or timezone.now()
        self.days = days
        self.cal = current_calendar()
        self.grids = [g for g in Area.objects.filter(level=5, active=True) if g.bbox]
        self.classes = {
            c.code: c
            for c in CaseClass.objects.select_related("major").prefetch_related("questions")
        }
        self.users = {
            u.username: u
            for u in User.objects.filter(
                username__in=[
                    "operator",
                    "shift_lead",
                    "dispatcher",
                    "supervisor",
                    "handler",
                    "mediator",
                ]
            )
        }
        self.routes: dict = {}
        self.units = {u.pk: u for u in OrgUnit.objects.select_related("area")}
        self.people = People(self.users)
        self.communities = dict(Area.objects.filter(level=4).values_list("code", "id"))

    def _pick(self, weighted):
        items, weights = zip(*weighted, strict=True)
        return self.rng.choices(items, weights=weights)[0]

    def _moment(self) -> dt.datetime:
        """A report time in the window, mostly in the day, more on weekdays."""
        while True:
            day = self.now - dt.timedelta(days=self.rng.random() * self.days)
            local = timezone.localtime(day)
            hour = self.rng.choices(
                range(24),
                weights=[
                    1,
                    1,
                    1,
                    1,
                    1,
                    2,
                    4,
                    8,
                    12,
                    14,
                    14,
                    12,
                    8,
                    10,
                    12,
                    12,
                    11,
                    10,
                    8,
                    6,
                    5,
                    4,
                    2,
                    1,
                ],
            )[0]
            moment = local.replace(
                hour=hour, minute=self.rng.randrange(60), second=self.rng.randrange(60)
            )
            if moment < self.now and (moment.weekday() < 5 or self.rng.random() < 0.6):
                return moment

    def _lead(self, case_class, grid, level):
        key = (case_class.pk, grid.path.rsplit("/", 2)[0], level)  # per community and level
        if key not in self.routes:
            s = suggest(case_class=case_class, grid=grid, level=level)
            self.routes[key] = (s.lead_unit, s.rule)
        return self.routes[key]

    def _answers(self, case_class) -> dict:
        out = {}
        for q in case_class.questions.all():
            if q.datatype in ("singlevaluelist",):
                out[q.code] = self.rng.choice(q.choice_keys())
            elif q.datatype == "multivaluelist":
                out[q.code] = [self.rng.choice(q.choice_keys())]
            elif q.datatype == "number":
                out[q.code] = self.rng.randint(1, 20)
            elif q.required:
                out[q.code] = "见描述"
        return out

    def _after(self, start, seconds) -> dt.datetime:
        return add_working_seconds(start, max(60, int(seconds)), calendar=self.cal)

    def _in_time(self, start, at, step) -> bool:
        """Whether a person's step was taken within its limit (cases/services/steps.py)."""
        limit = settings.CIVICGRID_STEP_MINUTES[step] * 60
        return working_seconds_between(start, at, calendar=self.cal) <= limit

    def _clock(self, case, stage, start):
        amount, unit = case.case_class.limit(stage)
        seconds = to_seconds(amount, unit, self.cal)
        return seconds, (self._after(start, seconds), self._after(start, seconds * 0.8))

    def build(self, pk: int) -> tuple[Case, list[CaseEvent], list, dict | None]:
        rng, u = self.rng, self.users
        code = rng.choice(self._pick(CLASS_WEIGHTS))
        case_class = self.classes[code]
        channel = self._pick(CHANNELS)
        grid = rng.choice(self.grids)
        x0, y0, x1, y1 = grid.bbox
        t = self._moment()
        patrol = channel == Channel.PATROL
        tier = Tier.GRID if patrol else Tier.DISTRICT
        # a grid worker's report is dispatched by the community's work station (as intake does)
        level = "community" if patrol else "district"
        supervisor = self.people.supervisor(grid.pk)
        case = Case(
            pk=pk,
            number=case_number(pk, t),
            kind=case_class.kind,
            case_class=case_class,
            channel=channel,
            state=State.REPORTED,
            priority=case_class.priority,
            description=rng.choice(DESCRIPTIONS).format(c=case_class.name),
            answers=self._answers(case_class),
            lon=round(rng.uniform(x0, x1), 6),
            lat=round(rng.uniform(y0, y1), 6),
            grid=grid,
            dispatch_level=level,
            tier_opened=tier,
            tier_current=tier,
            reported_at=t,
            reporter_user=supervisor if patrol else None,
            version=1,
        )
        if not patrol:
            case.reporter_name = rng.choice(names.SURNAMES) + rng.choice(["先生", "女士"])
            phone = f"1{rng.choice('3589')}{rng.randrange(10**9):09d}"
            case.set_pii("reporter_phone", phone, pii.mask_phone)
        case.anonymous = not patrol and not case.reporter_name
        events = [
            ("report", "", State.REPORTED, t, supervisor if patrol else u["operator"], "", {})
        ]

        def step(action, to, at, actor, note="", **data):
            events.append((action, case.state, to, at, actor, note, data))
            case.state = to

        if patrol and case_class.self_handle_allowed and rng.random() < 0.45:
            at = t + rng.randrange(5, 40) * MINUTE
            if at < self.now:
                step("self_handle", State.CLOSED, at, supervisor)
                case.self_handled, case.registered_at, case.handled_at = True, at, at
                case.closed_at, case.closed_on_time, case.tier_resolved = at, True, Tier.GRID
            return self._finish(case, events, [])
        if rng.random() < 0.04:
            at = t + rng.randrange(10, 90) * MINUTE
            if at < self.now:
                step("void", State.VOIDED, at, u["shift_lead"], "经核实不属于受理范围")
            return self._finish(case, events, [])
        since = t
        if not patrol and rng.random() < 0.3:  # a resident's report checked on site first (核实)
            at = t + rng.randrange(5, 20) * MINUTE
            if at >= self.now:
                return self._finish(case, events, [])
            step("send_to_verify", State.VERIFYING, at, u["operator"])
            asked, at = at, self._after(at, rng.randrange(10, 90) * 60)
            if at >= self.now:
                return self._finish(case, events, [])
            step(
                "verify",
                State.REPORTED,
                at,
                supervisor,
                confirmed=True,
                step_on_time=self._in_time(asked, at, "verify"),
            )
            since = at
        at = since + rng.randrange(5, 60) * MINUTE
        if at >= self.now:
            return self._finish(case, events, [])
        step(
            "register",
            State.REGISTERED,
            at,
            u["shift_lead"],
            step_on_time=self._in_time(since, at, "register"),
        )
        case.registered_at = at
        lead, rule = self._lead(case_class, grid, level)
        at = self._after(at, rng.randrange(5, 50) * 60)
        if lead is None or at >= self.now:
            return self._finish(case, events, [])
        step(
            "dispatch",
            State.DISPATCHED,
            at,
            self.people.dispatcher(level, self.communities.get(grid.code[:-3])),
            unit=lead.pk,
            unit_name=lead.name,
            step_on_time=self._in_time(case.registered_at, at, "dispatch"),
        )
        case.lead_unit, case.routing_rule, case.dispatched_at = lead, rule, at
        handle_seconds, (case.handle_due_at, _y) = self._clock(case, "handle", at)
        _s, (case.due_at, case.yellow_at) = self._clock(case, "sign", at)
        case.red_at = case.due_at
        assignments = [CaseAssignment(case_id=pk, unit=lead, role="lead")]
        dispatched = at
        at = self._after(
            at, rng.uniform(0.1, 1.4) * to_seconds(*case_class.limit("sign"), self.cal)
        )
        if at >= self.now:
            return self._finish(case, events, assignments)
        handler = self.people.handler(lead.pk)
        # signed for within the signing limit or not: the hotline's response rate (响应率)
        signed_in_time = at <= case.due_at
        step(
            "sign",
            State.HANDLING,
            at,
            handler,
            step_due=case.due_at.isoformat(),
            step_on_time=signed_in_time,
        )
        assignments[0].signed_at = at
        case.due_at = case.red_at = case.handle_due_at
        case.yellow_at = self._after(dispatched, handle_seconds * 0.8)
        took = max(60, int(handle_seconds * rng.choice([0.3, 0.5, 0.7, 0.9, 0.95, 1.2, 1.6])))
        at = self._after(dispatched, took)
        if at >= self.now:
            return self._finish(case, events, assignments)
        on_time = at <= case.handle_due_at
        step("report_handled", State.HANDLED, at, handler, "已按要求处置", on_time=on_time)
        case.handled_at, case.handling_seconds = at, took  # working seconds since dispatch
        case.due_at = case.yellow_at = case.red_at = None
        at = self._after(at, rng.randrange(10, 90) * 60)
        if at >= self.now:
            return self._finish(case, events, assignments)
        needs_check = case.kind == "matter"
        if needs_check:
            step("send_check", State.CHECKING, at, u["operator"])
            _c, (check_due, _y) = self._clock(case, "check", at)
            at = self._after(at, rng.randrange(20, 240) * 60)
            if at >= self.now:
                return self._finish(case, events, assignments)
            if rng.random() < 0.08:  # not done well enough: rework (返工), handled again
                step(
                    "fail_check",
                    State.HANDLING,
                    at,
                    supervisor,
                    "整改不到位，请返工",
                    step_on_time=at <= check_due,
                )
                case.rework_count, case.handled_at, case.handling_seconds = 1, None, None
                at = self._after(at, rng.randrange(1, 8) * 3600)
                if at >= self.now:
                    return self._finish(case, events, assignments)
                on_time = at <= case.handle_due_at
                step("report_handled", State.HANDLED, at, handler, "已返工整改", on_time=on_time)
                case.handled_at = at
                case.handling_seconds = working_seconds_between(dispatched, at, calendar=self.cal)
                step("send_check", State.CHECKING, at, u["operator"])
                _c, (check_due, _y) = self._clock(case, "check", at)
                at = self._after(at, rng.randrange(20, 240) * 60)
                if at >= self.now:
                    return self._finish(case, events, assignments)
            step("pass_check", State.CLOSED, at, supervisor, step_on_time=at <= check_due)
        else:
            in_time = self._in_time(case.handled_at, at, "close")
            step("close", State.CLOSED, at, u["shift_lead"], "已答复群众", step_on_time=in_time)
        case.closed_at = at
        case.closed_on_time = case.handled_at <= case.handle_due_at
        case.tier_resolved = tier_of_level(lead.area.level)
        at = at + dt.timedelta(hours=rng.randrange(2, 48))
        if at < self.now and rng.random() < 0.85:
            rating = self._pick(
                [(Rating.SATISFIED, 80), (Rating.BASIC, 14), (Rating.DISSATISFIED, 6)]
            )
            events.append(("rate", State.CLOSED, State.CLOSED, at, u["operator"], "", {}))
            case.rating = rating
            # asked whether the problem was solved (the hotline's resolution rate, 解决率)
            solved = {Rating.SATISFIED: 0.97, Rating.BASIC: 0.8, Rating.DISSATISFIED: 0.25}
            case.resolved = rng.random() < solved[rating]
        return self._finish(case, events, assignments)

    def _finish(self, case, events, assignments):
        out = []
        for seq, (action, frm, to, at, actor, note, data) in enumerate(events, start=1):
            if action == "rate":
                data = {"rating": case.rating}
                if case.resolved is not None:
                    data["resolved"] = case.resolved
            out.append(
                CaseEvent(
                    case_id=case.pk,
                    seq=seq,
                    action=action,
                    from_state=frm,
                    to_state=to,
                    at=at,
                    actor=actor,
                    note=note,
                    public=frm != to or action == "rate",
                    data=data,
                )
            )
        case.version = len(out)
        dispute = self._dispute(case) if case.kind == "dispute" else None
        return case, out, assignments, dispute

    def _dispute(self, case) -> dict:
        rng = self.rng
        return {
            "risk": self._pick([("low", 60), ("medium", 30), ("high", 8), ("critical", 2)]),
            "complexity": self._pick([("simple", 75), ("complex", 22), ("difficult", 3)]),
            "parties": [rng.choice(names.SURNAMES) + rng.choice(names.GIVEN) for _ in range(2)],
            "closed": case.state == State.CLOSED,
        }

    @transaction.atomic
    def write(self, n: int, batch: int = 5000) -> int:
        """Write ``n`` cases with their events, assignments and disputes by bulk inserts
        (COPY on PostgreSQL, on a writer thread while the next batch is built)."""
        if not default_storage.exists(AGREEMENT):
            default_storage.save(AGREEMENT, ContentFile(b"%PDF-1.4\n% civicgrid demo agreement\n"))
        # the live edge: a few cases whose cards and escalations fall due as the history ends
        edge = LiveEdge(self)
        staged = edge.makers()[: n // 10]
        makers = [self.build] * (n - len(staged)) + staged
        with BulkWriter() as writer:
            for start in range(0, n, batch):
                chunk = makers[start : start + batch]
                ids = allocate_ids(Case, len(chunk))
                built = [make(pk) for make, pk in zip(chunk, ids, strict=True)]
                writer.insert(Case, *instance_rows(Case, [b[0] for b in built]))
                writer.insert(
                    CaseEvent, *instance_rows(CaseEvent, [e for b in built for e in b[1]])
                )
                assignments = [a for b in built for a in b[2]]
                writer.insert(CaseAssignment, *instance_rows(CaseAssignment, assignments))
                self._write_disputes(writer, [(b[0], b[3]) for b in built if b[3]])
        # the periodic work last ran just before the edge: the cards that crossed before count
        # as announced, and the escalations due by then were applied (by the sweep's own code)
        watermark = edge.watermark() if staged else self.now
        if not SweepRun.objects.filter(at__gte=watermark).exists():
            SweepRun.objects.create(at=watermark)
            escalate_due(now=watermark)
        return n

    def _write_disputes(self, writer, cases) -> None:
        disputes, parties, sessions = [], [], []
        for (case, info), pk in zip(cases, allocate_ids(Dispute, len(cases)), strict=True):
            disputes.append(
                Dispute(
                    pk=pk,
                    case_id=case.pk,
                    risk=info["risk"],
                    complexity=info["complexity"],
                    summary=case.description,
                    resolved=info["closed"],
                )
            )
            parties += [
                Party(dispute_id=pk, name=name, role=role)
                for name, role in zip(info["parties"], ("applicant", "respondent"), strict=True)
            ]
            # the mediator of the centre that led it, or of the street's centre (a committee)
            mediator = self.people.mediator(case.lead_unit_id, case.grid.path)
            if info["closed"] and mediator:
                sessions.append(
                    Session(
                        dispute_id=pk,
                        held_at=case.closed_at - dt.timedelta(hours=2),
                        minutes="双方陈述意见后达成一致。",
                        outcome="agreed",
                        agreement=AGREEMENT,
                        recorded_by=mediator,
                        place="社区调解室",
                    )
                )
        for model, objs in ((Dispute, disputes), (Party, parties)):
            writer.insert(model, *instance_rows(model, objs))
        for session, pk in zip(sessions, allocate_ids(Session, len(sessions)), strict=True):
            session.pk = pk
        writer.insert(Session, *instance_rows(Session, sessions))
        through = Session.mediators.through
        writer.insert(
            through, ["session_id", "user_id"], [(s.pk, s.recorded_by.pk) for s in sessions]
        )
