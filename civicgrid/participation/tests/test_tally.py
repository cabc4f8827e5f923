"""The tally: by votes, skipping a project that no longer fits the remaining budget, ties to the
cheaper then the earlier project; reproducible from the stored ballots; checked against an
independent, straightforward recount on random elections."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from civicgrid.core.errors import DomainError
from civicgrid.participation.models import Ballot, Project, Proposal
from civicgrid.participation.tally import call_tally, choose, recount
from civicgrid.participation.voting import ballot_cast, paper_enter, paper_issue

from .fixtures import CLOSED, VOTING

pytestmark = pytest.mark.django_db


def naive(projects, ballots, budget):
    """The rule as a resident would apply it with pen and paper."""
    votes = {pk: 0 for pk, _ in projects}
    for ballot in ballots:
        for pk in ballot:
            votes[pk] += 1
    cost = dict(projects)
    remaining = budget
    won, skipped = [], []
    while votes:
        best = max(votes.values())
        tied = [pk for pk, v in votes.items() if v == best]
        cheapest = min(cost[pk] for pk in tied)
        pk = min(pk for pk in tied if cost[pk] == cheapest)
        if best > 0 and cost[pk] <= remaining:
            won.append(pk)
            remaining -= cost[pk]
        elif best > 0:
            skipped.append(pk)
        del votes[pk]
    return won, skipped


@settings(max_examples=300, deadline=None)
@given(
    costs=st.lists(st.integers(1, 50), min_size=1, max_size=8),
    ballots=st.lists(st.sets(st.integers(0, 7)), max_size=40),
    budget=st.integers(0, 150),
)
def test_against_an_independent_recount(costs, ballots, budget):
    projects = [(pk, Decimal(c)) for pk, c in enumerate(costs)]
    ballots = [[pk for pk in b if pk < len(costs)] for b in ballots]
    votes = {}
    for b in ballots:
        for pk in b:
            votes[pk] = votes.get(pk, 0) + 1
    rows = choose(projects, votes, Decimal(budget))
    won, skipped = naive(projects, ballots, Decimal(budget))
    assert [r.proposal_id for r in rows if r.outcome == "won"] == won
    assert [r.proposal_id for r in rows if r.outcome == "skipped"] == skipped
    assert sum(c for pk, c in projects if pk in won) <= budget
    assert [r.rank for r in rows] == list(range(1, len(rows) + 1))


def test_greedy_with_skipping_and_the_tie_break():
    # 100 to spend: A (60, 5 votes) wins; B (50, 4) no longer fits; C (40, 3) and D (30, 3) tie —
    # the cheaper D first (30 of the 40 left), then C (40) no longer fits; E has no vote
    projects = [(1, Decimal(60)), (2, Decimal(50)), (3, Decimal(40)), (4, Decimal(30)), (5, 10)]
    rows = choose(projects, {1: 5, 2: 4, 3: 3, 4: 3}, Decimal(100))
    assert [(r.proposal_id, r.outcome) for r in rows] == [
        (1, "won"),
        (2, "skipped"),
        (4, "won"),
        (3, "skipped"),
        (5, "lost"),
    ]


def test_the_tally_is_stored_reproducible_and_made_projects(micro):
    a, b, c = (p.pk for p in micro.proposals)  # 50,000 · 30,000 · 20,000; budget 100,000
    for n, choices in enumerate([[a, b], [a], [b, c], [c], [a, c], [b]]):
        ballot_cast(call=micro.call, person=micro.residents[n][0], choices=choices, now=VOTING)
    with pytest.raises(DomainError) as caught:
        call_tally(actor=micro.manager, call=micro.call, now=VOTING)
    assert caught.value.code == "closed"
    with pytest.raises(DomainError):
        call_tally(actor=micro.council, call=micro.call, now=CLOSED)  # not the council's to count
    result = call_tally(actor=micro.manager, call=micro.call, now=CLOSED)
    assert result.ballots == 6 and result.spent == Decimal(100000)
    got = {p.title: (p.votes, p.status) for p in Proposal.objects.all()}
    assert got == {
        "加装楼道扶手": (3, "won"),
        "长者助餐服务": (3, "won"),
        "更换健身器材": (3, "won"),
    }
    assert Project.objects.count() == 3
    micro.call.refresh_from_db()
    same, again = recount(micro.call)
    assert same and again.digest == micro.call.tally_digest
    Ballot.objects.filter(call=micro.call).first().delete()  # a ballot lost after the count
    assert recount(micro.call)[0] is False
    with pytest.raises(DomainError) as caught:
        call_tally(actor=micro.manager, call=micro.call, now=CLOSED)
    assert caught.value.code == "decided"


def test_unconfirmed_papers_hold_the_count(micro):
    paper_issue(actor=micro.manager, call=micro.call, person=micro.residents[0][0], now=VOTING)
    paper_enter(actor=micro.manager, call=micro.call, number="1", choices=[micro.proposals[0].pk])
    with pytest.raises(DomainError) as caught:
        call_tally(actor=micro.manager, call=micro.call, now=CLOSED + dt.timedelta(hours=1))
    assert caught.value.code == "pending"
