"""Micro-project calls, proposals and the council's deliberation (征集 → 评议).

Who may do what:
- a call is made and run (paper ballots, the tally, the projects) by the area's leaders and
  administrators (``can_manage``);
- the council deliberates: council members whose community the call's area lies in, or the
  call's managers where the area has no council (``can_deliberate``);
- anyone logged in proposes: a resident proves they live in the area (name and ID number, checked
  against the register); a unit, council or social organisation proposes through someone who
  works for it.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.accounts import permissions
from civicgrid.accounts.choices import Role, UnitKind
from civicgrid.areas import locator
from civicgrid.areas.choices import AreaLevel
from civicgrid.core.errors import DomainError
from civicgrid.core.money import yuan

from .models import Call, Method, ProjectType, Proposal

can_manage = permissions.can_lead


def can_deliberate(user, call: Call) -> bool:
    councils = [
        g
        for g in permissions.grants(user)
        if g.role == Role.COUNCIL_MEMBER and g.covers(call.area.path)
    ]
    return bool(councils) or can_manage(user, call.area)


def calls_visible(user):
    """The calls of the areas the user works in (all for the district's people)."""
    from civicgrid.areas.models import Area

    return Call.objects.filter(area__in=Area.objects.around(user)).select_related("area")


@transaction.atomic
def call_create(*, actor, area, title: str, budget, proposals_from: dt.date,
                proposals_until: dt.date, voting_from: dt.datetime, voting_until: dt.datetime,
                method: str, max_choices: int = 0, caps: dict | None = None,
                description: str = "", requirements: str = "", min_age: int = 18) -> Call:  # fmt: skip
    if area is None or area.level not in (AreaLevel.STREET, AreaLevel.COMMUNITY):
        raise DomainError(_("Choose a community or a street."), code="invalid", field="area")
    if not can_manage(actor, area):
        raise DomainError(_("You do not run calls here."), code="forbidden", field="area")
    if not (title or "").strip():
        raise DomainError(_("Required."), code="required", field="title")
    if method not in Method.values:
        raise DomainError(_("Choose the voting method."), code="invalid", field="method")
    if proposals_until < proposals_from:
        raise DomainError(_("Ends before it starts."), code="invalid", field="proposals_until")
    if timezone.localdate(voting_from) <= proposals_until:
        raise DomainError(
            _("Voting opens after the proposals close."), code="invalid", field="voting_from"
        )
    if voting_until <= voting_from:
        raise DomainError(_("Ends before it starts."), code="invalid", field="voting_until")
    if not 0 <= int(max_choices) <= 100:
        raise DomainError(_("Between 0 and 100."), code="invalid", field="max_choices")
    if not 14 <= int(min_age) <= 120:
        raise DomainError(_("Between 14 and 120."), code="invalid", field="min_age")
    money = {"budget": yuan(budget, "budget", positive=True)}
    for kind in ProjectType.values:
        money[f"cap_{kind}"] = yuan((caps or {}).get(kind), f"cap_{kind}")
    if not any(money[f"cap_{k}"] for k in ProjectType.values):
        raise DomainError(
            _("Allow at least one type of project (a cap above zero)."),
            code="invalid",
            field="cap_works",
        )
    return Call.objects.create(
        area=area,
        title=title.strip()[:200],
        description=(description or "").strip()[:4000],
        requirements=(requirements or "").strip()[:4000],
        proposals_from=proposals_from,
        proposals_until=proposals_until,
        voting_from=voting_from,
        voting_until=voting_until,
        method=method,
        max_choices=int(max_choices) if method == Method.APPROVAL else 0,
        min_age=int(min_age),
        created_by=actor,
        **money,
    )


def _proposer(actor, unit) -> str:
    """What kind of proposer the actor is for ``unit`` (refused unless they work for it)."""
    grants = [g for g in permissions.grants(actor) if g.unit_id == unit.pk]
    if not grants:
        raise DomainError(
            _("You propose only for a unit you work for."), code="forbidden", field="unit"
        )
    if unit.kind == UnitKind.SOCIAL_ORGANISATION:
        return Proposal.Proposer.SOCIAL_ORG
    if any(g.role == Role.COUNCIL_MEMBER for g in grants):
        return Proposal.Proposer.COUNCIL
    return Proposal.Proposer.UNIT


def propose(*, actor, call: Call, title: str, description: str, beneficiaries: str, kind: str,
            cost, address: str = "", lon=None, lat=None, unit=None, resident: dict | None = None,
            today: dt.date | None = None) -> Proposal:  # fmt: skip
    """A proposal to ``call``: for ``unit``, or as a resident proving who they are (``resident``:
    ``name`` and ``id_number``, checked against the register). Not one transaction: a failed
    proof still counts against the account's limit, so the page is no register oracle."""
    from .voting import resident_of

    today = today or timezone.localdate()
    if not call.proposals_from <= today <= call.proposals_until:
        raise DomainError(
            _("Proposals are taken from %(start)s to %(end)s.")
            % {"start": call.proposals_from, "end": call.proposals_until},
            code="closed",
            field="call",
        )
    if unit is not None:
        proposer = _proposer(actor, unit)
    else:
        resident = resident or {}
        resident_of(
            call, resident.get("name", ""), resident.get("id_number", ""), actor=actor, today=today
        )
        proposer = Proposal.Proposer.RESIDENT
    for name, value, limit in (
        ("title", title, 200),
        ("description", description, 4000),
        ("beneficiaries", beneficiaries, 300),
    ):
        if not (value or "").strip():
            raise DomainError(_("Required."), code="required", field=name)
        if len(value.strip()) > limit:
            raise DomainError(
                _("At most %(n)s characters.") % {"n": limit}, code="too_long", field=name
            )
    if kind not in ProjectType.values:
        raise DomainError(_("Choose the type of project."), code="invalid", field="kind")
    cost = yuan(cost, "cost", positive=True)
    cap = call.cap(kind)
    if not cap:
        raise DomainError(
            _("This call takes no %(kind)s projects.") % {"kind": ProjectType(kind).label},
            code="not_eligible",
            field="kind",
        )
    if cost > cap:
        raise DomainError(
            _("A %(kind)s project may cost at most %(cap)s yuan in this call.")
            % {"kind": ProjectType(kind).label, "cap": cap},
            code="not_eligible",
            field="cost",
        )
    if cost > call.budget:
        raise DomainError(
            _("The call's whole budget is %(budget)s yuan.") % {"budget": call.budget},
            code="not_eligible",
            field="cost",
        )
    if (lon is None) != (lat is None):
        raise DomainError(_("Give both coordinates."), code="invalid", field="lon")
    if lon is not None:
        try:
            lon, lat = float(lon), float(lat)
        except (TypeError, ValueError):
            raise DomainError(_("Not a number."), code="invalid", field="lon") from None
        grid_id = locator.locate_many([(lon, lat)])[0] if -180 <= lon <= 180 else None
        grid = locator.grid(grid_id) if grid_id else None
        if grid is None or not grid.path.startswith(call.area.path):
            raise DomainError(
                _("The place is outside %(area)s.") % {"area": call.area.name},
                code="not_eligible",
                field="lon",
            )
    return Proposal.objects.create(
        call=call,
        title=title.strip(),
        description=description.strip(),
        beneficiaries=beneficiaries.strip(),
        kind=kind,
        cost=cost,
        address=(address or "").strip()[:200],
        lon=lon,
        lat=lat,
        proposer=proposer,
        proposer_unit=unit,
        submitted_by=actor,
    )


@transaction.atomic
def deliberate(*, actor, proposal: Proposal, admit: bool, reasons: str, now=None) -> Proposal:
    """The council puts a proposal on the ballot or not, with its reasons (评议)."""
    now = now or timezone.now()
    proposal = Proposal.objects.select_for_update().select_related("call__area").get(pk=proposal.pk)
    if not can_deliberate(actor, proposal.call):
        raise DomainError(_("Only the council deliberates."), code="forbidden", field="reasons")
    if proposal.status != Proposal.Status.SUBMITTED:
        raise DomainError(_("This proposal is decided."), code="decided", field="reasons")
    if now >= proposal.call.voting_from:
        raise DomainError(
            _("Voting has opened: the ballot is fixed."), code="closed", field="reasons"
        )
    if not (reasons or "").strip():
        raise DomainError(_("Give the reasons."), code="required", field="reasons")
    proposal.status = Proposal.Status.ON_BALLOT if admit else Proposal.Status.REJECTED
    proposal.reasons = reasons.strip()
    proposal.deliberated_by = actor
    proposal.deliberated_at = now
    proposal.save(
        update_fields=["status", "reasons", "deliberated_by", "deliberated_at", "updated_at"]
    )
    return proposal
