"""The count: projects by votes, taken while they fit the remaining budget (greedy with skipping);
an election's seats or an option vote's choice as ``elections.decide`` says.

Order: most votes first; equal votes go to the cheaper project (it leaves more of the budget to
the next), then to the earlier proposal. Walking down that order, a project is chosen if its cost
fits what is left of the budget, and skipped otherwise; the walk goes on, so a cheaper project
further down may still be chosen. A project with no vote is never chosen.

The count is reproducible from the stored ballots: the same ballots give the same result, and
the fingerprint (SHA-256 of every ballot's sorted choices, the ballots sorted) shows that a recount
read the same ballots.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.accounts.models import User
from civicgrid.core.errors import DomainError, ErrorCode

from . import elections
from .access import require_runs_call
from .choices import CallAction
from .models import Ballot, Call, PaperEntry, Project, Proposal, Purpose
from .selectors import eligible_voters
from .workflow import call_transition


@dataclass
class Row:
    proposal_id: int
    cost: Decimal
    votes: int
    rank: int
    outcome: str  # won, skipped, lost


@dataclass
class Count:
    rows: list[Row]
    ballots: int
    digest: str
    spent: Decimal
    stands: bool | None = None  # an election's or option vote's: more than half the roll voted


def choose(
    projects: list[tuple[int, Decimal]], votes: dict[int, int], budget: Decimal
) -> list[Row]:
    """``projects`` as (id, cost), ``votes`` by id: the rows in order with their outcomes."""
    order = sorted(projects, key=lambda p: (-votes.get(p[0], 0), p[1], p[0]))
    left, rows = budget, []
    for rank, (pk, cost) in enumerate(order, start=1):
        n = votes.get(pk, 0)
        if n and cost <= left:
            left -= cost
            outcome = Proposal.Status.WON
        else:
            outcome = Proposal.Status.SKIPPED if n else Proposal.Status.LOST
        rows.append(Row(pk, cost, n, rank, outcome))
    return rows


def elect(candidates: list[tuple[int, Decimal]], votes: dict[int, int], *, seats: int,
          ballots: int, majority: int, stands: bool) -> list[Row]:  # fmt: skip
    """The rows of an election or option vote: elected (won), tied for the last seat, or not."""
    outcome = elections.decide(
        [(pk, votes.get(pk, 0)) for pk, _cost in candidates],
        seats=seats, ballots=ballots, majority=majority,
    ) if stands else elections.Outcome([], [])  # fmt: skip
    order = sorted(candidates, key=lambda c: (-votes.get(c[0], 0), c[0]))
    return [
        Row(pk, cost, votes.get(pk, 0), rank,
            Proposal.Status.WON if pk in outcome.elected
            else Proposal.Status.TIED if pk in outcome.tied else Proposal.Status.LOST)
        for rank, (pk, cost) in enumerate(order, start=1)
    ]  # fmt: skip


def count(call: Call, roll: int | None = None) -> Count:
    """Count the call's ballots (nothing is written); an election or option vote stands when
    more than half of ``roll`` (the roll as counted, or the register's now) voted."""
    projects = list(
        Proposal.objects.filter(call=call, status__in=_COUNTED).values_list("pk", "cost")
    )
    votes: Counter = Counter()
    digest = hashlib.sha256()
    ballots = 0
    lines = []
    for choices in (
        Ballot.objects.filter(call=call)
        .values_list("choices", flat=True)
        .iterator(chunk_size=20000)
    ):
        votes.update(choices)
        lines.append(",".join(map(str, sorted(choices))))
        ballots += 1
    for line in sorted(lines):
        digest.update(line.encode())
        digest.update(b"\n")
    if call.purpose == Purpose.PROJECTS:
        rows, stands = choose(projects, votes, call.budget), None
    else:
        roll = eligible_voters(call) if roll is None else roll
        stands = 0 < roll < ballots * 2
        rows = elect(projects, votes, seats=call.max_choices or 1, ballots=ballots,
                     majority=call.majority, stands=stands)  # fmt: skip
    spent = sum((r.cost for r in rows if r.outcome == Proposal.Status.WON), Decimal(0))
    return Count(rows=rows, ballots=ballots, digest=digest.hexdigest(), spent=spent, stands=stands)


# the proposals a count reads: on the ballot, or already counted once
_COUNTED = (
    Proposal.Status.ON_BALLOT,
    Proposal.Status.WON,
    Proposal.Status.SKIPPED,
    Proposal.Status.LOST,
    Proposal.Status.TIED,
)


def call_tally(*, actor: User, call: Call, now: dt.datetime | None = None) -> Count:
    """Count once voting has closed and every paper is confirmed; the winners become projects.
    The count is the call's one step: taken once, by one of its managers."""
    now = now or timezone.now()
    require_runs_call(actor, call)
    counted: list[Count] = []

    def count_and_record(locked: Call) -> list[str]:
        if now < locked.voting_until:
            raise DomainError(_("Voting has not closed yet."), code=ErrorCode.CLOSED, field="call")
        pending = PaperEntry.objects.filter(call=locked, confirmed_by=None).count()
        if pending:
            raise DomainError(
                _("%(n)s paper ballots wait for their second entry.") % {"n": pending},
                code=ErrorCode.PENDING,
                field="call",
            )
        roll = eligible_voters(locked)
        result = count(locked, roll)
        by_id = Proposal.objects.in_bulk([r.proposal_id for r in result.rows])
        for row in result.rows:
            proposal = by_id[row.proposal_id]
            proposal.votes, proposal.rank, proposal.status = row.votes, row.rank, row.outcome
        Proposal.objects.bulk_update(by_id.values(), ["votes", "rank", "status"])
        won = [by_id[r.proposal_id] for r in result.rows if r.outcome == Proposal.Status.WON]
        if locked.purpose == Purpose.PROJECTS:
            Project.objects.bulk_create([Project(proposal=p) for p in won])
        locked.tallied_at, locked.ballots, locked.tally_digest = now, result.ballots, result.digest
        locked.roll, locked.stands = roll, result.stands
        if locked.council_id and result.stands:
            _record_election(locked, list(by_id.values()), actor)
        counted.append(result)
        return ["tallied_at", "ballots", "tally_digest", "roll", "stands"]

    call_transition(
        call_id=call.pk, action=CallAction.TALLY, actor=actor, now=now, effect=count_and_record
    )
    return counted[0]


def _record_election(call: Call, candidates: list[Proposal], actor: User) -> None:
    """A counted election that stands, its seats decided, is the council's election: its
    candidates' votes, and the elected join the council for its term. While the last seat is
    tied nothing is recorded: the run-off's election is."""
    assert call.council is not None and call.roll is not None
    if any(p.status == Proposal.Status.TIED for p in candidates):
        return
    elections.record(
        council=call.council, held_on=timezone.localdate(call.voting_until),
        seats=call.max_choices, eligible=call.roll, ballots=call.ballots, invalid=0,
        candidates=[(p.person, p.votes or 0) for p in candidates if p.person is not None],
        recorded_by=actor, call=call,
    )  # fmt: skip


def recount(call: Call) -> tuple[bool, Count]:
    """Count again from the stored ballots; True when it agrees with the published count."""
    again = count(call, call.roll)
    stored = {
        p.pk: (p.votes, p.rank, p.status)
        for p in Proposal.objects.filter(call=call, status__in=_COUNTED)
    }
    same = (
        again.digest == call.tally_digest
        and again.stands == call.stands
        and all(stored.get(r.proposal_id) == (r.votes, r.rank, r.outcome) for r in again.rows)
    )
    return same, again
