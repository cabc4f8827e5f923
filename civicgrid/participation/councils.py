"""Councils and their elections, and the meetings residents hold (三会: hearings, coordination and
evaluation meetings, and council sessions).

Elections are recorded as held: the roll, the ballots (more than half the roll must vote for the
election to stand), each candidate's votes; the seats go to the candidates with the most votes
who also have more than half of the valid ballots. A tie for the last seat is not settled by the
software: the result is refused until the run-off is recorded. The elected become members for
the council's term.

Meetings are called with an agenda and the people invited (the council's members at once, and
others by name and organisation); attendance is by sign-in; a held meeting has minutes and its
resolutions with the votes (passed with more than half of those signed in); a resolution's
follow-up tasks have a unit and a date and may become cases of the loop; a summary is published
to residents. The area's managers and council members run them (``can_convene``).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from civicgrid.accounts import permissions
from civicgrid.accounts.choices import Role
from civicgrid.areas.choices import AreaLevel
from civicgrid.core.errors import DomainError

from .models import (
    Attendee,
    Candidate,
    Council,
    CouncilMember,
    Election,
    FollowUp,
    Meeting,
    Resolution,
)
from .services import can_manage


def can_convene(user, area) -> bool:
    return can_manage(user, area) or any(
        g.role == Role.COUNCIL_MEMBER and g.covers(area.path) for g in permissions.grants(user)
    )


def _convenes(actor, area, field: str = "area") -> None:
    if not can_convene(actor, area):
        raise DomainError(_("You do not run this community's councils."), code="forbidden",
                          field=field)  # fmt: skip


def _resident(person, area, field: str):
    if person is None or not person.active or not person.grid.path.startswith(area.path):
        raise DomainError(
            _("Choose a registered resident of %(area)s.") % {"area": area.name},
            code="not_eligible",
            field=field,
        )


def council_create(*, actor, area, kind: str, name: str, term_from: dt.date,
                   term_until: dt.date, seats: int = 21, building=None) -> Council:  # fmt: skip
    if area is None or area.level != AreaLevel.COMMUNITY:
        raise DomainError(_("Choose a community."), code="invalid", field="area")
    if not can_manage(actor, area):
        raise DomainError(_("You do not run this community's councils."), code="forbidden",
                          field="area")  # fmt: skip
    if kind not in Council.Kind.values:
        raise DomainError(_("Choose the kind of council."), code="invalid", field="kind")
    if kind == Council.Kind.BUILDING and (
        building is None or not building.grid.path.startswith(area.path)
    ):
        raise DomainError(_("Choose a building of the community."), code="required",
                          field="building")  # fmt: skip
    if not (name or "").strip():
        raise DomainError(_("Required."), code="required", field="name")
    if term_until <= term_from:
        raise DomainError(_("Ends before it starts."), code="invalid", field="term_until")
    if not 1 <= int(seats) <= 200:
        raise DomainError(_("Between 1 and 200."), code="invalid", field="seats")
    return Council.objects.create(
        area=area, kind=kind, name=name.strip()[:100], term_from=term_from,
        term_until=term_until, seats=int(seats), building=building,
    )  # fmt: skip


def member_add(*, actor, council: Council, person, role: str = CouncilMember.Role.MEMBER,
               term_from: dt.date | None = None) -> CouncilMember:  # fmt: skip
    _convenes(actor, council.area, "council")
    _resident(person, council.area, "person")
    if role not in CouncilMember.Role.values:
        raise DomainError(_("Choose the role."), code="invalid", field="role")
    start = term_from or max(council.term_from, timezone.localdate())
    if CouncilMember.objects.filter(council=council, person=person, term_until__gte=start).exists():
        raise DomainError(_("Already a member."), code="duplicate", field="person")
    return CouncilMember.objects.create(
        council=council, person=person, role=role, term_from=start, term_until=council.term_until
    )


def current_members(council: Council, on: dt.date | None = None):
    on = on or timezone.localdate()
    return council.members.filter(term_from__lte=on, term_until__gte=on).select_related("person")


@transaction.atomic
def election_record(*, actor, council: Council, held_on: dt.date, seats: int, eligible: int,
                    ballots: int, invalid: int, candidates: list) -> Election:  # fmt: skip
    """Record an election; ``candidates`` as (person, votes). The elected join the council."""
    _convenes(actor, council.area, "council")
    seats, eligible, ballots, invalid = (int(x) for x in (seats, eligible, ballots, invalid))
    if seats < 1:
        raise DomainError(_("At least one seat."), code="invalid", field="seats")
    if eligible < 1 or ballots > eligible:
        raise DomainError(_("More ballots than voters on the roll."), code="invalid",
                          field="ballots")  # fmt: skip
    if ballots * 2 <= eligible:
        raise DomainError(
            _("Fewer than half the voters on the roll voted: the election does not stand."),
            code="not_valid",
            field="ballots",
        )
    if invalid > ballots:
        raise DomainError(_("More invalid ballots than ballots."), code="invalid", field="invalid")
    valid = ballots - invalid
    seen = set()
    for n, (person, votes) in enumerate(candidates):
        _resident(person, council.area, f"candidates.{n}")
        if person.pk in seen:
            raise DomainError(_("Listed twice."), code="duplicate", field=f"candidates.{n}")
        seen.add(person.pk)
        if not 0 <= int(votes) <= valid:
            raise DomainError(_("More votes than valid ballots."), code="invalid",
                              field=f"candidates.{n}")  # fmt: skip
    if len(candidates) < seats:
        raise DomainError(_("Fewer candidates than seats."), code="invalid", field="candidates")
    order = sorted(candidates, key=lambda c: -int(c[1]))
    majority = [c for c in order if int(c[1]) * 2 > valid]
    elected = majority[:seats]
    if len(majority) > seats and int(majority[seats][1]) == int(majority[seats - 1][1]):
        raise DomainError(
            _("A tie for the last seat: record the run-off's result instead."),
            code="tie",
            field="candidates",
        )
    election = Election.objects.create(
        council=council, held_on=held_on, seats=seats, eligible=eligible, ballots=ballots,
        invalid=invalid, recorded_by=actor,
    )  # fmt: skip
    chosen = {p.pk for p, _votes in elected}
    Candidate.objects.bulk_create(
        [Candidate(election=election, person=p, votes=int(v), elected=p.pk in chosen)
         for p, v in candidates]
    )  # fmt: skip
    start = max(held_on, council.term_from)
    for person, _votes in elected:
        CouncilMember.objects.filter(council=council, person=person, term_until__gte=start).update(
            term_until=start - dt.timedelta(days=1)
        )
        CouncilMember.objects.create(
            council=council, person=person, term_from=start, term_until=council.term_until
        )
    return election


@transaction.atomic
def meeting_call(*, actor, area, kind: str, title: str, agenda: str, starts_at: dt.datetime,
                 place: str, council: Council | None = None, invite: list | None = None) -> Meeting:  # fmt: skip
    """Call a meeting: the council's current members are invited, and ``invite`` as (name,
    organisation)."""
    _convenes(actor, area)
    if kind not in Meeting.Kind.values:
        raise DomainError(_("Choose the kind of meeting."), code="invalid", field="kind")
    for name, value in (("title", title), ("agenda", agenda), ("place", place)):
        if not (value or "").strip():
            raise DomainError(_("Required."), code="required", field=name)
    if starts_at is None:
        raise DomainError(_("Give a date and time."), code="required", field="starts_at")
    if council is not None and council.area_id != area.pk:
        raise DomainError(_("Choose a council of this community."), code="invalid",
                          field="council")  # fmt: skip
    meeting = Meeting.objects.create(
        area=area, council=council, kind=kind, title=title.strip()[:200],
        agenda=agenda.strip(), starts_at=starts_at, place=place.strip()[:200], created_by=actor,
    )  # fmt: skip
    people = [
        Attendee(meeting=meeting, member=m, name=m.person.name)
        for m in (current_members(council, timezone.localdate(starts_at)) if council else [])
    ]
    for n, (name, organisation) in enumerate(invite or []):
        if not (name or "").strip():
            raise DomainError(_("Give the name."), code="required", field=f"invite.{n}")
        people.append(
            Attendee(meeting=meeting, name=name.strip()[:50], organisation=organisation[:100])
        )
    Attendee.objects.bulk_create(people)
    return meeting


def _open(meeting: Meeting) -> None:
    if meeting.status != Meeting.Status.PLANNED:
        raise DomainError(_("This meeting is over."), code="closed", field="meeting")


def sign_in(*, actor, attendee: Attendee, now: dt.datetime | None = None) -> Attendee:
    meeting = attendee.meeting
    _convenes(actor, meeting.area, "meeting")
    _open(meeting)
    now = now or timezone.now()
    if timezone.localdate(now) != timezone.localdate(meeting.starts_at):
        raise DomainError(_("Sign-in is on the day of the meeting."), code="closed",
                          field="meeting")  # fmt: skip
    if attendee.signed_in_at is None:
        attendee.signed_in_at = now
        attendee.save(update_fields=["signed_in_at"])
    return attendee


def hold(*, actor, meeting: Meeting, minutes: str) -> Meeting:
    """The meeting took place: its minutes."""
    _convenes(actor, meeting.area, "meeting")
    _open(meeting)
    if not meeting.attendees.exclude(signed_in_at=None).exists():
        raise DomainError(_("Nobody signed in."), code="invalid", field="meeting")
    if not (minutes or "").strip():
        raise DomainError(
            pgettext("meeting", "Write the minutes."), code="required", field="minutes"
        )
    meeting.status = Meeting.Status.HELD
    meeting.minutes = minutes.strip()
    meeting.save(update_fields=["status", "minutes", "updated_at"])
    return meeting


def cancel(*, actor, meeting: Meeting) -> Meeting:
    _convenes(actor, meeting.area, "meeting")
    _open(meeting)
    meeting.status = Meeting.Status.CANCELLED
    meeting.save(update_fields=["status", "updated_at"])
    return meeting


def resolve(*, actor, meeting: Meeting, text: str, votes_for: int, votes_against: int,
            abstentions: int) -> Resolution:  # fmt: skip
    """A resolution and its votes; passed with more than half of those signed in."""
    _convenes(actor, meeting.area, "meeting")
    if meeting.status != Meeting.Status.HELD:
        raise DomainError(_("Record the minutes first."), code="closed", field="meeting")
    if not (text or "").strip():
        raise DomainError(_("Required."), code="required", field="text")
    counts = [int(x) for x in (votes_for, votes_against, abstentions)]
    present = meeting.attendees.exclude(signed_in_at=None).count()
    if min(counts) < 0 or sum(counts) > present:
        raise DomainError(
            _("More votes than people signed in (%(n)s).") % {"n": present},
            code="invalid",
            field="votes_for",
        )
    return Resolution.objects.create(
        meeting=meeting, text=text.strip(), votes_for=counts[0], votes_against=counts[1],
        abstentions=counts[2], passed=counts[0] * 2 > present,
    )  # fmt: skip


def follow_up(*, actor, resolution: Resolution, task: str, due_on: dt.date, unit=None) -> FollowUp:
    _convenes(actor, resolution.meeting.area, "resolution")
    if not resolution.passed:
        raise DomainError(_("Only a passed resolution is followed up."), code="invalid",
                          field="resolution")  # fmt: skip
    if not (task or "").strip():
        raise DomainError(_("Required."), code="required", field="task")
    if due_on is None:
        raise DomainError(_("Give the date."), code="required", field="due_on")
    return FollowUp.objects.create(
        resolution=resolution, task=task.strip()[:300], due_on=due_on, unit=unit
    )


def follow_up_case(*, actor, follow_up: FollowUp, case_class: str) -> FollowUp:
    """The task becomes a case of the loop (channel: liaison), in the meeting's community."""
    from .opinions import report_in

    _convenes(actor, follow_up.resolution.meeting.area, "follow_up")
    if follow_up.case_id:
        raise DomainError(_("It is a case already."), code="duplicate", field="follow_up")
    meeting = follow_up.resolution.meeting
    with transaction.atomic():
        follow_up.case = report_in(
            actor, meeting.area, case_class, f"{meeting.title}：{follow_up.task}"
        )
        follow_up.save(update_fields=["case", "updated_at"])
    return follow_up


def publish(*, actor, meeting: Meeting, summary: str) -> Meeting:
    _convenes(actor, meeting.area, "meeting")
    if meeting.status != Meeting.Status.HELD:
        raise DomainError(_("Record the minutes first."), code="closed", field="meeting")
    if not (summary or "").strip():
        raise DomainError(_("Write the summary."), code="required", field="summary")
    meeting.summary = summary.strip()
    meeting.published_at = timezone.now()
    meeting.save(update_fields=["summary", "published_at", "updated_at"])
    return meeting
