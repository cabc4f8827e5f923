"""One writer per workflow: every change of a tender's or a subsidy's state is on the record
(who, when, from, to, why), a refused step changes nothing, and of two decisions taken on one
tender at once exactly one stands (a cancellation could overwrite an award)."""

import threading
import time

import pytest
from django.db import OperationalError, connections

from civicgrid.accounts.models import User
from civicgrid.core.errors import DomainError
from civicgrid.orgs import procurement, services
from civicgrid.orgs.models import Subsidy, SubsidyStep, Tender, TenderStep

from .fixtures import AFTER, OPEN, scored


def steps(tender):
    return [
        (s.action, s.from_state, s.to_state, s.actor.username, s.note)
        for s in TenderStep.objects.filter(tender=tender).order_by("id")
    ]


@pytest.mark.django_db
def test_a_tender_s_steps_are_on_the_record(world):
    t = scored(world)
    stale = Tender.objects.get(pk=t.pk)  # read before the award, still "open" in memory
    procurement.tender_award(actor=world["leader"], tender=t, now=AFTER, note="综合得分第一")
    with pytest.raises(DomainError) as caught:
        procurement.tender_cancel(actor=world["leader"], tender=stale, now=AFTER)
    assert caught.value.code == "closed"
    t.refresh_from_db()
    assert t.status == "awarded" and t.winner is not None
    assert steps(t) == [
        ("open", "", "open", "street_leader", ""),
        ("award", "open", "awarded", "street_leader", "综合得分第一"),
    ]
    assert TenderStep.objects.get(tender=t, action="award").at == AFTER


@pytest.mark.django_db
def test_a_refused_award_changes_nothing(world):
    t = scored(world)
    with pytest.raises(DomainError) as caught:  # before the deadline
        procurement.tender_award(actor=world["leader"], tender=t, now=OPEN)
    assert caught.value.code == "closed"
    t.refresh_from_db()
    assert t.status == "open" and t.winner is None and t.awarded_at is None
    assert [s[0] for s in steps(t)] == ["open"]
    procurement.tender_cancel(actor=world["leader"], tender=t, now=AFTER, note="需求变更")
    assert steps(t)[-1] == ("cancel", "open", "cancelled", "street_leader", "需求变更")


@pytest.mark.django_db
def test_a_subsidy_s_steps_are_on_the_record(world):
    leader, org = world["leader"], world["orgs"][0]
    sub = services.subsidy_apply(actor=world["staff"][0], organisation=org, purpose="场地补贴",
                                 reason="租金", requested=30000, now=OPEN)  # fmt: skip
    services.subsidy_review(actor=leader, subsidy=sub, recommend=True, review="材料齐全", now=OPEN)
    with pytest.raises(DomainError) as caught:  # more than requested: nothing changes
        services.subsidy_decide(actor=leader, subsidy=sub, approve=True, amount=30001,
                                decision="同意", now=OPEN)  # fmt: skip
    assert caught.value.field == "amount"
    sub.refresh_from_db()
    assert sub.status == "recommended" and sub.approved is None and sub.decision == ""
    services.subsidy_decide(actor=leader, subsidy=sub, approve=True, amount=25000,
                            decision="同意资助", now=AFTER)  # fmt: skip
    services.subsidy_pay(actor=leader, subsidy=sub, paid_on=None, reference="GK-1", now=AFTER)
    with pytest.raises(DomainError) as caught:  # paid: no step leads anywhere
        services.subsidy_review(actor=leader, subsidy=sub, recommend=False, review="x")
    assert caught.value.code == "conflict"
    assert [
        (s.action, s.from_state, s.to_state, s.actor.username, s.note)
        for s in SubsidyStep.objects.filter(subsidy=sub).order_by("id")
    ] == [
        ("apply", "", "applied", "so0", ""),
        ("recommend", "applied", "recommended", "street_leader", "材料齐全"),
        ("approve", "recommended", "approved", "street_leader", "同意资助"),
        ("pay", "approved", "paid", "street_leader", "GK-1"),
    ]
    assert Subsidy.objects.get(pk=sub.pk).status == "paid"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_award_and_a_cancellation_at_once_leave_one(world):
    """Given a tender ready to be awarded, when its leader awards it and cancels it at the same
    moment (two connections), then one of them stands and the other, which waited for the
    first, is refused by the table.

    SQLite's in-memory test database is one cache shared by the connections: a second writer
    is told "table is locked" at once instead of waiting as on a database file (its busy
    timeout) or on PostgreSQL (the row lock). The attempt then waits and tries again, as those
    would."""
    t = scored(world)
    barrier = threading.Barrier(2)
    results = {}

    def waiting(decide):
        for _ in range(500):
            try:
                return decide(actor=world["leader"], tender=t, now=AFTER)
            except OperationalError as exc:
                if "locked" not in str(exc):
                    raise
                time.sleep(0.01)
        raise AssertionError("the lock was never released")

    def attempt(name, decide):
        try:
            barrier.wait()
            waiting(decide)
            results[name] = "done"
        except DomainError as exc:
            results[name] = exc.code
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=attempt, args=("award", procurement.tender_award)),
        threading.Thread(target=attempt, args=("cancel", procurement.tender_cancel)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results.values()) == ["closed", "done"], results
    t.refresh_from_db()
    taken = [s for s in steps(t) if s[0] != "open"]
    assert len(taken) == 1
    winner = taken[0][0]
    assert results[winner] == "done"
    assert t.status == {"award": "awarded", "cancel": "cancelled"}[winner]
    assert (t.winner_id is not None) == (winner == "award")


@pytest.mark.django_db
def test_the_admin_shows_the_record(world, client):
    t = scored(world)
    procurement.tender_cancel(actor=world["leader"], tender=t, now=AFTER, note="需求变更")
    sub = services.subsidy_apply(actor=world["staff"][0], organisation=world["orgs"][0],
                                 purpose="场地补贴", reason="租金", requested=1000)  # fmt: skip
    client.force_login(User.objects.create_superuser("root", password="pw-for-tests-123"))
    page = client.get(f"/admin/orgs/tender/{t.pk}/change/").content.decode()
    assert "需求变更" in page and "street_leader" in page
    page = client.get(f"/admin/orgs/subsidy/{sub.pk}/change/").content.decode()
    assert "so0" in page
