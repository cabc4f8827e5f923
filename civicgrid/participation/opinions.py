"""Residents' opinions (三民) and claims (认领).

An opinion is collected in a community — on a home visit, at a meeting, on the portal, by a
liaison officer — and routed: as a **case** of the loop, as a **micro-project proposal** to an
open call, or onto a planned **meeting's agenda**. It is resolved when its case closes, when the
council has deliberated its proposal, when its meeting is held, or when staff record how it was
resolved otherwise. The resolution rate of an area is the share of the opinions collected in a
period that are resolved.

A claim records who takes on a micro-project or a volunteer task — a party organisation, a unit,
or a volunteer — and the service hours given; the hours count for the organisations in their
assessments (``service_hours``).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.db.models import Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.accounts.models import OrgUnit, User
from civicgrid.areas.choices import AreaLevel
from civicgrid.areas.models import Area
from civicgrid.core.checks import checked
from civicgrid.core.errors import DomainError, ErrorCode

from .access import require_convenes
from .errors import ParticipationError
from .liaison import liaison_report
from .models import Claim, Meeting, Opinion, Project, Proposal, Purpose


def opinion_collect(*, actor: User | None, area: Area | None, channel: str, text: str,
                    collected_on: dt.date | None = None) -> Opinion:  # fmt: skip
    """Staff record an opinion; residents give theirs on the portal (``actor`` None). A street
    consultation committee member's opinion may be about the street as a whole."""
    street_wide = channel == Opinion.Channel.COMMITTEE and area is not None and (
        area.level == AreaLevel.STREET
    )  # fmt: skip
    if area is None or (area.level != AreaLevel.COMMUNITY and not street_wide):
        raise DomainError(_("Choose a community."), code=ErrorCode.INVALID, field="area")
    if actor is not None:
        require_convenes(actor, area)
    elif channel != Opinion.Channel.PORTAL:
        raise DomainError(
            _("Log in to record opinions."), code=ErrorCode.FORBIDDEN, field="channel"
        )
    opinion = Opinion(area=area, channel=channel, text=text.strip(), collected_by=actor,
                      collected_on=collected_on or timezone.localdate())  # fmt: skip
    checked(opinion)
    opinion.save()
    return opinion


@transaction.atomic
def opinion_route(*, actor: User, opinion: Opinion, to: str, case_class: str = "",
                  meeting: Meeting | None = None,
                  proposal: Proposal | None = None) -> Opinion:  # fmt: skip
    """Route an opinion as a case, onto a planned meeting's agenda, or to a proposal."""
    require_convenes(actor, opinion.area, "opinion")
    if opinion.route:
        raise DomainError(
            _("This opinion is routed already."), code=ErrorCode.DECIDED, field="route"
        )
    if to == Opinion.Route.CASE:
        if not case_class:
            raise DomainError(_("Choose the class."), code=ErrorCode.REQUIRED, field="case_class")
        opinion.case = liaison_report(
            actor=actor, area=opinion.area, case_class=case_class, text=opinion.text
        )
    elif to == Opinion.Route.AGENDA:
        if meeting is None or meeting.area_id != opinion.area_id:
            raise DomainError(_("Choose a meeting of this community."), code=ErrorCode.REQUIRED,
                              field="meeting")  # fmt: skip
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)  # not held meanwhile
        if meeting.status != Meeting.Status.PLANNED:
            raise DomainError(_("This meeting is over."), code=ErrorCode.CLOSED, field="meeting")
        meeting.agenda = f"{meeting.agenda}\n- {opinion.text}"
        checked(meeting, only={"agenda"})
        meeting.save(update_fields=["agenda", "updated_at"])
        opinion.meeting = meeting
    elif to == Opinion.Route.PROPOSAL:
        if (
            proposal is None
            or proposal.call.purpose != Purpose.PROJECTS  # not a candidate, not an option
            or not opinion.area.path.startswith(proposal.call.area.path)
        ):
            raise DomainError(_("Choose a proposal of a call covering this community."),
                              code=ErrorCode.REQUIRED, field="proposal")  # fmt: skip
        opinion.proposal = proposal
    else:
        raise DomainError(_("Route it as a case, a proposal or an agenda item."), code=ErrorCode.INVALID,
                          field="route")  # fmt: skip
    opinion.route = to
    opinion.save()
    return opinion


