"""Direct elections with open nomination and option votes of all residents: who may nominate and
whom, how many, the ballot, and the count's rules (the roll must turn out, a majority of the
ballots, a tie for the last seat left to a run-off); the elected join the committee."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from civicgrid.core.errors import DomainError
from civicgrid.participation.council_models import Council, Election
from civicgrid.participation.elections import decide, nominate, option_add
from civicgrid.participation.models import Call, Proposal
from civicgrid.participation.services import call_create, proposal_deliberate, proposal_submit
from civicgrid.participation.tally import call_tally, recount
from civicgrid.participation.voting import Proof, ballot_cast
from civicgrid.registry.tests.factories import person

from .fixtures import CLOSED, PROPOSING, SH, VOTING

SETTING = VOTING.replace(month=3, day=20)  # the options are set while the call takes them

pytestmark = pytest.mark.django_db


@settings(max_examples=300, deadline=None)
@given(
    votes=st.lists(st.integers(0, 20), min_size=1, max_size=8),
    seats=st.integers(1, 4),
    ballots=st.integers(1, 30),
    majority=st.sampled_from([50, 66, 75]),
)
def test_decide_against_pen_and_paper(votes, seats, ballots, majority):
    rows = list(enumerate(votes))
    outcome = decide(rows, seats=seats, ballots=ballots, majority=majority)
    enough = sorted((v for v in votes if v * 100 > majority * ballots), reverse=True)
    assert len(outcome.elected) <= seats
    assert all(votes[k] * 100 > majority * ballots for k in outcome.elected + outcome.tied)
    if len(enough) > seats and enough[seats] == enough[seats - 1]:
        assert outcome.tied and len(outcome.elected) < seats
        assert {votes[k] for k in outcome.tied} == {enough[seats - 1]}
    else:
        assert not outcome.tied
        assert sorted((votes[k] for k in outcome.elected), reverse=True) == enough[:seats]


def _committee(tree) -> Council:
    return Council.objects.create(
        area=tree.community, kind=Council.Kind.COMMITTEE, name="东一社区居民委员会",
        term_from=dt.date(2026, 1, 1), term_until=dt.date(2030, 12, 31), seats=5,
    )  # fmt: skip


def _election(tree, manager, council, seats=2) -> Call:
    return call_create(
        actor=manager, area=tree.community, purpose="election", title="第十二届居委会选举",
        council=council, seats=seats, proposals_from=dt.date(2026, 3, 1),
        proposals_until=dt.date(2026, 3, 31), voting_from=VOTING,
        voting_until=dt.datetime(2026, 4, 20, 18, tzinfo=SH),
    )  # fmt: skip


def _proof(resident) -> Proof:
    return Proof(resident[1], resident[2])


def test_an_election_is_of_a_community_and_its_committee(tree, micro):
    council = _committee(tree)
    with pytest.raises(DomainError) as err:
        _election(tree, micro.manager, None)
    assert err.value.field == "council"
    with pytest.raises(DomainError) as err:
        _election(tree, micro.manager, council, seats=0)
    assert err.value.field == "seats"
    with pytest.raises(DomainError) as err:
        call_create(actor=micro.manager, area=tree.street, purpose="election", title="x",
                    council=council, seats=2, proposals_from=dt.date(2026, 3, 1),
                    proposals_until=dt.date(2026, 3, 31), voting_from=VOTING,
                    voting_until=CLOSED)  # fmt: skip
    assert err.value.field == "area"
    with pytest.raises(DomainError) as err:
        _election(tree, micro.manager, council, seats=6)  # the committee has 5
    assert err.value.field == "seats"
    ended = Council.objects.create(
        area=tree.community, kind=Council.Kind.COMMITTEE, name="上届居委会",
        term_from=dt.date(2021, 1, 1), term_until=dt.date(2026, 4, 1), seats=5,
    )  # fmt: skip
    with pytest.raises(DomainError) as err:
        _election(tree, micro.manager, ended)
    assert err.value.field == "council"
    call = _election(tree, micro.manager, council)
    assert (call.max_choices, call.budget, call.method) == (2, 0, "approval")
    with pytest.raises(DomainError) as err:
        proposal_submit(actor=micro.council, call=call, title="x", description="x",
                        beneficiaries="x", kind="works", cost=1, today=PROPOSING)  # fmt: skip
    assert err.value.field == "call"


def test_open_nomination(tree, micro):
    call = _election(tree, micro.manager, _committee(tree))
    r = micro.residents
    first = nominate(actor=micro.council, call=call, nominator=_proof(r[0]),
                     candidate=_proof(r[1]), description="热心公益", today=PROPOSING)  # fmt: skip
    assert (first.title, first.nominations, first.person_id) == ("居民2", 1, r[1][0].pk)
    again = nominate(actor=micro.council, call=call, nominator=_proof(r[2]),
                     candidate=_proof(r[1]), today=PROPOSING)  # fmt: skip
    assert again.pk == first.pk and again.nominations == 2
    with pytest.raises(DomainError) as err:  # the same nominator, the same candidate
        nominate(actor=micro.council, call=call, nominator=_proof(r[0]),
                 candidate=_proof(r[1]), today=PROPOSING)  # fmt: skip
    assert err.value.field == "candidate_name"
    nominate(actor=micro.council, call=call, nominator=_proof(r[0]), candidate=_proof(r[0]),
             today=PROPOSING)  # a resident may put themselves forward  # fmt: skip
    with pytest.raises(DomainError) as err:  # as many as there are seats
        nominate(actor=micro.council, call=call, nominator=_proof(r[0]),
                 candidate=_proof(r[3]), today=PROPOSING)  # fmt: skip
    assert err.value.field == "candidate_name"
    with pytest.raises(DomainError) as err:  # at the quota: refused before the look-up
        nominate(actor=micro.council, call=call, nominator=_proof(r[0]),
                 candidate=Proof(*micro.outsider[1:]), today=PROPOSING)  # fmt: skip
    assert err.value.field == "candidate_name"
    with pytest.raises(DomainError) as err:  # a candidate from elsewhere
        nominate(actor=micro.council, call=call, nominator=_proof(r[3]),
                 candidate=Proof(*micro.outsider[1:]), today=PROPOSING)  # fmt: skip
    assert err.value.field == "candidate_id_number"
    with pytest.raises(DomainError) as err:  # a nominator from elsewhere
        nominate(actor=micro.council, call=call, nominator=Proof(*micro.outsider[1:]),
                 candidate=_proof(r[3]), today=PROPOSING)  # fmt: skip
    assert err.value.field == "id_number"
    with pytest.raises(DomainError) as err:
        nominate(actor=micro.council, call=call, nominator=_proof(r[3]),
                 candidate=_proof(r[4]), today=dt.date(2026, 4, 1))  # fmt: skip
    assert err.value.field == "call"
    assert Proposal.objects.filter(call=call).count() == 2
    assert not Proposal.objects.filter(call=call).exclude(submitted_by=None).exists()


def _nominated(tree, micro, seats=2):
    council = _committee(tree)
    call = _election(tree, micro.manager, council, seats=seats)
    r = micro.residents
    candidates = []
    for n, who in enumerate(r[:3]):
        c = nominate(actor=micro.council, call=call, nominator=_proof(r[n + 3]),
                     candidate=_proof(who), today=PROPOSING)  # fmt: skip
        candidates.append(c)
    with pytest.raises(DomainError):  # candidates are confirmed by the election committee
        proposal_deliberate(actor=micro.council, proposal=candidates[0], admit=True,
                            reasons="x", now=VOTING - dt.timedelta(1))  # fmt: skip
    for c in candidates:
        proposal_deliberate(actor=micro.manager, proposal=c, admit=True,
                            reasons="经居民提名，符合条件", now=VOTING - dt.timedelta(1))  # fmt: skip
    return council, call, candidates


def _vote(call, micro, ballots):
    at = VOTING + dt.timedelta(hours=1)
    for resident, choices in zip(micro.residents, ballots, strict=False):
        ballot_cast(call=call, person=resident[0], choices=[c.pk for c in choices], now=at)


def test_the_elected_join_the_committee(tree, micro):
    council, call, (a, b, c) = _nominated(tree, micro)
    with pytest.raises(DomainError) as err:
        _vote(call, micro, [[a, b, c]])
    assert err.value.field == "choices"
    _vote(call, micro, [[a, b], [a, b], [a, c], [a], [b]])  # 5 of a roll of 6
    result = call_tally(actor=micro.manager, call=call, now=CLOSED)
    assert result.stands
    call.refresh_from_db()
    assert (call.roll, call.ballots, call.stands) == (6, 5, True)
    statuses = {p.pk: (p.votes, p.status) for p in Proposal.objects.filter(call=call)}
    assert statuses == {a.pk: (4, "won"), b.pk: (3, "won"), c.pk: (1, "lost")}
    election = Election.objects.get(call=call)
    assert (election.eligible, election.ballots, election.seats) == (6, 5, 2)
    assert {m.person_id for m in council.members.all()} == {a.person_id, b.person_id}
    assert recount(Call.objects.get(pk=call.pk))[0]
    Call.objects.filter(pk=call.pk).update(stands=False)
    assert not recount(Call.objects.get(pk=call.pk))[0]


def test_too_few_voters_the_election_does_not_stand(tree, micro):
    council, call, (a, b, _c) = _nominated(tree, micro)
    _vote(call, micro, [[a, b], [a, b], [a]])  # 3 of 6: not more than half
    assert not call_tally(actor=micro.manager, call=call, now=CLOSED).stands
    assert not Proposal.objects.filter(call=call, status="won").exists()
    assert not Election.objects.filter(call=call).exists()
    assert not council.members.exists()


def test_a_tie_for_the_last_seat_is_left_to_a_run_off(tree, micro):
    _council, call, (a, b, c) = _nominated(tree, micro)
    _vote(call, micro, [[a, b], [a, c], [a, b], [a, c], [b, c]])
    call_tally(actor=micro.manager, call=call, now=CLOSED)
    statuses = {p.pk: p.status for p in Proposal.objects.filter(call=call)}
    assert statuses == {a.pk: "won", b.pk: "tied", c.pk: "tied"}
    assert not Election.objects.filter(call=call).exists()  # the run-off's election is recorded
    assert not _council.members.exists()


def _option_vote(tree, micro, majority=50) -> Call:
    return call_create(
        actor=micro.manager, area=tree.street, purpose="options", title="老旧小区整治还是征迁",
        majority=majority, proposals_from=dt.date(2026, 3, 1),
        proposals_until=dt.date(2026, 3, 31), voting_from=VOTING,
        voting_until=dt.datetime(2026, 4, 20, 18, tzinfo=SH),
    )  # fmt: skip


def test_an_option_vote(tree, micro):
    from civicgrid.accounts.choices import Role, UnitKind
    from civicgrid.accounts.tests.factories import unit_for

    from .fixtures import _user

    lead = _user("street-lead", unit_for(tree.street, UnitKind.STREET_OFFICE), Role.LEADER)
    micro.manager = lead
    call = _option_vote(tree, micro, majority=75)
    with pytest.raises(DomainError) as err:
        option_add(actor=micro.council, call=call, title="整治", description="原址改造",
                   now=SETTING)  # fmt: skip
    assert err.value.field == "call"
    keep = option_add(actor=lead, call=call, title="整治", description="原址改造",
                      now=SETTING)  # fmt: skip
    move = option_add(actor=lead, call=call, title="征迁", description="拆除重建，居民安置",
                      now=SETTING)  # fmt: skip
    with pytest.raises(DomainError) as err:
        option_add(actor=lead, call=call, title="整治", description="again",
                   now=SETTING)  # fmt: skip
    assert err.value.field == "title"
    for too_late in (VOTING, VOTING.replace(month=2)):  # voting opened; not yet taking options
        with pytest.raises(DomainError) as err:
            option_add(actor=lead, call=call, title="观望", description="x", now=too_late)
        assert err.value.code == "closed"
    with pytest.raises(DomainError) as err:
        _vote(call, micro, [[keep, move]])
    assert err.value.field == "choices"
    person("东二", tree.grid2, n=52)  # a street's roll: its communities' residents
    _vote(call, micro, [[keep], [keep], [keep], [keep], [move], [move]])  # 6 of 7
    call_tally(actor=lead, call=call, now=CLOSED)
    call.refresh_from_db()
    assert (call.roll, call.stands) == (7, True)
    # 4 of 6 ballots is not more than 75 %: neither option is carried
    assert set(Proposal.objects.filter(call=call).values_list("status", flat=True)) == {"lost"}


def test_the_figures_of_votes(tree, micro):
    from civicgrid.participation.figures import behind, counts

    _council, call, (a, b, _c) = _nominated(tree, micro)
    _vote(call, micro, [[a, b], [a, b], [a], [a], [b]])
    call_tally(actor=micro.manager, call=call, now=CLOSED)
    day = dt.date(2026, 4, 20)  # voting closed
    got = counts([tree.street, tree.other_community], day, day)
    assert (got[tree.street.pk]["pt_elections"], got[tree.street.pk]["pt_elections_stood"]) == (
        1,
        1,
    )
    assert got[tree.other_community.pk]["pt_elections"] == 0
    rows = behind(micro.manager, "pt_elections_stood", tree.street, day, day)
    assert [r.url for r in rows] == [f"/participation/{call.pk}/"]
    assert behind(micro.council, "pt_elections", tree.other_community, day, day) == []


def test_an_opinion_is_never_routed_to_a_candidate(tree, micro):
    from civicgrid.participation.opinions import opinion_collect, opinion_route

    _council, _call, (a, _b, _c) = _nominated(tree, micro)
    opinion = opinion_collect(actor=micro.manager, area=tree.community, channel="visit",
                              text="希望加装路灯", collected_on=PROPOSING)  # fmt: skip
    with pytest.raises(DomainError) as err:
        opinion_route(actor=micro.manager, opinion=opinion, to="proposal", proposal=a)
    assert err.value.field == "proposal"
