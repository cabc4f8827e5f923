"""An admission application's workflow: the table, state by action, without the database; and two
steps on one application at once leave exactly one on the record (the other is refused, naming
why), on SQLite and PostgreSQL alike."""

import threading
import time

import pytest
from django.db import OperationalError, connections
from django.utils import timezone

from civicgrid.accounts.models import User
from civicgrid.burden.admission import (
    add_working_days,
    application_apply,
    application_decide,
    application_withdraw,
)
from civicgrid.burden.choices import ApplicationAction
from civicgrid.burden.models import Application
from civicgrid.burden.transitions import APPLICATION, application_next
from civicgrid.core.errors import DomainError
from civicgrid.duties.models import CommunityKind
from civicgrid.duties.services import in_force

S, A = Application.Status, ApplicationAction

EXPECTED = {
    (S.APPLIED, A.ADMIT): S.ADMITTED,
    (S.APPLIED, A.REFUSE): S.REFUSED,
    (S.APPLIED, A.WITHDRAW): S.WITHDRAWN,
    (S.ADMITTED, A.WITHDRAW): S.WITHDRAWN,
}


@pytest.mark.parametrize("state", S.values)
@pytest.mark.parametrize("action", [a for a in A.values if a != A.APPLY])
def test_the_table_state_by_action(state, action):
    assert application_next(state, action) == EXPECTED.get((state, action))


def test_the_table_has_nothing_else():
    assert APPLICATION == EXPECTED
    ended = {S.REFUSED, S.WITHDRAWN}
    assert not any(state in ended for state, _action in APPLICATION)  # nothing leaves an end


def _waiting(step):
    """``step``, again while SQLite's shared test database is locked by the other thread."""
    for _ in range(500):
        try:
            return step()
        except OperationalError as exc:
            if "locked" not in str(exc):
                raise
            time.sleep(0.01)
    raise AssertionError("the lock was never released")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
# pairs that exclude each other (after an admission, a withdrawal may still follow)
@pytest.mark.parametrize("pair", [("admit", "refuse"), ("refuse", "withdraw")])
def test_two_steps_at_once_leave_one(loop, pair):
    review = User.objects.create_superuser("review", password="pw-for-tests-123")
    urban = CommunityKind.objects.get(code="urban")
    application = application_apply(
        actor=loop.handler, department=loop.department, kinds=[urban], list_type="assisting",
        title="协助开展消防安全入户宣传", reason="冬季火灾高发", basis="《消防法》第六条",
        funding_per_year=6000, starts_on=add_working_days(timezone.localdate(), 40),
    )  # fmt: skip
    steps = {
        "admit": lambda: application_decide(
            application=application, admit=True, reasons="同意", actor=review
        ),
        "refuse": lambda: application_decide(
            application=application, admit=False, reasons="不同意", actor=review
        ),
        "withdraw": lambda: application_withdraw(
            application=application, actor=loop.handler, note="不再需要"
        ),
    }
    barrier = threading.Barrier(2)
    results = {}

    def attempt(name):
        try:
            barrier.wait()
            _waiting(steps[name])
            results[name] = "done"
        except DomainError as exc:
            results[name] = exc.code
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(name,)) for name in pair]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results.values()) == ["decided", "done"], results
    winner = next(name for name, result in results.items() if result == "done")
    application.refresh_from_db()
    taken = list(application.steps.exclude(action="applied"))
    assert len(taken) == 1 and taken[0].from_state == S.APPLIED
    reached = {"admit": S.ADMITTED, "refuse": S.REFUSED, "withdraw": S.WITHDRAWN}[winner]
    assert application.status == taken[0].to_state == reached
    listed = in_force(urban, "assisting", application.starts_on)
    assert (listed is not None) == (winner == "admit")  # an admission's list, only if it won