def waits_for_its_case(opinion: Opinion) -> bool:
    """An opinion routed as a case is resolved when its case closes, not before: the residents
    were promised the problem would be solved, and a council counting it resolved while the
    case runs would report a resolution rate the street has not earned. Staff may add how it
    was resolved once the case is closed (it counts as resolved by then anyway)."""
    return (
        opinion.route == Opinion.Route.CASE
        and opinion.case is not None
        and opinion.case.closed_at is None
    )


def opinion_resolve(*, actor: User, opinion: Opinion, resolution: str,
                    on: dt.date | None = None) -> Opinion:  # fmt: skip
    """How the opinion was resolved (an opinion resolved otherwise than by its route)."""
    require_convenes(actor, opinion.area, "opinion")
    if waits_for_its_case(opinion) and opinion.case is not None:
        raise DomainError(
            _("This opinion is resolved when its case %(number)s is closed.")
            % {"number": opinion.case.number},
            code=ParticipationError.CASE_OPEN,
            field="resolution",
        )
    if not resolution.strip():
        raise DomainError(
            _("Say how it was resolved."), code=ErrorCode.REQUIRED, field="resolution"
        )
    opinion.resolution = resolution.strip()
    opinion.resolved_on = on or timezone.localdate()
    checked(opinion, only={"resolution"})
    opinion.save(update_fields=["resolution", "resolved_on", "updated_at"])
    return opinion


RESOLVED = (
    Q(resolved_on__isnull=False)
    | Q(route=Opinion.Route.CASE, case__closed_at__isnull=False)
    | Q(route=Opinion.Route.PROPOSAL, proposal__deliberated_at__isnull=False)
    | Q(route=Opinion.Route.AGENDA, meeting__status=Meeting.Status.HELD)
)


def resolution_rates(*, areas: QuerySet[Area] | list[Area], start: dt.date,
                     end: dt.date) -> list[dict]:  # fmt: skip
    """For each area: opinions collected from ``start`` to ``end`` (included), resolved, rate %.
    A period that ends before it starts is refused (naming ``end``)."""
    if end < start:
        raise DomainError(_("Ends before it starts."), code=ErrorCode.INVALID, field="end")
    out = []
    for area in areas:
        qs = Opinion.objects.filter(
            area__path__startswith=area.path, collected_on__gte=start, collected_on__lte=end
        )
        total, resolved = qs.count(), qs.filter(RESOLVED).count()
        rate = (Decimal(100) * resolved / total).quantize(Decimal("0.1")) if total else None
        out.append({"area": area, "collected": total, "resolved": resolved, "rate": rate})
    return out


def _related(a: str, b: str) -> bool:
    """One area lies in the other."""
    return a.startswith(b) or b.startswith(a)


def claim_record(*, actor: User, area: Area, claimant: str, hours: Decimal = Decimal(0),
                 project: Project | None = None, task: str = "", unit: OrgUnit | None = None,
                 volunteer: str = "") -> Claim:  # fmt: skip
    """Who takes on a project or a volunteer task (a volunteer by name, an organisation as a
    unit) and the service hours given."""
    require_convenes(actor, area)
    claim = Claim(area=area, project=project, task=task.strip(), claimant=claimant,
                  unit=unit if claimant != Claim.Claimant.VOLUNTEER else None,
                  volunteer=volunteer.strip(), hours=hours, recorded_by=actor)  # fmt: skip
    checked(claim)
    if project is None and not claim.task:
        raise DomainError(
            _("Choose a project or name the task."), code=ErrorCode.REQUIRED, field="task"
        )
    if project is not None and not _related(area.path, project.proposal.call.area.path):
        raise DomainError(
            _("Choose a project of this area."), code=ErrorCode.INVALID, field="project"
        )
    if claimant == Claim.Claimant.VOLUNTEER and not claim.volunteer:
        raise DomainError(
            _("Give the volunteer's name."), code=ErrorCode.REQUIRED, field="volunteer"
        )
    if claimant != Claim.Claimant.VOLUNTEER and unit is None:
        raise DomainError(_("Choose the organisation."), code=ErrorCode.REQUIRED, field="unit")
    claim.save()
    return claim


def service_hours(unit: OrgUnit, start: dt.date, end: dt.date) -> Decimal:
    """The service hours a party organisation or unit gave through its claims in a period."""
    return Claim.objects.filter(
        unit=unit, created_at__date__gte=start, created_at__date__lte=end
    ).aggregate(total=Sum("hours"))["total"] or Decimal(0)
