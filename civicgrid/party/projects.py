"""The projects list (项目清单): co-building projects meeting a need with the units' resources,
party organisations' party-building projects published for claiming (党建项目认领), and
livelihood projects (民生项目) tagged by their sponsor.

A party-building project is published by a party organisation; a party organisation, a member
on a roster or a stationed unit of the place claims it (the first claim sets it running), and
each claim records what it delivered: the day, what was done, the people reached. A project is
delivered when no claim is left open; its beneficiaries are then the claims' unless the keeper
gives a count. Whoever leads the area keeps the list (``services.may_keep``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.accounts.models import User
from civicgrid.areas.models import Area
from civicgrid.core.checks import checked
from civicgrid.core.errors import DomainError, ErrorCode, refused

from .choices import AgreementStatus, Claimant, NeedStatus, ProjectKind, ProjectStatus, Sponsor
from .cobuilding import related
from .models import (
    Agreement,
    Claim,
    Member,
    Need,
    PartyOrganisation,
    Project,
    Resource,
    StationedUnit,
)
from .services import _keeper, not_after_today, street_or_community

LIVE = (ProjectStatus.PUBLISHED, ProjectStatus.PLANNED, ProjectStatus.RUNNING)
CLAIMABLE = (ProjectStatus.PUBLISHED, ProjectStatus.RUNNING)
# where a project may go from each status
NEXT = {
    ProjectStatus.PUBLISHED: {ProjectStatus.RUNNING, ProjectStatus.DONE, ProjectStatus.CANCELLED},
    ProjectStatus.PLANNED: {ProjectStatus.RUNNING, ProjectStatus.DONE, ProjectStatus.CANCELLED},
    ProjectStatus.RUNNING: {ProjectStatus.DONE, ProjectStatus.CANCELLED},
    ProjectStatus.DONE: set(),
    ProjectStatus.CANCELLED: set(),
}


def _kind_holds(area: Area, kind: str, sponsor: str, publisher: PartyOrganisation | None) -> None:
    """A livelihood project names its sponsor (and the party organisation when one runs it); a
    party-building project its publisher; a publisher serves the project's place."""
    if kind == ProjectKind.LIVELIHOOD and not sponsor:
        raise refused(_("Say who sponsors this livelihood project."), "sponsor",
                       ErrorCode.REQUIRED)  # fmt: skip
    if kind != ProjectKind.LIVELIHOOD and sponsor:
        raise refused(_("Only a livelihood project is tagged by its sponsor."), "sponsor")
    needs_publisher = kind == ProjectKind.PARTY or sponsor == Sponsor.PARTY_ORGANISATION
    if needs_publisher and publisher is None:
        raise refused(_("Name the party organisation that publishes or runs it."), "publisher",
                       ErrorCode.REQUIRED)  # fmt: skip
    if publisher is not None and not related(publisher.unit.area.path, area.path):
        raise refused(_("This party organisation is another area's."), "publisher")


def _project_parts(
    area: Area, need: Need | None, resources: Iterable[Resource], agreement: Agreement | None
) -> list[Resource]:
    if need is not None:
        if not need.area.path.startswith(area.path):
            raise DomainError(
                _("This need is another area's."), code=ErrorCode.INVALID, field="need"
            )
        if need.status not in (NeedStatus.OPEN, NeedStatus.MATCHED):
            raise DomainError(
                _("This need is no longer open."), code=ErrorCode.CLOSED, field="need"
            )
    chosen = list(resources)
    for r in chosen:
        if not related(r.stationed_unit.area.path, area.path):
            raise DomainError(
                _("“%(resource)s” is offered by a unit stationed elsewhere.")
                % {"resource": r.title},
                code=ErrorCode.INVALID,
                field="resources",
            )
        if not r.available:
            raise DomainError(
                _("“%(resource)s” is no longer available.") % {"resource": r.title},
                code=ErrorCode.CLOSED,
                field="resources",
            )
    if agreement is not None:
        if not related(agreement.party_organisation.unit.area.path, area.path):
            raise DomainError(
                _("This agreement is another area's."), code=ErrorCode.INVALID, field="agreement"
            )
        if agreement.status != AgreementStatus.SIGNED:
            raise DomainError(
                _("Projects run under a signed agreement."),
                code=ErrorCode.CLOSED,
                field="agreement",
            )
    return chosen


