"""Rating and assessment rounds move only by the table, through one writer: each step on the
record (who, when, from, to, why), a refused step changes nothing, a closed round takes no sheet,
score or appeal, and of two steps taken on one round at once exactly one stands."""

import datetime as dt
import itertools
import threading

import pytest
from django.db import OperationalError, connection, connections
from django.urls import reverse
from django.utils import timezone

from civicgrid.accounts.choices import Role
from civicgrid.accounts.models import User
from civicgrid.accounts.tests.factories import user_with_role
from civicgrid.core.errors import DomainError, NotPermitted
from civicgrid.evaluation import transitions
from civicgrid.evaluation.assessments import appeal_file, item_score
from civicgrid.evaluation.choices import RoundAction, RoundState
from civicgrid.evaluation.models import AssessmentRoundStep, RatingRoundStep, RatingSheet
from civicgrid.evaluation.rounds import sheet_save
from civicgrid.evaluation.workflow import assessment_round_transition, rating_round_transition

from .test_assessments import evidence, party_round
from .test_rounds import a_round, levels, raters

NOW = dt.datetime(2026, 11, 23, 2, tzinfo=dt.UTC)


def test_the_table_exhaustively():
    """Every (state, action): closing an open round and reopening a closed one, nothing else."""
    expected = {
        ("open", "close"): "closed",
        ("closed", "reopen"): "open",
    }
    for state, action in itertools.product(RoundState.values, RoundAction.values):
        assert transitions.round_next(state, action) == expected.get((state, action))
    assert set(transitions.ROUND) == set(expected)


def admin() -> User:
    return User.objects.create_superuser("root", password="pw-for-tests-123")


@pytest.mark.django_db
def test_a_rating_round_s_steps_are_on_the_record(loop):
    rnd, root = a_round(), admin()
    street = raters(loop, 1)[0]
    with pytest.raises(NotPermitted):  # a leader of the grid centre does not run rounds
        rating_round_transition(round_id=rnd.pk, action=RoundAction.CLOSE, actor=loop.leader,
                                now=NOW)  # fmt: skip
    rating_round_transition(round_id=rnd.pk, action=RoundAction.CLOSE, actor=root, now=NOW,
                            note="评议结束")  # fmt: skip
    rnd.refresh_from_db()
    assert rnd.state == "closed" and not rnd.is_open()
    with pytest.raises(DomainError) as caught:  # closed: no sheet, though its dates are open
        sheet_save(rnd=rnd, rater=street, unit=loop.department, levels=levels(rnd, 5, 5, 5))
    assert caught.value.code == "closed" and not RatingSheet.objects.exists()
    with pytest.raises(DomainError) as caught:  # closed already: nothing changes
        rating_round_transition(round_id=rnd.pk, action=RoundAction.CLOSE, actor=root, now=NOW)
    assert caught.value.code == "conflict"
    rating_round_transition(round_id=rnd.pk, action=RoundAction.REOPEN, actor=root, now=NOW)
    sheet_save(rnd=rnd, rater=street, unit=loop.department, levels=levels(rnd, 5, 5, 5))
    assert [
        (s.action, s.from_state, s.to_state, s.actor.username, s.note, s.at)
        for s in RatingRoundStep.objects.filter(round=rnd).order_by("id")
    ] == [
        ("close", "open", "closed", "root", "评议结束", NOW),
        ("reopen", "closed", "open", "root", "", NOW),
    ]


@pytest.mark.django_db
def test_an_assessment_round_s_steps_are_on_the_record(loop):
    scheme, rnd = party_round(loop)
    root = admin()
    street = rnd.assessments.get(unit=loop.street_office)
    item = next(i for i in scheme.items.all() if i.rule == "deduction")
    score = item_score(assessment=street, item=item, value="1", actor=loop.leader)
    assessment_round_transition(round_id=rnd.pk, action=RoundAction.CLOSE, actor=root, now=NOW)
    rnd.refresh_from_db()
    assert rnd.closed
    with pytest.raises(DomainError) as caught:  # final: no score …
        item_score(assessment=street, item=item, value="0", actor=loop.leader,
                   evidence=evidence())  # fmt: skip
    assert caught.value.code == "closed"
    member = user_with_role("party-secretary", loop.tree.street, Role.GRID_LEADER)
    with pytest.raises(DomainError) as caught:  # … and no appeal
        appeal_file(score=score, reason="已整改", actor=member)
    assert caught.value.code == "closed"
    assert AssessmentRoundStep.objects.get(round=rnd).to_state == "closed"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_closings_at_once_leave_one(loop):
    """Given an open rating round, when two administrators make its results final at the same
    moment (two connections), then one of them does it and the other is refused: on PostgreSQL
    it waits for the row lock and finds the round closed; SQLite's in-memory test database
    refuses its transaction at once."""
    rnd = a_round()
    first = admin()
    second = User.objects.create_superuser("root2", password="pw-for-tests-123")
    barrier = threading.Barrier(2)
    results = {}

    def attempt(actor):
        try:
            barrier.wait()
            rating_round_transition(
                round_id=rnd.pk, action=RoundAction.CLOSE, actor=actor, now=timezone.now()
            )
            results[actor.username] = "done"
        except DomainError as exc:
            results[actor.username] = exc.code
        except OperationalError:  # SQLite's shared in-memory test database: locked, no wait
            assert connection.vendor == "sqlite"
            results[actor.username] = "conflict"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(who,)) for who in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results.values()) == ["conflict", "done"], results
    steps = list(RatingRoundStep.objects.filter(round=rnd))
    assert len(steps) == 1 and results[steps[0].actor.username] == "done"
    rnd.refresh_from_db()
    assert rnd.state == "closed"


@pytest.mark.django_db
def test_the_admin_moves_rounds_only_through_the_writer(client, loop):
    rnd, root = a_round(), admin()
    client.force_login(root)
    changelist = reverse("admin:evaluation_ratinground_changelist")
    client.post(changelist, {"action": "close", "_selected_action": [rnd.pk]})
    client.post(changelist, {"action": "close", "_selected_action": [rnd.pk]})  # refused
    rnd.refresh_from_db()
    assert rnd.state == "closed"
    assert [s.to_state for s in RatingRoundStep.objects.filter(round=rnd)] == ["closed"]
    page = client.get(reverse("admin:evaluation_ratinground_change", args=[rnd.pk]))
    assert page.status_code == 200 and 'name="state"' not in page.content.decode()
