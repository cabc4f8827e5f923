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

from civicgrid.core import idnumber, pii
from civicgrid.core.errors import DomainError, TooManyAttempts
from civicgrid.core.ratelimit import Limit

from .models import Ballot, Call, Method, PaperEntry, Proposal, Voter


def _limit() -> Limit:
    return Limit("participation.proof", settings.CIVICGRID_VOTER_PROOFS_PER_HOUR, 3600)


def person_key(purpose: str, call: Call, person) -> str:
    """A keyed hash of the person for one purpose in one call (the roll, a ballot, a rating)."""
    return pii.blind_index(f"{purpose}:{call.pk}:{person.pk}")


def resident_of(call: Call, name: str, id_number: str, *, actor=None, today=None):
    """The register's person with this name and ID number living in the call's area, of voting
    age on the day voting closes; otherwise an error naming ``id_number``."""
    from civicgrid.registry.models import Person

    if actor is not None and not _limit().hit(f"user:{actor.pk}"):
        raise TooManyAttempts(_("Too many attempts: try again in an hour."))
    if not (name or "").strip():
        raise DomainError(_("Give your name."), code="required", field="name")
    try:
        parsed = idnumber.parse(id_number, today=today)
    except idnumber.IdNumberError as exc:
        raise DomainError(str(exc), code="invalid", field="id_number") from None
    person = (
        Person.objects.filter(
            id_number_index=pii.blind_index(parsed.value),
            active=True,
            grid__path__startswith=call.area.path,
        )
        .select_related("grid")
        .first()
    )
    if person is None or person.name.strip() != name.strip():
        raise DomainError(
            _("No registered resident of %(area)s has this name and ID number.")
            % {"area": call.area.name},
            code="not_eligible",
            field="id_number",
        )
    born = person.birth_date or parsed.birth_date
    closes = timezone.localdate(call.voting_until)
    age = closes.year - born.year - ((closes.month, closes.day) < (born.month, born.day))
    if age < call.min_age:
        raise DomainError(
            _("Voters are %(n)s or older on the day voting closes.") % {"n": call.min_age},
            code="not_eligible",
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
            code="closed",
            field="call",
        )


def clean_choices(call: Call, choices) -> list[int]:
    """The chosen projects as sorted proposal ids, checked against the call's rules."""
    if not isinstance(choices, list | tuple) or not choices:
        raise DomainError(_("Choose at least one project."), code="required", field="choices")
    try:
        ids = [int(c) for c in choices]
    except (TypeError, ValueError):
        raise DomainError(_("Unknown project."), code="invalid", field="choices") from None
    if len(set(ids)) != len(ids):
        raise DomainError(_("A project is chosen twice."), code="invalid", field="choices")
    costs = dict(
        Proposal.objects.filter(
            call=call, status=Proposal.Status.ON_BALLOT, pk__in=ids
        ).values_list("pk", "cost")
    )
    for n, pk in enumerate(ids):
        if pk not in costs:
            raise DomainError(
                _("This project is not on the ballot."), code="invalid", field=f"choices.{n}"
            )
    if call.method == Method.APPROVAL and call.max_choices and len(ids) > call.max_choices:
        raise DomainError(
            _("Choose at most %(n)s projects.") % {"n": call.max_choices},
            code="invalid",
            field="choices",
        )
    if call.method == Method.BUDGET and sum(costs.values()) > call.budget:
        raise DomainError(
            _("The projects chosen cost %(total)s yuan, more than the budget of %(budget)s.")
            % {"total": sum(costs.values()), "budget": call.budget},
            code="over_budget",
            field="choices",
        )
    return sorted(ids)


@dataclass
class Cast:
    changed: bool  # an earlier ballot of the same person was replaced


def my_ballot(call: Call, person) -> list[int]:
    """The choices of this person's online ballot (shown to them once they prove who they are)."""
    ballot = Ballot.objects.filter(call=call, key=person_key("ballot", call, person)).first()
    return list(ballot.choices) if ballot else []


def cast(*, call: Call, person, choices, now: dt.datetime | None = None) -> Cast:
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
                code="already_voted",
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
                    code="conflict",
                    field="choices",
                ) from None
        changed = Ballot.objects.filter(call=call, key=key).update(choices=ids) > 0
        if not changed:
            Ballot.objects.create(call=call, key=key, choices=ids)
    return Cast(changed=changed)


def _runs(actor, call: Call) -> None:
    from .services import can_manage

    if not can_manage(actor, call.area):
        raise DomainError(_("You do not run this call."), code="forbidden", field="call")


def issue_paper(*, actor, call: Call, person, now: dt.datetime | None = None) -> Voter:
    """The polling station marks a person on the roll as taking a paper ballot."""
    now = now or timezone.now()
    _runs(actor, call)
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
            _("This person has already voted."), code="already_voted", field="id_number"
        ) from None


def enter_paper(*, actor, call: Call, number: str, choices) -> PaperEntry:
    """The first entry of a counted paper ballot (no voter's name: papers are anonymous)."""
    _runs(actor, call)
    if call.tallied_at:
        raise DomainError(_("The votes are counted."), code="closed", field="call")
    number = (number or "").strip()
    if not number or len(number) > 30:
        raise DomainError(_("Give the paper's number."), code="required", field="number")
    ids = clean_choices(call, choices)
    with transaction.atomic():
        papers = Voter.objects.filter(call=call, channel=Voter.Channel.PAPER).count()
        if PaperEntry.objects.filter(call=call).count() >= papers:
            raise DomainError(
                _("There are more papers than voters who took one (%(n)s).") % {"n": papers},
                code="too_many",
                field="number",
            )
        try:
            with transaction.atomic():
                return PaperEntry.objects.create(
                    call=call, number=number, choices=ids, entered_by=actor
                )
        except IntegrityError:
            raise DomainError(
                _("This paper is entered already."), code="duplicate", field="number"
            ) from None


def confirm_paper(*, actor, entry: PaperEntry, choices) -> Ballot:
    """The second person enters the same paper again; it counts when both agree."""
    _runs(actor, entry.call)
    with transaction.atomic():
        entry = PaperEntry.objects.select_for_update().get(pk=entry.pk)
        if entry.confirmed_by_id:
            raise DomainError(_("This paper is confirmed."), code="decided", field="number")
        if entry.entered_by_id == actor.pk:
            raise DomainError(
                _("A second person confirms the paper, not the one who entered it."),
                code="forbidden",
                field="number",
            )
        if clean_choices(entry.call, choices) != entry.choices:
            raise DomainError(
                _("These choices differ from the first entry: check the paper again."),
                code="mismatch",
                field="choices",
            )
        entry.confirmed_by = actor
        entry.save(update_fields=["confirmed_by", "updated_at"])
        return Ballot.objects.create(
            call=entry.call, key=secrets.token_hex(32), choices=entry.choices, paper=True
        )