@transaction.atomic
def project_start(
    *,
    actor: User,
    area: Area | None,
    title: str,
    category: str,
    starts_on: dt.date,
    need: Need | None = None,
    resources: Iterable[Resource] = (),
    agreement: Agreement | None = None,
    detail: str = "",
    kind: str = ProjectKind.COBUILDING,
    sponsor: str = "",
    publisher: PartyOrganisation | None = None,
) -> Project:
    """Put a project on the list: a need met (its status becomes "matched") with resources,
    under an agreement or not; a party-building project is published for claiming, a
    livelihood project names its sponsor."""
    area = street_or_community(_keeper(actor, area, "area"))
    _kind_holds(area, kind, sponsor, publisher)
    if need is not None:
        need = Need.objects.select_for_update().select_related("area").get(pk=need.pk)
    chosen = _project_parts(area, need, resources, agreement)
    project = Project(area=area, title=title.strip(), detail=detail.strip(), category=category,
                      need=need, agreement=agreement, starts_on=starts_on, kind=kind,
                      sponsor=sponsor, publisher=publisher,
                      status=ProjectStatus.PUBLISHED if kind == ProjectKind.PARTY
                      else ProjectStatus.PLANNED)  # fmt: skip
    checked(project)
    project.save()
    project.resources.set(chosen)
    if need is not None and need.status == NeedStatus.OPEN:
        need.status = NeedStatus.MATCHED
        need.save(update_fields=["status", "updated_at"])
    return project


@transaction.atomic
def project_progress(
    *,
    actor: User,
    project: Project,
    status: str,
    beneficiaries: int | None = None,
    ends_on: dt.date | None = None,
) -> Project:
    """Move a project on (planned → running → delivered, or cancelled); a delivered one records
    its beneficiaries and meets its need."""
    project = Project.objects.select_for_update().select_related("area").get(pk=project.pk)
    _keeper(actor, project.area, "project")
    if status not in NEXT.get(ProjectStatus(project.status), set()):
        raise DomainError(
            _("A project that is “%(now)s” cannot become “%(then)s”.")
            % {"now": ProjectStatus(project.status).label, "then": _label(status)},
            code=ErrorCode.CLOSED,
            field="status",
        )
    open_claims = project.claims.filter(delivered_on=None, withdrawn_on=None)
    if status == ProjectStatus.DONE:
        if open_claims.exists():
            raise refused(
                _("Claims are still open: record what each delivered, or withdraw it."),
                "status",
                ErrorCode.CLOSED,
            )
        if beneficiaries is None:
            beneficiaries = project.claims.filter(delivered_on__isnull=False).aggregate(
                n=Sum("beneficiaries")
            )["n"]
        if beneficiaries is None:
            raise DomainError(
                _("Say how many people it reached."),
                code=ErrorCode.REQUIRED,
                field="beneficiaries",
            )
        not_after_today(ends_on, "ends_on")
        if ends_on is None or ends_on < project.starts_on:
            raise DomainError(
                _("Give the day it was delivered, not before it started."),
                code=ErrorCode.INVALID,
                field="ends_on",
            )
    if status == ProjectStatus.CANCELLED:  # who had claimed it is released on the day
        open_claims.update(withdrawn_on=ends_on or timezone.localdate())
    project.status = status
    if beneficiaries is not None:
        project.beneficiaries = beneficiaries
    if status in (ProjectStatus.DONE, ProjectStatus.CANCELLED):
        project.ends_on = ends_on or project.ends_on
    checked(project)
    project.save()
    if project.need_id is not None:
        _need_follows(project.need_id)
    return project


def _label(status: str) -> str:
    return str(ProjectStatus(status).label) if status in ProjectStatus.values else status


def _need_follows(need_id: int) -> None:
    """A need's status from its projects: met by a delivered one, matched while one is live,
    open again when none is."""
    need = Need.objects.select_for_update().get(pk=need_id)
    if need.status == NeedStatus.WITHDRAWN:
        return
    statuses = set(need.projects.values_list("status", flat=True))
    if ProjectStatus.DONE in statuses:
        need.status = NeedStatus.MET
    elif statuses & set(LIVE):
        need.status = NeedStatus.MATCHED
    else:
        need.status = NeedStatus.OPEN
    need.save(update_fields=["status", "updated_at"])


