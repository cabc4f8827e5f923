"""Voting: who may vote, one ballot each, changed until the close; paper ballots counted as papers.

Eligible voters are the registered residents of the call's area (an active person of the
register living in one of its grids) old enough on the day voting closes. A voter proves who
they are with their name and ID number, looked up by the register's blind index; a wrong
pair, a person elsewhere or no such person get one and the same answer, so the page tells no one
who lives where. Attempts are limited per account.

The roll (``Voter``) and the ballots (``Ballot``) are keyed by two different HMACs of the person
under the server's key: one ballot per person, changeable by the same person, and nothing in the
database, a page or the API joins a name to a ballot. A person on the paper roll cannot vote
online, and the reverse; a paper ballot counts when a second person enters the same choices.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from civicgrid.accounts.models import User
from civicgrid.core import pii
from civicgrid.core.checks import checked
from civicgrid.core.errors import DomainError, ErrorCode, TooManyAttempts
from civicgrid.core.ratelimit import Limit
from civicgrid.registry import identity
from civicgrid.registry.identity import ID_NUMBER_LENGTH, Proof  # noqa: F401  (re-exported)
from civicgrid.registry.models import Person

from .access import require_runs_call
from .errors import ParticipationError
from .models import Ballot, Call, Method, PaperEntry, Proposal, Purpose, Voter


def _limit() -> Limit:
    return Limit("participation.proof", settings.CIVICGRID_VOTER_PROOFS_PER_HOUR, 3600)


def person_key(purpose: str, call: Call, person: Person) -> str:
    """A keyed hash of the person for one purpose in one call (the roll, a ballot, a rating)."""
    return pii.blind_index(f"{purpose}:{call.pk}:{person.pk}")


def resident_prove(*, call: Call, proof: Proof, actor: User | None = None,
                   today: dt.date | None = None) -> Person:  # fmt: skip
    """The register's person with the proof's name and ID number living in the call's area, of
    voting age on the day voting closes; otherwise an error naming ``id_number``."""
    if actor is not None and not _limit().hit(f"user:{actor.pk}"):
        raise TooManyAttempts(_("Too many attempts: try again in an hour."))
    person, parsed = identity.proven(proof, under=call.area.path, today=today)
    if person is None:
        raise DomainError(
            _("No registered resident of %(area)s has this name and ID number.")
            % {"area": call.area.name},
            code=ErrorCode.NOT_ELIGIBLE,
            field="id_number",
        )
    born = person.birth_date or parsed.birth_date
    closes = timezone.localdate(call.voting_until)
    age = closes.year - born.year - ((closes.month, closes.day) < (born.month, born.day))
    if age < call.min_age:
        raise DomainError(
            _("Voters are %(n)s or older on the day voting closes.") % {"n": call.min_age},
            code=ErrorCode.NOT_ELIGIBLE,
            field="id_number",
        )
    return person


def _open(call: Call, now: dt.datetime) -> None:
    if not call.voting_from <= now < call.voting_until:
        raise DomainError(
            _("Voting is open from %(start)s to %(end)s.")
            % {
                "start": timezone.localtime(call.voting_from).strftime("%Y-%m-%d %H:%M"),
                "end": timezone.localtime(call.voting_until).strftime("%Y-%m-%d %H:%M"),
            },
            code=ErrorCode.CLOSED,
            field="call",
        )


_WORDS = {  # what a ballot's choices are, by the vote's purpose
    Purpose.PROJECTS: (
        gettext_lazy("Choose at least one project."),
        gettext_lazy("This project is not on the ballot."),
    ),
    Purpose.OPTIONS: (
        gettext_lazy("Choose an option."),
        gettext_lazy("This option is not on the ballot."),
    ),
    Purpose.ELECTION: (
        gettext_lazy("Choose at least one candidate."),
        gettext_lazy("This candidate is not on the ballot."),
    ),
}


def clean_choices(call: Call, choices: list[int]) -> list[int]:
    """The choices as sorted proposal ids, checked against the call's rules."""
    none, unknown = _WORDS[Purpose(call.purpose)]
    if not choices:
        raise DomainError(str(none), code=ErrorCode.REQUIRED, field="choices")
    ids = list(choices)
    if len(set(ids)) != len(ids):
        raise DomainError(_("A choice is made twice."), code=ErrorCode.INVALID, field="choices")
    costs = dict(
        Proposal.objects.filter(
            call=call, status=Proposal.Status.ON_BALLOT, pk__in=ids
        ).values_list("pk", "cost")
    )
    for n, pk in enumerate(ids):
        if pk not in costs:
            raise DomainError(str(unknown), code=ErrorCode.INVALID, field=f"choices.{n}")
    if call.method == Method.APPROVAL and call.max_choices and len(ids) > call.max_choices:
        raise DomainError(
            _("Choose one option.") if call.purpose == Purpose.OPTIONS
            else ngettext("Choose at most %(n)s candidate.", "Choose at most %(n)s candidates.",
                          call.max_choices) % {"n": call.max_choices}
            if call.purpose == Purpose.ELECTION
            else _("Choose at most %(n)s projects.") % {"n": call.max_choices},
            code=ErrorCode.INVALID,
            field="choices",
        )  # fmt: skip
    if call.method == Method.BUDGET and sum(costs.values()) > call.budget:
        raise DomainError(
            _("The projects chosen cost %(total)s yuan, more than the budget of %(budget)s.")
            % {"total": sum(costs.values()), "budget": call.budget},
            code=ParticipationError.OVER_BUDGET,
            field="choices",
        )
    return sorted(ids)


