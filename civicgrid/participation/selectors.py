"""What staff and the public read of calls. Staff see the calls of the areas they work in
(``calls_visible``). The public reads of a call the three musts (三个必公开): the content and who
benefits, the time limits and requirements, the spending — and the full count. Never a person:
no proposer's, voter's, rater's or representative's name, no account, no receipt image; a unit or
social organisation that proposed or carries out a project is named, as an organisation."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Avg, Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.accounts.models import User
from civicgrid.accounts.scope import areas_around
from civicgrid.areas.choices import AreaLevel
from civicgrid.registry.models import Person

from .models import Call, Proposal, Purpose, Spending, Voter


def calls_visible(user: User) -> QuerySet[Call]:
    """The calls of the areas the user works in (all for the district's people)."""
    return Call.objects.filter(area__in=areas_around(user)).select_related("area")


def stage(call: Call, now: dt.datetime | None = None) -> str:
    """collect, deliberate, vote, count, implement (征集, 评议, 投票, 计票, 实施)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    if today < call.proposals_from:
        return "announced"
    if today <= call.proposals_until:
        return "collect"
    if now < call.voting_from:
        return "deliberate"
    if now < call.voting_until:
        return "vote"
    return "implement" if call.status == Call.Status.TALLIED else "count"


def eligible_voters(call: Call) -> int:
    """Registered residents of the area old enough on the day voting closes."""
    closes = timezone.localdate(call.voting_until)
    try:
        born_by = closes.replace(year=closes.year - call.min_age)
    except ValueError:  # 29 February
        born_by = closes.replace(year=closes.year - call.min_age, day=28)
    return (
        Person.objects.filter(active=True, grid__path__startswith=call.area.path)
        .filter(Q(birth_date__lte=born_by) | Q(birth_date=None))
        .count()
    )


def chosen_label(call: Call) -> str:
    """What a ballot's choices are called: projects, candidates or an option."""
    return {
        Purpose.PROJECTS: _("projects chosen"),
        Purpose.ELECTION: _("candidates chosen"),
        Purpose.OPTIONS: _("option chosen"),
    }[Purpose(call.purpose)]


def shown_publicly(call: Call, proposal: Proposal) -> bool:
    """What the public reads of a vote's proposals: every project proposal; of an election only
    the candidates on the ballot (a nominee not put on it is not named)."""
    return call.purpose != Purpose.ELECTION or proposal.status not in (
        Proposal.Status.SUBMITTED,
        Proposal.Status.REJECTED,
    )


def public_calls():
    return Call.objects.filter(
        area__level__in=(AreaLevel.STREET, AreaLevel.COMMUNITY)
    ).select_related("area")


def disclosure(call: Call) -> dict:
    proposals = list(
        Proposal.objects.filter(call=call)
        .select_related("proposer_unit", "project__implementer_unit")
        .order_by("rank", "id")
    )
    spending: dict[int, list[Spending]] = {}
    for s in Spending.objects.filter(project__proposal__call=call).order_by("spent_on", "id"):
        spending.setdefault(s.project_id, []).append(s)
    for p in proposals:
        project = getattr(p, "project", None)
        if project is not None:
            project.payments = spending.get(project.pk, [])
            project.spent = sum((s.amount for s in project.payments), Decimal(0))
            project.steps = list(project.milestones.all())
            project.rated = project.ratings.aggregate(n=Count("id"), average=Avg("score"))
    voters = Voter.objects.filter(call=call).values("channel").annotate(n=Count("id"))
    by_channel = {v["channel"]: v["n"] for v in voters}
    eligible = eligible_voters(call)
    turnout = sum(by_channel.values())
    won = [p for p in proposals if p.status == Proposal.Status.WON]
    return {
        "call": call,
        "stage": stage(call),
        "chosen_label": chosen_label(call),
        "proposals": proposals,
        "public_proposals": [p for p in proposals if shown_publicly(call, p)],
        "nominees": len(proposals),
        "on_ballot": [p for p in proposals if p.status != Proposal.Status.SUBMITTED],
        "won": won,
        "tied": [p for p in proposals if p.status == Proposal.Status.TIED],
        "allocated": sum((p.cost for p in won), Decimal(0)),
        "spent": sum(
            (getattr(getattr(p, "project", None), "spent", Decimal(0)) for p in won), Decimal(0)
        ),
        "voters": turnout,
        "voters_online": by_channel.get(Voter.Channel.ONLINE, 0),
        "voters_paper": by_channel.get(Voter.Channel.PAPER, 0),
        "eligible": eligible,
        "turnout": round(100 * turnout / eligible, 1) if eligible else None,
    }