# --- claims (认领) ---------------------------------------------------------------------------------
def _claimant_holds(
    project: Project,
    claimant: str,
    organisation: PartyOrganisation | None,
    member: Member | None,
    stationed_unit: StationedUnit | None,
) -> None:
    """The claimant named by ``claimant`` is given, no other is, and it belongs to the place."""
    given = {
        Claimant.ORGANISATION: ("organisation", organisation),
        Claimant.MEMBER: ("member", member),
        Claimant.STATIONED_UNIT: ("stationed_unit", stationed_unit),
    }
    if claimant not in given:
        raise refused(_("Say who claims it."), "claimant", ErrorCode.REQUIRED)
    for kind, (field, value) in given.items():
        if kind == claimant and value is None:
            raise refused(_("Say who claims it."), field, ErrorCode.REQUIRED)
        if kind != claimant and value is not None:
            raise refused(_("Give only the claimant the claim is by."), field)
    field, value = given[Claimant(claimant)]
    if isinstance(value, Member):
        if value.until is not None:
            raise refused(_("This member has left the roster."), field, ErrorCode.CLOSED)
        path = value.organisation.unit.area.path
    elif isinstance(value, StationedUnit):
        if not value.active:
            raise refused(_("This unit is no longer stationed here."), field, ErrorCode.CLOSED)
        path = value.area.path
    else:
        assert isinstance(value, PartyOrganisation)
        path = value.unit.area.path
    if not related(path, project.area.path):
        raise refused(_("The claimant is another area's."), field)


@transaction.atomic
def claim_make(
    *,
    actor: User,
    project: Project,
    claimant: str,
    claimed_on: dt.date,
    organisation: PartyOrganisation | None = None,
    member: Member | None = None,
    stationed_unit: StationedUnit | None = None,
) -> Claim:
    """Record that a party organisation, a member or a stationed unit claims a published
    party-building project; the first claim sets it running."""
    project = Project.objects.select_for_update().select_related("area").get(pk=project.pk)
    _keeper(actor, project.area, "project")
    if project.kind != ProjectKind.PARTY:
        raise refused(_("Only a party-building project is claimed."), "project")
    if project.status not in CLAIMABLE:
        raise refused(_("This project is no longer open to claim."), "project", ErrorCode.CLOSED)
    not_after_today(claimed_on, "claimed_on")
    _claimant_holds(project, claimant, organisation, member, stationed_unit)
    claim = Claim(project=project, claimant=claimant, organisation=organisation, member=member,
                  stationed_unit=stationed_unit, claimed_on=claimed_on)  # fmt: skip
    same = {"organisation": organisation, "member": member, "stationed_unit": stationed_unit}
    if project.claims.filter(delivered_on=None, withdrawn_on=None, **same).exists():
        raise refused(_("This claimant already holds a claim on the project."), "claimant")
    checked(claim)
    claim.save()
    if project.status == ProjectStatus.PUBLISHED:
        project.status = ProjectStatus.RUNNING
        project.save(update_fields=["status", "updated_at"])
    return claim


def _open_claim(actor: User, claim: Claim) -> Claim:
    claim = Claim.objects.select_for_update().select_related("project__area").get(pk=claim.pk)
    _keeper(actor, claim.project.area, "claim")
    if not claim.is_open:
        raise refused(_("This claim is already settled."), "claim", ErrorCode.CLOSED)
    return claim


def _on_or_after_claim(claim: Claim, day: dt.date | None, field: str) -> dt.date:
    if day is None:
        raise refused(_("Give the day."), field, ErrorCode.REQUIRED)
    not_after_today(day, field)
    if day < claim.claimed_on:
        raise refused(_("This is before the project was claimed."), field)
    return day


@transaction.atomic
def claim_deliver(
    *,
    actor: User,
    claim: Claim,
    delivered_on: dt.date | None,
    beneficiaries: int | None,
    what_was_done: str = "",
) -> Claim:
    """Record what a claimant delivered: the day, what was done, the people it reached."""
    claim = _open_claim(actor, claim)
    claim.delivered_on = _on_or_after_claim(claim, delivered_on, "delivered_on")
    if beneficiaries is None:
        raise refused(_("Say how many people it reached."), "beneficiaries", ErrorCode.REQUIRED)
    claim.beneficiaries, claim.what_was_done = beneficiaries, what_was_done.strip()
    checked(claim)
    claim.save()
    return claim


@transaction.atomic
def claim_withdraw(*, actor: User, claim: Claim, on: dt.date | None) -> Claim:
    """A claimant gives the project up undelivered."""
    claim = _open_claim(actor, claim)
    claim.withdrawn_on = _on_or_after_claim(claim, on, "on")
    claim.save(update_fields=["withdrawn_on", "updated_at"])
    return claim