@dataclass
class Cast:
    changed: bool  # an earlier ballot of the same person was replaced


def ballot_of(call: Call, person: Person) -> list[int]:
    """The choices of this person's online ballot (shown to them once they prove who they are)."""
    ballot = Ballot.objects.filter(call=call, key=person_key("ballot", call, person)).first()
    return list(ballot.choices) if ballot else []


def ballot_cast(*, call: Call, person: Person, choices: list[int],
                now: dt.datetime | None = None) -> Cast:  # fmt: skip
    """Cast or change this person's online ballot."""
    now = now or timezone.now()
    _open(call, now)
    ids = clean_choices(call, choices)
    roll = person_key("voter", call, person)
    key = person_key("ballot", call, person)
    with transaction.atomic():
        voter = Voter.objects.select_for_update().filter(call=call, person_key=roll).first()
        if voter is not None and voter.channel == Voter.Channel.PAPER:
            raise DomainError(
                _("You voted on paper: a paper ballot cannot be changed."),
                code=ParticipationError.ALREADY_VOTED,
                field="choices",
            )
        if voter is None:
            try:
                with transaction.atomic():
                    Voter.objects.create(
                        call=call,
                        person_key=roll,
                        channel=Voter.Channel.ONLINE,
                        voted_on=timezone.localdate(now),
                    )
            except IntegrityError:  # the same person at the same moment: one of them wins
                raise DomainError(
                    _("Your ballot is being recorded: try again."),
                    code=ErrorCode.CONFLICT,
                    field="choices",
                ) from None
        changed = Ballot.objects.filter(call=call, key=key).update(choices=ids) > 0
        if not changed:
            Ballot.objects.create(call=call, key=key, choices=ids)
    return Cast(changed=changed)


def paper_issue(*, actor: User, call: Call, person: Person,
                now: dt.datetime | None = None) -> Voter:  # fmt: skip
    """The polling station marks a person on the roll as taking a paper ballot."""
    now = now or timezone.now()
    require_runs_call(actor, call)
    _open(call, now)
    try:
        with transaction.atomic():
            return Voter.objects.create(
                call=call,
                person_key=person_key("voter", call, person),
                channel=Voter.Channel.PAPER,
                voted_on=timezone.localdate(now),
            )
    except IntegrityError:
        raise DomainError(
            _("This person has already voted."),
            code=ParticipationError.ALREADY_VOTED,
            field="id_number",
        ) from None


def paper_enter(*, actor: User, call: Call, number: str, choices: list[int]) -> PaperEntry:
    """The first entry of a counted paper ballot (no voter's name: papers are anonymous)."""
    require_runs_call(actor, call)
    if call.status != Call.Status.OPEN:
        raise DomainError(_("The votes are counted."), code=ErrorCode.CLOSED, field="call")
    entry = PaperEntry(call=call, number=number.strip(), entered_by=actor)
    checked(entry, only={"number"})
    ids = clean_choices(call, choices)
    with transaction.atomic():
        papers = Voter.objects.filter(call=call, channel=Voter.Channel.PAPER).count()
        if PaperEntry.objects.filter(call=call).count() >= papers:
            raise DomainError(
                _("There are more papers than voters who took one (%(n)s).") % {"n": papers},
                code=ParticipationError.TOO_MANY,
                field="number",
            )
        try:
            with transaction.atomic():
                entry.choices = ids
                entry.save()
                return entry
        except IntegrityError:
            raise DomainError(
                _("This paper is entered already."), code=ErrorCode.DUPLICATE, field="number"
            ) from None


def paper_confirm(*, actor: User, entry: PaperEntry, choices: list[int]) -> Ballot:
    """The second person enters the same paper again; it counts when both agree."""
    require_runs_call(actor, entry.call)
    with transaction.atomic():
        entry = PaperEntry.objects.select_for_update().get(pk=entry.pk)
        if entry.confirmed_by_id:
            raise DomainError(_("This paper is confirmed."), code=ErrorCode.DECIDED, field="number")
        if entry.entered_by_id == actor.pk:
            raise DomainError(
                _("A second person confirms the paper, not the one who entered it."),
                code=ErrorCode.FORBIDDEN,
                field="number",
            )
        if clean_choices(entry.call, choices) != entry.choices:
            raise DomainError(
                _("These choices differ from the first entry: check the paper again."),
                code=ParticipationError.MISMATCH,
                field="choices",
            )
        entry.confirmed_by = actor
        entry.save(update_fields=["confirmed_by", "updated_at"])
        return Ballot.objects.create(
            call=entry.call, key=secrets.token_hex(32), choices=entry.choices, paper=True
        )
