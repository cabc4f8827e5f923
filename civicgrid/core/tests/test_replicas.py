"""Reads from a real streaming replica (issue 22 §2): a list reads the replica, but a user who
just acted reads the primary and sees their action, even while the replica lags; once it catches
up, everyone sees it.

These tests need a primary and its hot standby (``scripts/replica_pair.sh``), with
``DATABASE_URL`` and ``DATABASE_REPLICA_URL`` pointing at them and ``CIVICGRID_TEST_REPLICA``
set: ``.ci/run`` does it after the suites. Their test database is made on the primary and reaches
the replica by replication; the data is committed, so that it does; anywhere else they are
skipped."""

import os
import time

import pytest
from django.db import connections, transaction
from django.test import Client

from civicgrid.accounts.models import User
from civicgrid.cases.models import Case
from civicgrid.cases.tests.test_views import seeded
from civicgrid.core import replicas
from civicgrid.core.models import Stamp

pytestmark = [
    pytest.mark.skipif(
        not os.environ.get("CIVICGRID_TEST_REPLICA"),
        reason="needs a primary and its replica (scripts/replica_pair.sh; .ci/run runs these)",
    ),
    # the replica is marked a mirror of the primary in the settings (config/settings.py): it
    # is not flushed after a test (it cannot be written), only read
    pytest.mark.django_db(
        transaction=True, serialized_rollback=True, databases=["default", "replica"]
    ),
]


@pytest.fixture(scope="session")
def django_db_setup(django_db_blocker):
    """The test database made on the primary only (the replica receives it by replication, as
    it receives everything): the replica's connection is pointed at the same name."""
    with django_db_blocker.unblock():
        primary = connections["default"]
        old_name = primary.settings_dict["NAME"]
        name = primary.creation.create_test_db(verbosity=0, autoclobber=True, serialize=True)
        connections["replica"].settings_dict["NAME"] = name
        connections["replica"].close()
    yield
    with django_db_blocker.unblock():
        connections["replica"].close()
        primary.creation.destroy_test_db(old_name, verbosity=0)


def _lsn(alias: str, function: str):
    with connections[alias].cursor() as cursor:
        cursor.execute(f"SELECT {function}()")
        return cursor.fetchone()[0]


def caught_up(seconds: float = 20) -> None:
    """Wait until the replica has replayed everything the primary wrote so far."""
    target = _lsn("default", "pg_current_wal_lsn")
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with connections["replica"].cursor() as cursor:
            cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [target])
            if cursor.fetchone()[0]:
                return
        time.sleep(0.05)
    raise AssertionError("the replica did not catch up")


def replay(paused: bool) -> None:
    with connections["replica"].cursor() as cursor:
        cursor.execute(
            "SELECT pg_wal_replay_pause()" if paused else "SELECT pg_wal_replay_resume()"
        )


def test_the_pair_is_a_primary_and_its_hot_standby():
    with connections["replica"].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        assert cursor.fetchone()[0] is True
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        assert cursor.fetchone()[0] is False


def test_a_marked_read_goes_to_the_replica_until_something_is_written(loop):
    router = replicas.ReplicaRouter()
    assert router.db_for_read(Case) == "default"  # an unmarked view: the primary
    token = replicas._allowed.set(True)
    wrote = replicas._wrote.set(False)
    try:
        assert router.db_for_read(Case) == "replica"
        # who may do what, sessions and version stamps: never from a replica that may lag
        assert router.db_for_read(User) == router.db_for_read(Stamp) == "default"
        with transaction.atomic():  # inside a transaction, its own writes must be seen
            assert router.db_for_read(Case) == "default"
        assert router.db_for_write(Case) == "default"
        assert router.db_for_read(Case) == "default"  # after a write in the same request
    finally:
        replicas._wrote.reset(wrote)
        replicas._allowed.reset(token)


def test_who_acted_sees_it_while_the_replica_lags_and_others_once_it_caught_up(loop):
    case = seeded(loop)
    caught_up()
    queue = "/cases/?queue=dispatcher"
    acting, other = Client(), Client()
    acting.force_login(loop.shift_lead)
    other.force_login(loop.dispatcher)
    assert case.number not in other.get(queue).content.decode()  # reported: not yet theirs
    replay(paused=True)
    try:
        answer = acting.post(f"/cases/{case.pk}/act/register", {"version": "1"})
        assert answer.status_code == 302 and replicas.PIN_COOKIE in answer.cookies
        assert Case.objects.using("default").get(pk=case.pk).state == "registered"
        assert Case.objects.using("replica").get(pk=case.pk).state == "reported"  # it lags
        # the shift lead's next page reads the primary: their action is there
        assert case.number in acting.get(queue).content.decode()
        # the dispatcher, who wrote nothing, reads the replica: not yet
        assert case.number not in other.get(queue).content.decode()
    finally:
        replay(paused=False)
    caught_up()
    assert case.number in other.get(queue).content.decode()
    # a write's own request reads the primary afterwards, and pins the browser
    answer = other.post(f"/cases/{case.pk}/act/dispatch", {"version": "2"})
    assert replicas.PIN_COOKIE in answer.cookies
