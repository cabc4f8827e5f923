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
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.areas.choices import AreaLevel
from civicgrid.core.errors import DomainError

from .councils import _convenes
from .models import Claim, Meeting, Opinion, Proposal


def report_in(actor, area, case_class: str, text: str):
    """A case about ``area`` as a whole, taken from a liaison (a routed opinion, a council's
    follow-up): the district's intake, the community's place."""
    from civicgrid.cases.choices import Channel
    from civicgrid.cases.services.intake import Report, case_report, place_in

    name = (actor.get_full_name() or actor.get_username())[:50] if actor else ""
    return case_report(
        actor=None,
        report=Report(
            case_class=case_class,
            channel=Channel.LIAISON,
            description=text[:4000],
            reporter_name=name,
            source={"liaison_by": actor.pk if actor else None, "area": area.code},
            **place_in(area),
        ),
    )


def collect(
    *, actor, area, channel: str, text: str, collected_on: dt.date | None = None
) -> Opinion:
    """Staff record an opinion; residents give theirs on the portal (``actor`` None)."""
    if area is None or area.level != AreaLevel.COMMUNITY:
        raise DomainError(_("Choose a community."), code="invalid", field="area")
    if actor is not None:
        _convenes(actor, area)
    elif channel != Opinion.Channel.PORTAL:
        raise DomainError(_("Log in to record opinions."), code="forbidden", field="channel")
    if channel not in Opinion.Channel.values:
        raise DomainError(_("Choose how it was collected."), code="invalid", field="channel")
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Required."), code="required", field="text")
    if len(text) > 4000:
        raise DomainError(_("At most %(n)s characters.") % {"n": 4000}, code="too_long",
                          field="text")  # fmt: skip
    return Opinion.objects.create(
        area=area, channel=channel, text=text, collected_by=actor,
        collected_on=collected_on or timezone.localdate(),
    )  # fmt: skip


@transaction.atomic
def route(*, actor, opinion: Opinion, to: str, case_class: str = "", meeting: Meeting | None = None,
          proposal: Proposal | None = None) -> Opinion:  # fmt: skip
    _convenes(actor, opinion.area, "opinion")
    if opinion.route:
        raise DomainError(_("This opinion is routed already."), code="decided", field="route")
    if to == Opinion.Route.CASE:
        if not case_class:
            raise DomainError(_("Choose the class."), code="required", field="case_class")
        opinion.case = report_in(actor, opinion.area, case_class, opinion.text)
    elif to == Opinion.Route.AGENDA:
        if meeting is None or meeting.area_id != opinion.area_id:
            raise DomainError(_("Choose a meeting of this community."), code="required",
                              field="meeting")  # fmt: skip
        if meeting.status != Meeting.Status.PLANNED:
            raise DomainError(_("This meeting is over."), code="closed", field="meeting")
        meeting.agenda = f"{meeting.agenda}\n- {opinion.text[:500]}"
        meeting.save(update_fields=["agenda", "updated_at"])
        opinion.meeting = meeting
    elif to == Opinion.Route.PROPOSAL:
        if proposal is None or not opinion.area.path.startswith(proposal.call.area.path):
            raise DomainError(_("Choose a proposal of a call covering this community."),
                              code="required", field="proposal")  # fmt: skip
        opinion.proposal = proposal
    else:
        raise DomainError(_("Route it as a case, a proposal or an agenda item."), code="invalid",
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
        and opinion.case_id is not None
        and opinion.case.closed_at is None
    )


def mark_resolved(*, actor, opinion: Opinion, resolution: str, on: dt.date | None = None):
    _convenes(actor, opinion.area, "opinion")
    if waits_for_its_case(opinion):
        raise DomainError(
            _("This opinion is resolved when its case %(number)s is closed.")
            % {"number": opinion.case.number},
            code="case_open",
            field="resolution",
        )
    if not (resolution or "").strip():
        raise DomainError(_("Say how it was resolved."), code="required", field="resolution")
    opinion.resolution = resolution.strip()
    opinion.resolved_on = on or timezone.localdate()
    opinion.save(update_fields=["resolution", "resolved_on", "updated_at"])
    return opinion


RESOLVED = (
    Q(resolved_on__isnull=False)
    | Q(route=Opinion.Route.CASE, case__closed_at__isnull=False)
    | Q(route=Opinion.Route.PROPOSAL, proposal__deliberated_at__isnull=False)
    | Q(route=Opinion.Route.AGENDA, meeting__status=Meeting.Status.HELD)
)


def resolution_rates(areas, start: dt.date, end: dt.date) -> list[dict]:
    """For each area: opinions collected from ``start`` to ``end`` (included), resolved, rate %."""
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


def claim(*, actor, area, claimant: str, hours=0, project=None, task: str = "", unit=None,
          volunteer: str = "") -> Claim:  # fmt: skip
    _convenes(actor, area)
    if claimant not in Claim.Claimant.values:
        raise DomainError(_("Say who claims it."), code="invalid", field="claimant")
    if project is None and not (task or "").strip():
        raise DomainError(_("Choose a project or name the task."), code="required", field="task")
    if project is not None and not _related(area.path, project.proposal.call.area.path):
        raise DomainError(_("Choose a project of this area."), code="invalid", field="project")
    if claimant == Claim.Claimant.VOLUNTEER:
        if not (volunteer or "").strip():
            raise DomainError(_("Give the volunteer's name."), code="required", field="volunteer")
        unit = None
    elif unit is None:
        raise DomainError(_("Choose the organisation."), code="required", field="unit")
    try:
        hours = Decimal(str(hours or 0))
    except ArithmeticError:
        hours = Decimal(-1)
    if not hours.is_finite() or not 0 <= hours < 100000:
        raise DomainError(_("Give a number of hours."), code="invalid", field="hours")
    return Claim.objects.create(
        area=area, project=project, task=(task or "").strip()[:200], claimant=claimant, unit=unit,
        volunteer=(volunteer or "").strip()[:50], hours=hours, recorded_by=actor,
    )  # fmt: skip


def service_hours(unit, start: dt.date, end: dt.date) -> Decimal:
    """The service hours a party organisation or unit gave through its claims in a period."""
    return Claim.objects.filter(
        unit=unit, created_at__date__gte=start, created_at__date__lte=end
    ).aggregate(total=Sum("hours"))["total"] or Decimal(0)
