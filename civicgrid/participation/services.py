"""Micro-project calls, proposals and the council's deliberation (征集 → 评议).

Who may do what is ``accounts/permissions.py``'s: a call is made by the area's managers; the
council deliberates; anyone logged in proposes — a resident proves they live in the area (name
and ID number, checked against the register), a unit, council or social organisation proposes
through someone who works for it.

Values arrive typed (a page's form, the API's schema); the model's own checks (required,
lengths, choices, ranges) refuse what does not fit, naming the field; the services keep the
rules of the domain: scope, dates, caps and the budget.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.accounts import permissions
from civicgrid.accounts.choices import Role, UnitKind
from civicgrid.accounts.models import OrgUnit, User
from civicgrid.areas import locator
from civicgrid.areas.choices import AreaLevel
from civicgrid.areas.models import Area
from civicgrid.core.checks import checked
from civicgrid.core.errors import DomainError, ErrorCode
from civicgrid.core.money import yuan

from .access import puts_on_ballot
from .council_models import Council
from .elections import ELECTED_BODIES, taking
from .models import Call, Method, ProjectType, Proposal, Purpose
from .voting import Proof, resident_prove


@transaction.atomic
def call_create(*, actor: User, area: Area | None, title: str, proposals_from: dt.date,
                proposals_until: dt.date, voting_from: dt.datetime, voting_until: dt.datetime,
                purpose: str = Purpose.PROJECTS, budget: Decimal | int | None = None,
                method: str = Method.APPROVAL, max_choices: int = 0,
                caps: dict[str, Decimal | int] | None = None, council: Council | None = None,
                seats: int | None = None, majority: int = 50, description: str = "",
                requirements: str = "", min_age: int = 18) -> Call:  # fmt: skip
    """A vote of the area's residents: a micro-project call (its budget, caps and method), an
    option vote (the options come later, one choice each) or the election of ``council``'s
    ``seats`` (nominations between the proposal dates)."""
    levels = (AreaLevel.COMMUNITY,) if purpose == Purpose.ELECTION else (
        AreaLevel.STREET, AreaLevel.COMMUNITY)  # fmt: skip
    if area is None or area.level not in levels:
        raise DomainError(
            _("Choose a community.") if purpose == Purpose.ELECTION
            else _("Choose a community or a street."),
            code=ErrorCode.INVALID, field="area",
        )  # fmt: skip
    if not permissions.can_lead(actor, area):
        raise DomainError(_("You do not run calls here."), code=ErrorCode.FORBIDDEN, field="area")
    projects = purpose == Purpose.PROJECTS
    call = Call(
        area=area,
        purpose=purpose,
        title=title.strip(),
        description=description.strip(),
        requirements=requirements.strip(),
        proposals_from=proposals_from,
        proposals_until=proposals_until,
        voting_from=voting_from,
        voting_until=voting_until,
        method=method if projects else Method.APPROVAL,
        max_choices=_choices(purpose, method, max_choices, seats),
        # an election: the law's majority and age (居民委员会组织法 art. 14, 15)
        min_age=18 if purpose == Purpose.ELECTION else min_age,
        majority=majority if purpose == Purpose.OPTIONS else 50,
        council=_elected_body(area, council, voting_until) if purpose == Purpose.ELECTION else None,
        created_by=actor,
        budget=yuan(budget, "budget", positive=True) if projects else Decimal(0),
    )
    for kind in ProjectType.values:
        setattr(call, f"cap_{kind}", yuan((caps or {}).get(kind), f"cap_{kind}") if projects else 0)
    checked(call)
    if call.council is not None and call.max_choices > call.council.seats:
        raise DomainError(
            _("%(council)s has %(n)s seats.")
            % {"council": call.council.name, "n": call.council.seats},
            code=ErrorCode.INVALID,
            field="seats",
        )
    if proposals_until < proposals_from:
        raise DomainError(
            _("Ends before it starts."), code=ErrorCode.INVALID, field="proposals_until"
        )
    if timezone.localdate(voting_from) <= proposals_until:
        raise DomainError(
            _("Voting opens after the proposals close."),
            code=ErrorCode.INVALID,
            field="voting_from",
        )
    if voting_until <= voting_from:
        raise DomainError(_("Ends before it starts."), code=ErrorCode.INVALID, field="voting_until")
    if projects and not any(call.cap(k) for k in ProjectType.values):
        raise DomainError(
            _("Allow at least one type of project (a cap above zero)."),
            code=ErrorCode.INVALID,
            field="cap_works",
        )
    call.save()
    return call


MAX_SEATS = 100  # a ballot's choices (Call.max_choices)


def _choices(purpose: str, method: str, max_choices: int, seats: int | None) -> int:
    """How many a voter ticks: up to ``max_choices`` projects (approval voting), one option, or
    as many candidates as there are seats."""
    if purpose == Purpose.OPTIONS:
        return 1
    if purpose == Purpose.ELECTION:
        if not seats or not 1 <= seats <= MAX_SEATS:
            raise DomainError(
                _("Give the seats to fill (1 to %(n)s).") % {"n": MAX_SEATS},
                code=ErrorCode.INVALID,
                field="seats",
            )
        return seats
    return max_choices if method == Method.APPROVAL else 0


def _elected_body(area: Area, council: Council | None, voting_until: dt.datetime) -> Council:
    """The residents' committee or council of ``area`` whose term runs past the vote."""
    if council is None or council.area_id != area.pk or council.kind not in ELECTED_BODIES:
        raise DomainError(
            _("Choose the residents' committee or council of this community to elect."),
            code=ErrorCode.INVALID,
            field="council",
        )
    if council.term_until <= timezone.localdate(voting_until):
        raise DomainError(
            _("The council's term ends before the vote: make the new council (its term) first."),
            code=ErrorCode.INVALID,
            field="council",
        )
    return council


