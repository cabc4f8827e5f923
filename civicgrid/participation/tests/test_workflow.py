"""The meeting's and the call's workflows: the tables, exhaustively and without the database; the
one writer records each step (who, when, from, to, why); and two steps on one object at the same
moment leave exactly one winner (real threads, on SQLite and PostgreSQL)."""

import datetime as dt
import itertools
import threading
import time

import pytest
from django.db import OperationalError, connections

from civicgrid.core.errors import DomainError
from civicgrid.participation import councils, tally
from civicgrid.participation.choices import CallAction, MeetingAction
from civicgrid.participation.models import Call, CallStep, Meeting, MeetingStep
from civicgrid.participation.transitions import (
    CALL_TRANSITIONS,
    MEETING_TRANSITIONS,
    call_next,
    meeting_next,
)

from .fixtures import CLOSED, SH

DAY = dt.datetime(2026, 5, 6, 19, tzinfo=SH)

MEETING_ALLOWED = {
    ("planned", "hold"): "held",
    ("planned", "cancel"): "cancelled",
    ("held", "publish"): "held",
}


@pytest.mark.parametrize(
    "state, action", list(itertools.product(Meeting.Status.values, MeetingAction.values))
)
def test_the_meeting_table_state_by_action(state, action):
    assert meeting_next(state, action) == MEETING_ALLOWED.get((state, action))


@pytest.mark.parametrize(
    "state, action", list(itertools.product(Call.Status.values, CallAction.values))
)
def test_the_call_table_state_by_action(state, action):
    expected = "tallied" if (state, action) == ("open", "tally") else None
    assert call_next(state, action) == expected


def test_the_tables_name_only_known_states_and_actions():
    for (state, action), target in MEETING_TRANSITIONS.items():
        assert {state, target} <= set(Meeting.Status.values) and action in MeetingAction.values
    for (state, action), target in CALL_TRANSITIONS.items():
        assert {state, target} <= set(Call.Status.values) and action in CallAction.values
    # a cancelled meeting and a counted call are final
    assert not [k for k in MEETING_TRANSITIONS if k[0] == Meeting.Status.CANCELLED]
    assert not [k for k in CALL_TRANSITIONS if k[0] == Call.Status.TALLIED]


def _meeting(micro):
    meeting = councils.meeting_call(
        actor=micro.council, area=micro.call.area, kind="hearing", title="听证会",
        agenda="议程", starts_at=DAY, place="社区", invite=[("王工", "住建委")],
    )  # fmt: skip
    councils.attendee_sign_in(actor=micro.council, attendee=meeting.attendees.get(), now=DAY)
    return meeting


@pytest.mark.django_db
def test_each_step_is_on_the_record(micro):
    meeting = _meeting(micro)
    councils.meeting_hold(actor=micro.council, meeting=meeting, minutes="纪要", now=DAY)
    councils.meeting_publish(actor=micro.manager, meeting=meeting, summary="摘要", now=DAY)
    with pytest.raises(DomainError) as caught:  # held: no longer cancelled
        councils.meeting_cancel(actor=micro.council, meeting=meeting, reason="改期")
    assert caught.value.code == "closed"
    steps = list(MeetingStep.objects.filter(meeting=meeting).values_list(
        "action", "from_state", "to_state", "actor__username", "at"))  # fmt: skip
    assert steps == [
        ("hold", "planned", "held", micro.council.username, DAY),
        ("publish", "held", "held", micro.manager.username, DAY),
    ]
    other = _meeting(micro)
    councils.meeting_cancel(actor=micro.council, meeting=other, reason="台风预警，改期")
    step = MeetingStep.objects.get(meeting=other)
    assert (step.action, step.to_state, step.note) == ("cancel", "cancelled", "台风预警，改期")
    assert Meeting.objects.get(pk=other.pk).status == "cancelled"


@pytest.mark.django_db
def test_a_refused_step_changes_nothing(micro):
    meeting = councils.meeting_call(
        actor=micro.council, area=micro.call.area, kind="hearing", title="听证会",
        agenda="议程", starts_at=DAY, place="社区", invite=[("王工", "住建委")],
    )  # fmt: skip
    with pytest.raises(DomainError):  # nobody signed in
        councils.meeting_hold(actor=micro.council, meeting=meeting, minutes="纪要")
    with pytest.raises(DomainError) as caught:
        councils.meeting_cancel(actor=micro.council, meeting=meeting, reason="x" * 2001)
    assert caught.value.field == "note" and caught.value.code == "too_long"
    assert Meeting.objects.get(pk=meeting.pk).status == "planned"
    assert not MeetingStep.objects.exists()


@pytest.mark.django_db
def test_the_count_is_the_calls_one_step(micro):
    tally.call_tally(actor=micro.manager, call=micro.call, now=CLOSED)
    call = Call.objects.get(pk=micro.call.pk)
    assert (call.status, call.tallied_at) == ("tallied", CLOSED)
    step = CallStep.objects.get(call=call)
    assert (step.action, step.from_state, step.to_state, step.actor) == (
        "tally", "open", "tallied", micro.manager)  # fmt: skip
    with pytest.raises(DomainError) as caught:
        tally.call_tally(actor=micro.manager, call=call, now=CLOSED)
    assert caught.value.code == "decided" and CallStep.objects.count() == 1


def _waiting(attempt):
    """The attempt, waiting for a writer before it as a database file or PostgreSQL would.

    SQLite's in-memory test database is one cache shared by the connections: a second writer
    is told "table is locked" at once instead of waiting (its busy timeout, or PostgreSQL's row
    lock). The attempt then waits and tries again, as it would there."""
    for _ in range(500):
        try:
            return attempt()
        except OperationalError as exc:
            if "locked" not in str(exc):
                raise
            time.sleep(0.01)
    raise AssertionError("the lock was never released")


def _race(*attempts) -> list[str]:
    """Run the attempts at the same moment, each in its own thread and connection."""
    barrier = threading.Barrier(len(attempts))
    results: list[str] = []

    def run(name, attempt):
        try:
            barrier.wait()
            _waiting(attempt)
            results.append(name)
        except DomainError:
            results.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(f"won{n}", a)) for n, a in enumerate(attempts)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_hold_and_cancel_at_once_leave_one_winner(micro):
    meeting = _meeting(micro)
    results = _race(
        lambda: councils.meeting_hold(actor=micro.council, meeting=meeting, minutes="纪要"),
        lambda: councils.meeting_cancel(actor=micro.manager, meeting=meeting, reason="改期"),
    )
    assert sorted(results)[0] == "refused" and len(results) == 2 and len(set(results)) == 2
    step = MeetingStep.objects.get(meeting=meeting)  # exactly one step on the record
    assert Meeting.objects.get(pk=meeting.pk).status == step.to_state
    assert step.to_state == ("held" if "won0" in results else "cancelled")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_counts_at_once_count_once(micro):
    results = _race(
        lambda: tally.call_tally(actor=micro.manager, call=micro.call, now=CLOSED),
        lambda: tally.call_tally(actor=micro.clerk, call=micro.call, now=CLOSED),
    )
    assert sorted(results)[0] == "refused" and len(set(results)) == 2
    assert CallStep.objects.filter(call=micro.call).count() == 1
    assert Call.objects.get(pk=micro.call.pk).status == "tallied"
