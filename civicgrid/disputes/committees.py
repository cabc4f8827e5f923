"""A building's own mediation committee (楼宇调委会), the tier below the grid (矛盾不出楼宇).

- A community's leaders (and those above) set up the committee of a building in the community
  and keep its members (name, organisation, chair or member); it is set down, never deleted,
  since the disputes it settled keep pointing at it.
- A dispute in a building with an active committee may be judged *building*: it stays in its
  grid, the committee mediates (sessions as for any dispute), and when the dispute was settled
  by agreement and its case closes at the grid or the community, the case is resolved at the
  building (``settled_in_building``, handed to the case loop at start-up).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from civicgrid.accounts import permissions
from civicgrid.accounts.models import User
from civicgrid.cases.choices import Tier
from civicgrid.catalogue.choices import ClassKind
from civicgrid.core.checks import checked, past_day
from civicgrid.core.errors import ErrorCode, refused
from civicgrid.registry.models import Building

from .models import BuildingCommittee, CommitteeMember, Complexity, Dispute, Session


def committee_of(case: Any) -> BuildingCommittee | None:
    """The active mediation committee of the case's building, if it has one."""
    if not case.building_id:
        return None
    return BuildingCommittee.objects.filter(building_id=case.building_id, active=True).first()


def settled_in_building(case: Any) -> str | None:
    """``Tier.BUILDING`` for a dispute left to its building's committee — still sitting, of the
    building the case lies at — whose last mediation session reached an agreement (a dispute
    left to the committee is mediated by it: its sessions are the committee's)."""
    if case.kind != ClassKind.DISPUTE or committee_of(case) is None:
        return None
    dispute = Dispute.objects.filter(case_id=case.pk, complexity=Complexity.BUILDING).first()
    if dispute is None or not dispute.resolved:
        return None
    last = dispute.sessions.order_by("-held_at", "-pk").first()
    return Tier.BUILDING if last is not None and last.outcome == Session.Outcome.AGREED else None


def keeps(user: User, building: Building) -> bool:
    """The leaders of the building's community and those above keep its committee."""
    community = building.grid.parent
    return community is not None and permissions.can_lead(user, community)


def _kept(actor: User, building: Building, field: str = "building") -> None:
    if not keeps(actor, building):
        raise refused(_("You do not keep this building's committee."), field, ErrorCode.FORBIDDEN)


@transaction.atomic
def committee_save(
    *, actor: User, building: Building, name: str, established_on: dt.date | None,
    active: bool = True,
) -> BuildingCommittee:  # fmt: skip
    """Set up the building's committee, or change it (its name, day, whether it sits)."""
    _kept(actor, building)
    entry = BuildingCommittee.objects.filter(building=building).first() or BuildingCommittee(
        building=building
    )
    entry.name = name.strip()
    entry.established_on = past_day(established_on, "established_on")
    entry.active = active
    checked(entry)
    entry.save()
    return entry


@transaction.atomic
def member_add(
    *, actor: User, committee: BuildingCommittee, name: str, organisation: str,
    role: str = CommitteeMember.Role.MEMBER,
) -> CommitteeMember:  # fmt: skip
    _kept(actor, committee.building, "committee")
    if (
        role == CommitteeMember.Role.CHAIR
        and committee.members.filter(role=CommitteeMember.Role.CHAIR, active=True).exists()
    ):
        raise refused(_("The committee has a chair already."), "role", ErrorCode.CONFLICT)
    member = CommitteeMember(committee=committee, name=name.strip(),
                             organisation=organisation.strip(), role=role)  # fmt: skip
    checked(member, exclude=["committee"])
    member.save()
    return member


@transaction.atomic
def member_leave(*, actor: User, member: CommitteeMember) -> CommitteeMember:
    _kept(actor, member.committee.building, "member")
    if not member.active:
        raise refused(_("This member has left already."), "member", ErrorCode.CLOSED)
    member.active = False
    member.save(update_fields=["active", "updated_at"])
    return member


def disputes_of(committee: BuildingCommittee):
    """The disputes left to the committee, newest first, each with its case."""
    return (
        Dispute.objects.filter(complexity=Complexity.BUILDING, case__building=committee.building)
        .select_related("case")
        .order_by("-created_at")
    )
