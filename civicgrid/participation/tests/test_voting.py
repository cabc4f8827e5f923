"""Voting: registered residents of the area only, one ballot each (changed until the close),
the call's rules on choices, paper ballots counted as papers with a second-person check, and no
way for staff to see who voted for what."""

import datetime as dt

import pytest
from django.db import connection

from civicgrid.core.errors import DomainError
from civicgrid.participation.models import Ballot, PaperEntry, Proposal, Voter
from civicgrid.participation.services import proposal_deliberate, proposal_submit
from civicgrid.participation.voting import (
    Proof,
    ballot_cast,
    ballot_of,
    paper_confirm,
    paper_enter,
    paper_issue,
    person_key,
    resident_prove,
)

from .fixtures import PROPOSING, VOTING, make_call

pytestmark = pytest.mark.django_db


def ids(micro, *n):
    return [micro.proposals[i].pk for i in n]


def test_registered_residents_only(micro):
    person, name, number = micro.residents[0]
    assert resident_prove(call=micro.call, proof=Proof(name, number)) == person
    _, oname, onumber = micro.outsider
    for args, field in (
        ((oname, onumber), "id_number"),  # lives in another community
        (("别人", number), "id_number"),  # the name does not match
        ((name, "310104198001011234"), "id_number"),  # not a valid number
        ((name, "110101199003070011"), "id_number"),  # valid, but nobody in the register
        (("", number), "name"),
    ):
        with pytest.raises(DomainError) as caught:
            resident_prove(call=micro.call, proof=Proof(*args))
        assert caught.value.field == field
    person.active = False  # moved away
    person.save()
    with pytest.raises(DomainError):
        resident_prove(call=micro.call, proof=Proof(name, number))


def test_too_young_to_vote(micro):
    person, name, number = micro.residents[1]
    person.birth_date = dt.date(2010, 1, 1)
    person.save()
    with pytest.raises(DomainError) as caught:
        resident_prove(call=micro.call, proof=Proof(name, number))
    assert caught.value.code == "not_eligible" and "18" in caught.value.message


def test_one_ballot_per_person_changed_until_the_close(micro):
    person = micro.residents[0][0]
    assert (
        ballot_cast(call=micro.call, person=person, choices=ids(micro, 0), now=VOTING).changed
        is False
    )
    again = ballot_cast(call=micro.call, person=person, choices=ids(micro, 1, 2), now=VOTING)
    assert again.changed is True
    assert Ballot.objects.count() == 1 and Voter.objects.count() == 1
    assert ballot_of(micro.call, person) == sorted(ids(micro, 1, 2))
    with pytest.raises(DomainError) as caught:
        ballot_cast(
            call=micro.call, person=person, choices=ids(micro, 0), now=micro.call.voting_until
        )
    assert caught.value.code == "closed"
    with pytest.raises(DomainError):
        ballot_cast(
            call=micro.call, person=person, choices=ids(micro, 0), now=VOTING - dt.timedelta(1)
        )


@pytest.mark.parametrize(
    ("choices", "field"),
    [
        ([], "choices"),  # a choice that is no number is the form's or the schema's to refuse
        ("dup", "choices"),
        ("three", "choices"),  # approval: at most 2
        ([999999], "choices.0"),
        ("rejected", "choices.0"),
    ],
)
def test_choices_follow_the_rules(micro, choices, field):
    if choices == "dup":
        choices = ids(micro, 0, 0)
    elif choices == "three":
        choices = ids(micro, 0, 1, 2)
    elif choices == "rejected":
        p = proposal_submit(
            actor=micro.council,
            call=micro.call,
            unit=micro.council.assignments.get().unit,
            title="x",
            description="x",
            beneficiaries="x",
            kind="goods",
            cost=1,
            today=PROPOSING,
        )
        proposal_deliberate(
            actor=micro.council, proposal=p, admit=False, reasons="重复", now=PROPOSING_DT
        )
        choices = [p.pk]
    with pytest.raises(DomainError) as caught:
        ballot_cast(call=micro.call, person=micro.residents[0][0], choices=choices, now=VOTING)
    assert caught.value.field == field
    assert not Ballot.objects.exists() and not Voter.objects.exists()


