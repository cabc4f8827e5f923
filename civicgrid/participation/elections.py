"""Direct elections with open nomination (直接选举, 海选) and option votes of all residents (民主票决).

Both are votes of a community's (an option vote: also a street's) registered residents, run with
the micro-projects' machinery (``voting.py``: the roll from the register, one secret ballot each,
paper ballots entered twice; ``tally.py``: the reproducible count). What differs is on the ballot
and how it is decided:

- **An election** fills the seats of a residents' committee (居民委员会) or residents' council.
  While nominations are open any registered resident of voting age nominates any other (or
  themselves), proving who they are; each nominates a candidate once and at most as many
  candidates as there are seats. The area's leaders (the election committee) put the nominated on
  the ballot with their reasons, most nominated first as they see fit. Voters tick at most as many
  candidates as there are seats.
- **An option vote** puts the options the area's leaders set (renovate or demolish an old estate,
  002「由居民民主票决」) to every resident: one choice each.

The rules of the count (居民委员会组织法 art. 14, as the recorded elections of ``councils.py`` keep
them): the vote stands only when more than half the roll votes; a candidate or an option needs
more than the call's share of the ballots (more than half unless set higher); the seats go to the
most votes among those; a tie for the last seat leaves it to a run-off. A counted election that
stands is recorded as the council's election and the elected join it for its term.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.accounts import permissions
from civicgrid.accounts.models import User
from civicgrid.core.checks import checked
from civicgrid.core.errors import DomainError, ErrorCode
from civicgrid.registry.models import Person

from .council_models import Candidate, Council, CouncilMember, Election
from .errors import ParticipationError
from .models import Call, Nomination, Proposal, Purpose
from .voting import Proof, person_key, resident_prove

ELECTED_BODIES = (Council.Kind.COMMITTEE, Council.Kind.RESIDENTS)


K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class Outcome(Generic[K]):
    elected: list[K]  # in order of votes
    tied: list[K]  # tied for the last seat: a run-off decides


def decide(votes: Sequence[tuple[K, int]], *, seats: int, ballots: int,
           majority: int = 50) -> Outcome[K]:  # fmt: skip
    """``votes`` as (who, votes): the seats go to the most votes among those with more than
    ``majority`` % of ``ballots``; those tied for the last seat are left to a run-off."""
    order = sorted(votes, key=lambda v: -v[1])
    enough = [v for v in order if v[1] * 100 > majority * ballots]
    if len(enough) <= seats or enough[seats][1] != enough[seats - 1][1]:
        return Outcome([k for k, _v in enough[:seats]], [])
    last = enough[seats - 1][1]
    return Outcome([k for k, v in enough if v > last], [k for k, v in enough if v == last])


def seat(council: Council, held_on: dt.date, persons: Sequence[Person]) -> None:
    """The elected join ``council`` from the day of the election (or its term's start) to the
    end of its term; a term of theirs running then ends the day before (one that would only
    start then is replaced)."""
    start = max(held_on, council.term_from)
    for person in persons:
        mine = CouncilMember.objects.filter(council=council, person=person)
        mine.filter(term_from__gte=start).delete()
        mine.filter(term_until__gte=start).update(term_until=start - dt.timedelta(days=1))
        CouncilMember.objects.create(
            council=council, person=person, term_from=start, term_until=council.term_until
        )


def record(*, council: Council, held_on: dt.date, seats: int, eligible: int, ballots: int,
           invalid: int, candidates: Sequence[tuple[Person, int]], recorded_by: User,
           call: Call | None = None) -> Election:  # fmt: skip
    """An election as held — its roll, ballots and each candidate's votes — whose seats go as
    ``decide`` says; the elected join the council. A tie for the last seat is refused: the
    run-off's result is recorded instead."""
    outcome = decide([(p.pk, v) for p, v in candidates], seats=seats, ballots=ballots - invalid)
    if outcome.tied:
        raise DomainError(
            _("A tie for the last seat: record the run-off's result instead."),
            code=ParticipationError.TIE,
            field="candidates",
        )
    if held_on > council.term_until:
        raise DomainError(
            _("The council's term has ended: extend it or make the new council first."),
            code=ErrorCode.CLOSED,
            field="council",
        )
    election = Election.objects.create(
        council=council, held_on=held_on, seats=seats, eligible=eligible, ballots=ballots,
        invalid=invalid, call=call, recorded_by=recorded_by,
    )  # fmt: skip
    chosen = set(outcome.elected)
    Candidate.objects.bulk_create(
        [Candidate(election=election, person=p, votes=v, elected=p.pk in chosen)
         for p, v in candidates]
    )  # fmt: skip
    by_id = {p.pk: p for p, _votes in candidates}
    seat(council, held_on, [by_id[pk] for pk in outcome.elected])
    return election


def _refused_unless(call: Call, purpose: str) -> None:
    if call.purpose != purpose:
        raise DomainError(
            _("This is not done in this kind of vote (%(purpose)s).")
            % {"purpose": call.get_purpose_display()},
            code=ErrorCode.NOT_ELIGIBLE,
            field="call",
        )


def _as_candidate(call: Call, proof: Proof, actor: User, today: dt.date) -> Person:
    """The nominated person: a registered resident of the area of voting age; the refusal names
    the candidate's fields. Each look-up counts against the account's limit, as the nominator's
    does: the form is no register oracle."""
    try:
        return resident_prove(call=call, proof=proof, actor=actor, today=today)
    except DomainError as exc:
        if exc.code == ErrorCode.NOT_ELIGIBLE:  # one answer, whether elsewhere or too young
            raise DomainError(
                _("The candidate must be a registered resident of %(area)s of voting age: "
                  "no such resident has this name and ID number.") % {"area": call.area.name},
                code=ErrorCode.NOT_ELIGIBLE, field="candidate_id_number",
            ) from None  # fmt: skip
        if exc.field:
            exc.field = f"candidate_{exc.field}"
        raise


def nominate(*, actor: User, call: Call, nominator: Proof, candidate: Proof,
             description: str = "", today: dt.date | None = None) -> Proposal:  # fmt: skip
    """A resident nominates a candidate (海选) while nominations are open, proving who they
    are and naming the candidate by name and ID number."""
    today = today or timezone.localdate()
    _refused_unless(call, Purpose.ELECTION)
    _nominations_open(call, today)
    who = resident_prove(call=call, proof=nominator, actor=actor, today=today)
    _within_quota(call, person_key("nominate", call, who))  # before any look-up of the candidate
    person = _as_candidate(call, candidate, actor, today)
    return nomination_record(call=call, nominator=who, candidate=person,
                             description=description, today=today)  # fmt: skip


def taking(call: Call, today: dt.date, message: str) -> None:
    """Refused outside the call's days for proposals or nominations; ``message`` says which
    (with %(start)s and %(end)s)."""
    if not call.proposals_from <= today <= call.proposals_until:
        raise DomainError(
            message % {"start": call.proposals_from, "end": call.proposals_until},
            code=ErrorCode.CLOSED,
            field="call",
        )


def _nominations_open(call: Call, today: dt.date) -> None:
    taking(call, today, _("Nominations are taken from %(start)s to %(end)s."))


def _within_quota(call: Call, key: str) -> None:
    """A resident nominates at most as many candidates as there are seats."""
    if (
        Nomination.objects.filter(proposal__call=call, nominator_key=key).count()
        >= call.max_choices
    ):
        raise DomainError(
            _("You have nominated as many candidates as there are seats (%(n)s).")
            % {"n": call.max_choices},
            code=ErrorCode.NOT_ELIGIBLE,
            field="candidate_name",
        )


def nomination_record(*, call: Call, nominator: Person, candidate: Person,
                      description: str = "", today: dt.date | None = None) -> Proposal:  # fmt: skip
    """The nomination of ``candidate`` by ``nominator``, both residents already checked against
    the register (``nominate`` checks the proofs)."""
    _refused_unless(call, Purpose.ELECTION)
    _nominations_open(call, today or timezone.localdate())
    key = person_key("nominate", call, nominator)
    with transaction.atomic():
        Call.objects.select_for_update().filter(pk=call.pk).first()  # one nominator at a time
        _within_quota(call, key)
        proposal = Proposal.objects.filter(call=call, person=candidate).first()
        if proposal is None:
            proposal = Proposal(
                call=call, person=candidate, title=candidate.name.strip(),
                description=description.strip(), proposer=Proposal.Proposer.NOMINATION,
            )  # fmt: skip  # nobody is recorded as having nominated
            checked(proposal, only={"title", "description"} if proposal.description else {"title"})
            proposal.save()
        try:
            with transaction.atomic():
                Nomination.objects.create(proposal=proposal, nominator_key=key)
        except IntegrityError:
            raise DomainError(
                _("You have nominated this candidate already."),
                code=ErrorCode.DUPLICATE,
                field="candidate_name",
            ) from None
        Proposal.objects.filter(pk=proposal.pk).update(nominations=F("nominations") + 1)
    proposal.refresh_from_db()
    return proposal


def option_add(*, actor: User, call: Call, title: str, description: str,
               now: dt.datetime | None = None) -> Proposal:  # fmt: skip
    """The area's leaders put an option to the vote; the options are fixed when voting opens."""
    now = now or timezone.now()
    _refused_unless(call, Purpose.OPTIONS)
    if not permissions.can_lead(actor, call.area):
        raise DomainError(_("You do not run this call."), code=ErrorCode.FORBIDDEN, field="call")
    taking(call, timezone.localdate(now), _("Options are set from %(start)s to %(end)s."))
    if now >= call.voting_from:
        raise DomainError(
            _("Voting has opened: the ballot is fixed."), code=ErrorCode.CLOSED, field="title"
        )
    option = Proposal(
        call=call, title=title.strip(), description=description.strip(),
        proposer=Proposal.Proposer.ORGANISER, submitted_by=actor,
        status=Proposal.Status.ON_BALLOT, deliberated_by=actor, deliberated_at=now,
    )  # fmt: skip
    checked(option, only={"title", "description"})
    if Proposal.objects.filter(call=call, title=option.title).exists():
        raise DomainError(_("This option is on the ballot."), code=ErrorCode.DUPLICATE,
                          field="title")  # fmt: skip
    option.save()
    return option