def _proposer(actor: User, unit: OrgUnit) -> str:
    """What kind of proposer the actor is for ``unit`` (refused unless they work for it)."""
    grants = [g for g in permissions.grants(actor) if g.unit_id == unit.pk]
    if not grants:
        raise DomainError(
            _("You propose only for a unit you work for."), code=ErrorCode.FORBIDDEN, field="unit"
        )
    if unit.kind == UnitKind.SOCIAL_ORGANISATION:
        return Proposal.Proposer.SOCIAL_ORG
    if any(g.role == Role.COUNCIL_MEMBER for g in grants):
        return Proposal.Proposer.COUNCIL
    return Proposal.Proposer.UNIT


def _within(call: Call, lon: float | None, lat: float | None) -> None:
    """Refused unless the place (when given) lies in the call's area."""
    if (lon is None) != (lat is None):
        raise DomainError(_("Give both coordinates."), code=ErrorCode.INVALID, field="lon")
    if lon is None or lat is None:
        return
    grid_id = locator.locate_many([(lon, lat)])[0] if -180 <= lon <= 180 else None
    grid = locator.grid(grid_id) if grid_id else None
    if grid is None or not grid.path.startswith(call.area.path):
        raise DomainError(
            _("The place is outside %(area)s.") % {"area": call.area.name},
            code=ErrorCode.NOT_ELIGIBLE,
            field="lon",
        )


def proposal_submit(*, actor: User, call: Call, title: str, description: str,
                    beneficiaries: str, kind: str, cost: Decimal | int, address: str = "",
                    lon: float | None = None, lat: float | None = None,
                    unit: OrgUnit | None = None, resident: Proof | None = None,
                    today: dt.date | None = None) -> Proposal:  # fmt: skip
    """A proposal to ``call``: for ``unit``, or as a resident proving who they are
    (``resident``, checked against the register). Not one transaction: a failed proof still
    counts against the account's limit, so the page is no register oracle."""
    today = today or timezone.localdate()
    if call.purpose != Purpose.PROJECTS:
        raise DomainError(
            _("This vote takes no project proposals."), code=ErrorCode.NOT_ELIGIBLE, field="call"
        )
    taking(call, today, _("Proposals are taken from %(start)s to %(end)s."))
    if unit is not None:
        proposer = _proposer(actor, unit)
    else:
        resident_prove(call=call, proof=resident or Proof("", ""), actor=actor, today=today)
        proposer = Proposal.Proposer.RESIDENT
    if not beneficiaries.strip():
        raise DomainError(_("Say who benefits."), code=ErrorCode.REQUIRED, field="beneficiaries")
    if kind not in ProjectType.values:
        raise DomainError(_("Choose the type."), code=ErrorCode.REQUIRED, field="kind")
    proposal = Proposal(
        call=call,
        title=title.strip(),
        description=description.strip(),
        beneficiaries=beneficiaries.strip(),
        kind=kind,
        cost=yuan(cost, "cost", positive=True),
        address=address.strip(),
        lon=lon,
        lat=lat,
        proposer=proposer,
        proposer_unit=unit,
        submitted_by=actor,
    )
    checked(proposal)
    cap = call.cap(kind)
    if not cap:
        raise DomainError(
            _("This call takes no %(kind)s projects.") % {"kind": ProjectType(kind).label},
            code=ErrorCode.NOT_ELIGIBLE,
            field="kind",
        )
    if proposal.cost > cap:
        raise DomainError(
            _("A %(kind)s project may cost at most %(cap)s yuan in this call.")
            % {"kind": ProjectType(kind).label, "cap": cap},
            code=ErrorCode.NOT_ELIGIBLE,
            field="cost",
        )
    if proposal.cost > call.budget:
        raise DomainError(
            _("The call's whole budget is %(budget)s yuan.") % {"budget": call.budget},
            code=ErrorCode.NOT_ELIGIBLE,
            field="cost",
        )
    _within(call, lon, lat)
    proposal.save()
    return proposal


@transaction.atomic
def proposal_deliberate(*, actor: User, proposal: Proposal, admit: bool, reasons: str,
                        now: dt.datetime | None = None) -> Proposal:  # fmt: skip
    """The council puts a proposal on the ballot or not, with its reasons (评议): a decision
    without reasons is refused."""
    now = now or timezone.now()
    proposal = Proposal.objects.select_for_update().select_related("call__area").get(pk=proposal.pk)
    call = proposal.call
    if not puts_on_ballot(actor, call):
        raise DomainError(
            _("Only the election committee confirms candidates.")
            if call.purpose == Purpose.ELECTION else _("Only the council deliberates."),
            code=ErrorCode.FORBIDDEN, field="reasons",
        )  # fmt: skip
    if proposal.status != Proposal.Status.SUBMITTED:
        raise DomainError(_("This proposal is decided."), code=ErrorCode.DECIDED, field="reasons")
    if now >= proposal.call.voting_from:
        raise DomainError(
            _("Voting has opened: the ballot is fixed."), code=ErrorCode.CLOSED, field="reasons"
        )
    if not reasons.strip():
        raise DomainError(_("Give the reasons."), code=ErrorCode.REQUIRED, field="reasons")
    proposal.status = Proposal.Status.ON_BALLOT if admit else Proposal.Status.REJECTED
    proposal.reasons = reasons.strip()
    proposal.deliberated_by = actor
    proposal.deliberated_at = now
    checked(proposal, only={"reasons"})
    proposal.save(
        update_fields=["status", "reasons", "deliberated_by", "deliberated_at", "updated_at"]
    )
    return proposal
