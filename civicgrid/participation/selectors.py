"""What the public reads of a call — the three musts (三个必公开): the content and who benefits,
the time limits and requirements, the spending — and the full count. Never a person: no
proposer's, voter's, rater's or representative's name, no account, no receipt image; a unit or
social organisation that proposed or carries out a project is named, as an organisation."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Avg, Count, Q
from django.utils import timezone

from civicgrid.areas.choices import AreaLevel

from .models import Call, Proposal, Spending, Voter


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
    return "implement" if call.tallied_at else "count"


def eligible_voters(call: Call) -> int:
    """Registered residents of the area old enough on the day voting closes."""
    from civicgrid.registry.models import Person

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
    spending = {}
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
        "proposals": proposals,
        "on_ballot": [p for p in proposals if p.status != Proposal.Status.SUBMITTED],
        "won": won,
        "allocated": sum((p.cost for p in won), Decimal(0)),
        "spent": sum((getattr(p.project, "spent", Decimal(0)) for p in won), Decimal(0)),
        "voters": turnout,
        "voters_online": by_channel.get(Voter.Channel.ONLINE, 0),
        "voters_paper": by_channel.get(Voter.Channel.PAPER, 0),
        "eligible": eligible,
        "turnout": round(100 * turnout / eligible, 1) if eligible else None,
    }