PROPOSING_DT = VOTING - dt.timedelta(days=20)


def test_budget_voting_keeps_within_the_budget(micro, tree):
    call = make_call(tree, micro.manager, method="budget", budget=80000)
    Proposal.objects.filter(pk__in=ids(micro, 0, 1, 2)).update(call=call)
    person = micro.residents[0][0]
    with pytest.raises(DomainError) as caught:  # 50,000 + 30,000 + 20,000 > 80,000
        ballot_cast(call=call, person=person, choices=ids(micro, 0, 1, 2), now=VOTING)
    assert caught.value.code == "over_budget"
    ballot_cast(call=call, person=person, choices=ids(micro, 0, 1), now=VOTING)  # 80,000: fits


def test_paper_ballots(micro):
    person = micro.residents[2][0]
    with pytest.raises(DomainError) as caught:  # no paper taken yet
        paper_enter(actor=micro.manager, call=micro.call, number="P-001", choices=ids(micro, 0))
    assert caught.value.field == "number"
    paper_issue(actor=micro.manager, call=micro.call, person=person, now=VOTING)
    with pytest.raises(DomainError) as caught:  # once only
        paper_issue(actor=micro.manager, call=micro.call, person=person, now=VOTING)
    assert caught.value.code == "already_voted"
    with pytest.raises(DomainError) as caught:  # and not online too
        ballot_cast(call=micro.call, person=person, choices=ids(micro, 0), now=VOTING)
    assert caught.value.code == "already_voted"
    entry = paper_enter(actor=micro.manager, call=micro.call, number="P-001", choices=ids(micro, 1))
    assert not Ballot.objects.exists()  # not counted before the second entry
    with pytest.raises(DomainError) as caught:
        paper_confirm(actor=micro.manager, entry=entry, choices=ids(micro, 1))
    assert caught.value.code == "forbidden"  # not the same person
    with pytest.raises(DomainError) as caught:
        paper_confirm(actor=micro.clerk, entry=entry, choices=ids(micro, 2))
    assert caught.value.code == "mismatch"
    ballot = paper_confirm(actor=micro.clerk, entry=entry, choices=ids(micro, 1))
    assert ballot.paper and ballot.choices == ids(micro, 1)
    with pytest.raises(DomainError):
        paper_confirm(actor=micro.clerk, entry=entry, choices=ids(micro, 1))
    online = micro.residents[3][0]
    ballot_cast(call=micro.call, person=online, choices=ids(micro, 0), now=VOTING)
    with pytest.raises(DomainError) as caught:  # voted online: no paper
        paper_issue(actor=micro.manager, call=micro.call, person=online, now=VOTING)
    assert caught.value.code == "already_voted"
    with pytest.raises(DomainError):  # the council does not run the count
        paper_issue(actor=micro.council, call=micro.call, person=micro.residents[4][0], now=VOTING)
    assert PaperEntry.objects.get().confirmed_by == micro.clerk


def test_staff_cannot_see_who_voted_for_what(micro):
    """Nothing stored ties a name, a person or an order of voting to a ballot."""
    for n, (person, _, _) in enumerate(micro.residents[:4]):
        ballot_cast(call=micro.call, person=person, choices=ids(micro, n % 3), now=VOTING)
    voters = list(Voter.objects.values_list("person_key", flat=True))
    ballots = list(Ballot.objects.values_list("key", flat=True))
    assert not set(voters) & set(ballots)  # the roll and the ballots do not share a key
    persons = {str(p.pk) for p, _, _ in micro.residents} | {n for _, n, _ in micro.residents}
    ballot_columns = {f.column for f in Ballot._meta.get_fields() if hasattr(f, "column")}
    assert ballot_columns == {"id", "call_id", "key", "choices", "paper"}  # no time, no person
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {Ballot._meta.db_table}")
        raw = " ".join(str(v) for row in cursor.fetchall() for v in row)
    assert not any(name in raw for name in persons if not name.isdigit())
    person = micro.residents[0][0]
    assert person_key("ballot", micro.call, person) in ballots  # only the person's proof finds it
    assert person_key("voter", micro.call, person) in voters
