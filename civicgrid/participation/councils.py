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
to residents. Holding, cancelling and publishing are the meeting's steps
(``participation/transitions.py``), each on the record. The area's managers and council members
run them (``accounts.permissions.can_convene``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from civicgrid.accounts import permissions
from civicgrid.accounts.choices import Role
from civicgrid.accounts.models import OrgUnit, User
from civicgrid.areas.choices import AreaLevel
from civicgrid.areas.models import Area
from civicgrid.core.checks import checked
from civicgrid.core.errors import DomainError, ErrorCode
from civicgrid.notifications.models import Kind
from civicgrid.notifications.services import notify, shortened
from civicgrid.registry.models import Building, Person

from .access import require_convenes
from .choices import AttendeeRole, MeetingAction
from .elections import record
from .errors import ParticipationError
from .liaison import liaison_report
from .models import (
    Attendee,
    Council,
    CouncilMember,
    CouncilNotice,
    Election,
    FollowUp,
    Meeting,
    Resolution,
)
from .workflow import meeting_transition


def _resident(person: Person | None, area: Area, field: str) -> None:
    if person is None or not person.active or not person.grid.path.startswith(area.path):
        raise DomainError(
            _("Choose a registered resident of %(area)s.") % {"area": area.name},
            code=ErrorCode.NOT_ELIGIBLE,
            field=field,
        )


def council_create(*, actor: User, area: Area | None, kind: str, name: str,
                   term_from: dt.date, term_until: dt.date, seats: int = 21,
                   building: Building | None = None) -> Council:  # fmt: skip
    # a street's consultation committee sits in a street; every other council in a community
    level = AreaLevel.STREET if kind == Council.Kind.STREET else AreaLevel.COMMUNITY
    if area is None or area.level != level:
        raise DomainError(_("Choose a street.") if level == AreaLevel.STREET
                          else _("Choose a community."), code=ErrorCode.INVALID,
                          field="area")  # fmt: skip
    if not permissions.can_lead(actor, area):
        raise DomainError(_("You do not run this community's councils."), code=ErrorCode.FORBIDDEN,
                          field="area")  # fmt: skip
    council = Council(area=area, kind=kind, name=name.strip(), term_from=term_from,
                      term_until=term_until, seats=seats, building=building)  # fmt: skip
    checked(council)
    if kind == Council.Kind.BUILDING and (
        building is None or not building.grid.path.startswith(area.path)
    ):
        raise DomainError(_("Choose a building of the community."), code=ErrorCode.REQUIRED,
                          field="building")  # fmt: skip
    if term_until <= term_from:
        raise DomainError(_("Ends before it starts."), code=ErrorCode.INVALID, field="term_until")
    council.save()
    return council


def member_add(*, actor: User, council: Council, person: Person,
               role: str = CouncilMember.Role.MEMBER,
               term_from: dt.date | None = None) -> CouncilMember:  # fmt: skip
    require_convenes(actor, council.area, "council")
    _resident(person, council.area, "person")
    start = term_from or max(council.term_from, timezone.localdate())
    member = CouncilMember(council=council, person=person, role=role, term_from=start,
                           term_until=council.term_until)  # fmt: skip
    checked(member, only={"role"})
    if CouncilMember.objects.filter(council=council, person=person, term_until__gte=start).exists():
        raise DomainError(_("Already a member."), code=ErrorCode.DUPLICATE, field="person")
    member.save()
    return member


def current_members(council: Council, on: dt.date | None = None) -> QuerySet[CouncilMember]:
    on = on or timezone.localdate()
    return council.members.filter(term_from__lte=on, term_until__gte=on).select_related("person")


@transaction.atomic
def election_record(*, actor: User, council: Council, held_on: dt.date, seats: int,
                    eligible: int, ballots: int, invalid: int,
                    candidates: list[tuple[Person, int]]) -> Election:  # fmt: skip
    """Record an election; ``candidates`` as (person, votes). The elected join the council."""
    require_convenes(actor, council.area, "council")
    election = Election(council=council, held_on=held_on, seats=seats, eligible=eligible,
                        ballots=ballots, invalid=invalid, recorded_by=actor)  # fmt: skip
    checked(election)
    if eligible < 1 or ballots > eligible:
        raise DomainError(_("More ballots than voters on the roll."), code=ErrorCode.INVALID,
                          field="ballots")  # fmt: skip
    if ballots * 2 <= eligible:
        raise DomainError(
            _("Fewer than half the voters on the roll voted: the election does not stand."),
            code=ParticipationError.NOT_VALID,
            field="ballots",
        )
    if invalid > ballots:
        raise DomainError(
            _("More invalid ballots than ballots."), code=ErrorCode.INVALID, field="invalid"
        )
    valid = ballots - invalid
    seen = set()
    for n, (person, votes) in enumerate(candidates):
        _resident(person, council.area, f"candidates.{n}")
        if person.pk in seen:
            raise DomainError(_("Listed twice."), code=ErrorCode.DUPLICATE, field=f"candidates.{n}")
        seen.add(person.pk)
        if not 0 <= votes <= valid:
            raise DomainError(_("More votes than valid ballots."), code=ErrorCode.INVALID,
                              field=f"candidates.{n}")  # fmt: skip
    if len(candidates) < seats:
        raise DomainError(
            _("Fewer candidates than seats."), code=ErrorCode.INVALID, field="candidates"
        )
    return record(council=council, held_on=held_on, seats=seats, eligible=eligible,
                  ballots=ballots, invalid=invalid, candidates=candidates,
                  recorded_by=actor)  # fmt: skip


@transaction.atomic
def meeting_call(*, actor: User, area: Area, kind: str, title: str, agenda: str,
                 starts_at: dt.datetime, place: str, council: Council | None = None,
                 invite: Sequence[tuple[str, ...]] | None = None) -> Meeting:  # fmt: skip
    """Call a meeting: the council's current members are invited (there as owners' committee
    or resident representatives), and ``invite`` as (name, organisation[, what they are there
    as: an ``AttendeeRole``])."""
    require_convenes(actor, area)
    # a street consultation meeting sits in a street, every other meeting in a community
    level = AreaLevel.STREET if kind == Meeting.Kind.CONSULTATION else AreaLevel.COMMUNITY
    if area.level != level:
        raise DomainError(_("Choose a street.") if level == AreaLevel.STREET
                          else _("Choose a community."), code=ErrorCode.INVALID,
                          field="area")  # fmt: skip
    if council is not None and council.area_id != area.pk:
        raise DomainError(_("Choose a council of this community."), code=ErrorCode.INVALID,
                          field="council")  # fmt: skip
    meeting = Meeting(area=area, council=council, kind=kind, title=title.strip(),
                      agenda=agenda.strip(), starts_at=starts_at, place=place.strip(),
                      created_by=actor)  # fmt: skip
    checked(meeting)
    as_member = AttendeeRole.OWNERS if council and council.kind == Council.Kind.OWNERS else (
        AttendeeRole.RESIDENT)  # fmt: skip
    people = [
        Attendee(meeting=meeting, member=m, name=m.person.name, role=as_member)
        for m in (current_members(council, timezone.localdate(starts_at)) if council else [])
    ]
    for n, (name, organisation, *role) in enumerate(invite or []):
        if not name.strip():
            raise DomainError(_("Give the name."), code=ErrorCode.REQUIRED, field=f"invite.{n}")
        guest = Attendee(meeting=meeting, name=name.strip(), organisation=organisation.strip(),
                         role=role[0] if role else "")  # fmt: skip
        checked(guest, only={"name", "organisation", "role"}, prefix=f"invite.{n}.")
        people.append(guest)
    meeting.save()
    Attendee.objects.bulk_create(people)
    return meeting


def attendee_sign_in(*, actor: User, attendee: Attendee,
                     now: dt.datetime | None = None) -> Attendee:  # fmt: skip
    meeting = attendee.meeting
    require_convenes(actor, meeting.area, "meeting")
    meeting.refresh_from_db(fields=["status"])
    if meeting.status != Meeting.Status.PLANNED:
        raise DomainError(_("This meeting is over."), code=ErrorCode.CLOSED, field="meeting")
    now = now or timezone.now()
    if timezone.localdate(now) != timezone.localdate(meeting.starts_at):
        raise DomainError(_("Sign-in is on the day of the meeting."), code=ErrorCode.CLOSED,
                          field="meeting")  # fmt: skip
    if attendee.signed_in_at is None:
        attendee.signed_in_at = now
        attendee.save(update_fields=["signed_in_at"])
    return attendee


def meeting_hold(*, actor: User, meeting: Meeting, minutes: str,
                 now: dt.datetime | None = None) -> Meeting:  # fmt: skip
    """The meeting took place: its minutes (a held meeting has minutes, and someone signed in)."""
    require_convenes(actor, meeting.area, "meeting")

    def record(locked: Meeting) -> list[str]:
        if not locked.attendees.exclude(signed_in_at=None).exists():
            raise DomainError(_("Nobody signed in."), code=ErrorCode.INVALID, field="meeting")
        if not minutes.strip():
            raise DomainError(
                pgettext("meeting", "Write the minutes."), code=ErrorCode.REQUIRED, field="minutes"
            )
        locked.minutes = minutes.strip()
        return ["minutes"]

    return meeting_transition(meeting_id=meeting.pk, action=MeetingAction.HOLD, actor=actor,
                              now=now or timezone.now(), effect=record)  # fmt: skip


def meeting_cancel(*, actor: User, meeting: Meeting, reason: str = "",
                   now: dt.datetime | None = None) -> Meeting:  # fmt: skip
    """The meeting will not take place; ``reason`` goes on the record."""
    require_convenes(actor, meeting.area, "meeting")
    return meeting_transition(meeting_id=meeting.pk, action=MeetingAction.CANCEL, actor=actor,
                              now=now or timezone.now(), note=reason.strip())  # fmt: skip


def meeting_publish(*, actor: User, meeting: Meeting, summary: str,
                    now: dt.datetime | None = None) -> Meeting:  # fmt: skip
    """The summary residents read (published again when corrected)."""
    require_convenes(actor, meeting.area, "meeting")
    now = now or timezone.now()

    def publish(locked: Meeting) -> list[str]:
        if not summary.strip():
            raise DomainError(_("Write the summary."), code=ErrorCode.REQUIRED, field="summary")
        locked.summary, locked.published_at = summary.strip(), now
        return ["summary", "published_at"]

    return meeting_transition(meeting_id=meeting.pk, action=MeetingAction.PUBLISH, actor=actor,
                              now=now, effect=publish)  # fmt: skip


def resolution_record(*, actor: User, meeting: Meeting, text: str, votes_for: int,
                      votes_against: int, abstentions: int) -> Resolution:  # fmt: skip
    """A resolution and its votes; passed with more than half of those signed in."""
    require_convenes(actor, meeting.area, "meeting")
    meeting.refresh_from_db(fields=["status"])  # as it is now, whatever the caller last read
    if meeting.status != Meeting.Status.HELD:
        raise DomainError(_("Record the minutes first."), code=ErrorCode.CLOSED, field="meeting")
    present = meeting.attendees.exclude(signed_in_at=None).count()
    resolution = Resolution(meeting=meeting, text=text.strip(), votes_for=votes_for,
                            votes_against=votes_against, abstentions=abstentions,
                            passed=votes_for * 2 > present)  # fmt: skip
    checked(resolution)
    if votes_for + votes_against + abstentions > present:
        raise DomainError(
            _("More votes than people signed in (%(n)s).") % {"n": present},
            code=ErrorCode.INVALID,
            field="votes_for",
        )
    resolution.save()
    return resolution


def follow_up_add(*, actor: User, resolution: Resolution, task: str, due_on: dt.date,
                  unit: OrgUnit | None = None) -> FollowUp:  # fmt: skip
    require_convenes(actor, resolution.meeting.area, "resolution")
    if not resolution.passed:
        raise DomainError(_("Only a passed resolution is followed up."), code=ErrorCode.INVALID,
                          field="resolution")  # fmt: skip
    follow_up = FollowUp(resolution=resolution, task=task.strip(), due_on=due_on, unit=unit)
    checked(follow_up)
    follow_up.save()
    return follow_up


def follow_up_report(*, actor: User, follow_up: FollowUp, case_class: str) -> FollowUp:
    """The task becomes a case of the loop (channel: liaison), in the meeting's community."""
    require_convenes(actor, follow_up.resolution.meeting.area, "follow_up")
    if follow_up.case_id:
        raise DomainError(_("It is a case already."), code=ErrorCode.DUPLICATE, field="follow_up")
    meeting = follow_up.resolution.meeting
    with transaction.atomic():
        follow_up.case = liaison_report(
            actor=actor,
            area=meeting.area,
            case_class=case_class,
            text=f"{meeting.title}：{follow_up.task}",
        )
        follow_up.save(update_fields=["case", "updated_at"])
    return follow_up


@transaction.atomic
def notice_send(*, actor: User, council: Council, title: str, body: str,
                now: dt.datetime | None = None) -> CouncilNotice:  # fmt: skip
    """Tell the council's members of a major matter: kept on the council and put in the inbox of
    every member's account (a council member's role on a unit of the council's own place)."""
    require_convenes(actor, council.area, "council")
    notice = CouncilNotice(council=council, title=title.strip(), body=body.strip(),
                           sent_at=now or timezone.now(), sent_by=actor)  # fmt: skip
    checked(notice, exclude=["council", "sent_by"])
    notice.save()
    members = User.objects.filter(
        is_active=True,
        assignments__role=Role.COUNCIL_MEMBER,
        assignments__active=True,
        assignments__unit__area=council.area,
    ).distinct()
    notify(list(members), kind=Kind.NOTICE, title=notice.title, body=shortened(notice.body, 500),
           url=reverse("participation:council", args=[council.pk]))  # fmt: skip
    return notice
