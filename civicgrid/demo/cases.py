"""Demo case history: plausible cases over the last 90 days, written in bulk.

Every case walks the real loop (report → register → dispatch → sign → handle → check → close →
rate, or self-handled, or voided) with times drawn around the class's limits in working time,
so some are late, some are open with yellow and red cards, and every list and figure has
something true to show. Routing rules for the demo units are created first
(``case_routing.py``). Invented data only.

Each step is taken as ``case_transition`` takes it, without its checks and its row-by-row
writes: the step's input is the action's schema (``cases/actions.py``), its deadline and whether
it was met come from ``cases/services/steps.py``, and what it makes of the case (fields, stage
clocks at the supervision threshold that applies, the event's details) from
``cases/services/outcomes.py``; the rows are then written in bulk.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.db import transaction
from django.utils import timezone

from civicgrid.accounts.models import OrgUnit, User
from civicgrid.areas.models import Area
from civicgrid.cases import actions, transitions
from civicgrid.cases.choices import Action, Channel, Rating, State, Tier
from civicgrid.cases.models import Case, CaseAssignment, CaseEvent, SweepRun
from civicgrid.cases.services import clock, outcomes, steps
from civicgrid.cases.services.intake_write import case_number
from civicgrid.cases.services.sweep import escalate_due
from civicgrid.cases.services.transition import Context
from civicgrid.catalogue.models import CaseClass
from civicgrid.core import pii
from civicgrid.core.bulk import BulkWriter, allocate_ids, instance_rows
from civicgrid.core.working_time import add_working_seconds, current_calendar, to_seconds
from civicgrid.insight import corpus
from civicgrid.routing.services import suggest

from . import names
from .case_disputes import store_agreement, write_disputes
from .case_routing import demo_routing as demo_routing  # where the generator asks for it
from .live import LiveEdge
from .staff import People

A = Action
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
SAID = corpus.phrases("train")  # the held-out texts never become a demo case
DESCRIPTIONS = [
    "现场发现{c}，影响居民出行",
    "{c}，已持续数日",
    "居民反映{c}",
    "巡查发现{c}，请尽快处置",
]


def _limit(case_class: CaseClass, stage: str) -> tuple[Any, str]:
    """The class's ``stage`` limit as ``(amount, unit)``."""
    amount, unit = case_class.limit(stage)
    return amount, unit


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
        self.thresholds: dict = {}
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

    # The rules that route a case and time its stages are looked up once per class, community
    # and level: the demo's rules are no finer than a community.
    def _lead(self, case_class, grid, level):
        """The routing suggestion for a case."""
        key = (case_class.pk, grid.path.rsplit("/", 2)[0], level)
        if key not in self.routes:
            self.routes[key] = suggest(case_class=case_class, grid=grid, level=level)
        return self.routes[key]

    def percents(self, case) -> tuple[int, int]:
        """The yellow and red points of the case's stages (the threshold that applies)."""
        key = (case.case_class_id, case.grid.path.rsplit("/", 2)[0], case.dispatch_level)
        if key not in self.thresholds:
            self.thresholds[key] = clock.threshold_of(case)
        return self.thresholds[key]

    def take(self, case, events, action, at, actor, outcome=None, *args, note="", start=None, **kw):
        """Take ``action`` on the case being built at ``at``, as ``case_transition`` takes it:
        the step's deadline (from ``start`` when it is timed from what came before), then
        ``outcome(step, *args, **kw)`` (``services/outcomes.py``), then the state of the table
        and one event."""
        target = transitions.next_state(case.state, action)
        step = Context(
            case=case, actor=actor, roles=set(), now=at, note=note, data={}, photos=[],
            calendar=self.cal,
        )  # fmt: skip
        if action in steps.STAGED:
            steps.record(step, case.due_at)
        elif action in steps.TIMED and start is not None:
            steps.record(step, steps.after(start, action, calendar=self.cal))
        if outcome is not None:
            outcome(step, *args, **kw)
        public = step.public if step.public is not None else case.state != target
        events.append((action, case.state, target, at, actor, note, step.event_data, public))
        case.state = target

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

    def _description(self, pk: int, code: str, template: str) -> str:
        """How the case was told: mostly a resident's own words for the commonest classes (the
        train texts of ``insight/data/reports.tsv``), else a line naming the class."""
        said = SAID.get(code)
        if said and pk % 10 < 7:
            return said[pk % len(said)]
        return template.format(c=self.classes[code].name)

    def build(self, pk: int) -> tuple[Case, list[CaseEvent], list, dict | None]:
        rng, u = self.rng, self.users
        code = rng.choice(self._pick(CLASS_WEIGHTS))
        case_class = self.classes[code]
        channel = self._pick(CHANNELS)
        grid = rng.choice(self.grids)
        assert grid.bbox is not None  # the demo's grids are drawn
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
            description=self._description(pk, code, rng.choice(DESCRIPTIONS)),
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
        events: list[tuple] = [
            ("report", "", State.REPORTED, t, supervisor if patrol else u["operator"], "", {}, True)
        ]

        def take(action, at, actor, *args, **kw):
            self.take(case, events, action, at, actor, *args, **kw)

        if patrol and case_class.self_handle_allowed and rng.random() < 0.45:
            at = t + rng.randrange(5, 40) * MINUTE
            if at < self.now:
                take(A.SELF_HANDLE, at, supervisor, outcomes.self_handled)
            return self._finish(case, events, [])
        if rng.random() < 0.04:
            at = t + rng.randrange(10, 90) * MINUTE
            if at < self.now:
                take(A.VOID, at, u["shift_lead"], note="经核实不属于受理范围")
            return self._finish(case, events, [])
        since = t
        if not patrol and rng.random() < 0.3:  # a resident's report checked on site first (核实)
            at = t + rng.randrange(5, 20) * MINUTE
            if at >= self.now:
                return self._finish(case, events, [])
            take(A.SEND_TO_VERIFY, at, u["operator"])
            asked, at = at, self._after(at, rng.randrange(10, 90) * 60)
            if at >= self.now:
                return self._finish(case, events, [])
            verified = actions.Verify(confirmed=True, lon=None, lat=None)
            take(A.VERIFY, at, supervisor, outcomes.verified, verified, start=asked)
            since = at
        at = since + rng.randrange(5, 60) * MINUTE
        if at >= self.now:
            return self._finish(case, events, [])
        take(A.REGISTER, at, u["shift_lead"], outcomes.registered, start=since)
        suggestion = self._lead(case_class, grid, level)
        lead = suggestion.lead_unit
        at = self._after(at, rng.randrange(5, 50) * 60)
        if lead is None or at >= self.now:
            return self._finish(case, events, [])
        take(
            A.DISPATCH,
            at,
            self.people.dispatcher(level, self.communities.get(grid.code[:-3])),
            outcomes.dispatched,
            unit=lead,
            suggestion=suggestion,
            followed=True,
            percents=self.percents(case),
            start=case.registered_at,
        )
        assignments = [CaseAssignment(case_id=pk, unit=lead, role="lead")]
        dispatched = at
        at = self._after(
            at, rng.uniform(0.1, 1.4) * to_seconds(*_limit(case_class, "sign"), self.cal)
        )
        if at >= self.now:
            return self._finish(case, events, assignments)
        handler = self.people.handler(lead.pk)
        # signed for within the signing limit or not: the hotline's response rate (响应率)
        take(A.SIGN, at, handler, outcomes.signed, percents=self.percents(case))
        assignments[0].signed_at = at
        handle_seconds = to_seconds(*_limit(case_class, "handle"), self.cal)
        took = max(60, int(handle_seconds * rng.choice([0.3, 0.5, 0.7, 0.9, 0.95, 1.2, 1.6])))
        at = self._after(dispatched, took)
        if at >= self.now:
            return self._finish(case, events, assignments)
        take(A.REPORT_HANDLED, at, handler, outcomes.handled, note="已按要求处置")
        at = self._after(at, rng.randrange(10, 90) * 60)
        if at >= self.now:
            return self._finish(case, events, assignments)
        if case.kind == "matter":  # checked on site by the grid's supervisor (核查)
            take(A.SEND_CHECK, at, u["operator"], outcomes.check_sent, percents=self.percents(case))
            at = self._after(at, rng.randrange(20, 240) * 60)
            if at >= self.now:
                return self._finish(case, events, assignments)
            if rng.random() < 0.08:  # not done well enough: rework (返工), handled again
                take(
                    A.FAIL_CHECK,
                    at,
                    supervisor,
                    outcomes.check_failed,
                    actions.FailCheck(lon=None, lat=None),
                    note="整改不到位，请返工",
                    percents=self.percents(case),
                )
                at = self._after(at, rng.randrange(1, 8) * 3600)
                if at >= self.now:
                    return self._finish(case, events, assignments)
                take(A.REPORT_HANDLED, at, handler, outcomes.handled, note="已返工整改")
                take(
                    A.SEND_CHECK, at, u["operator"], outcomes.check_sent,
                    percents=self.percents(case),
                )  # fmt: skip
                at = self._after(at, rng.randrange(20, 240) * 60)
                if at >= self.now:
                    return self._finish(case, events, assignments)
            take(
                A.PASS_CHECK,
                at,
                supervisor,
                outcomes.check_passed,
                actions.PassCheck(lon=None, lat=None),
            )
        else:
            take(
                A.CLOSE, at, u["shift_lead"], outcomes.closed, note="已答复群众",
                start=case.handled_at,
            )  # fmt: skip
        at = at + dt.timedelta(hours=rng.randrange(2, 48))
        if at < self.now and rng.random() < 0.85:
            rating = self._pick(
                [(Rating.SATISFIED, 80), (Rating.BASIC, 14), (Rating.DISSATISFIED, 6)]
            )
            # asked whether the problem was solved (the hotline's resolution rate, 解决率)
            solved = {Rating.SATISFIED: 0.97, Rating.BASIC: 0.8, Rating.DISSATISFIED: 0.25}
            rated = actions.Rate(rating=rating, resolved=rng.random() < solved[rating], by=None)
            take(A.RATE, at, u["operator"], outcomes.rated, rated)
        return self._finish(case, events, assignments)

    def _finish(self, case, events, assignments):
        out = [
            CaseEvent(
                case_id=case.pk,
                seq=seq,
                action=action,
                from_state=frm,
                to_state=to,
                at=at,
                actor=actor,
                note=note,
                public=public,
                data=data,
            )
            for seq, (action, frm, to, at, actor, note, data, public) in enumerate(events, start=1)
        ]
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
        store_agreement()
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
                write_disputes(writer, [(b[0], b[3]) for b in built if b[3]], self.people)
        # the periodic work last ran just before the edge: the cards that crossed before count
        # as announced, and the escalations due by then were applied (by the sweep's own code)
        watermark = edge.watermark() if staged else self.now
        if not SweepRun.objects.filter(at__gte=watermark).exists():
            SweepRun.objects.create(at=watermark)
            escalate_due(now=watermark)
        return n
