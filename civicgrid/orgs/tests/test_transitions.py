"""The tender's and the subsidy's tables, every state against every action, without the
database: what is not listed cannot happen, and a decided tender or a paid or refused subsidy
moves no more."""

import itertools

from civicgrid.orgs import transitions
from civicgrid.orgs.choices import SubsidyAction, TenderAction
from civicgrid.orgs.models import Subsidy, Tender

TENDER = {
    ("open", "award"): "awarded",
    ("open", "cancel"): "cancelled",
}
SUBSIDY = {
    ("applied", "recommend"): "recommended",
    ("applied", "not_recommend"): "refused",
    ("recommended", "approve"): "approved",
    ("recommended", "refuse"): "refused",
    ("approved", "pay"): "paid",
}


def test_every_state_of_a_tender_against_every_action():
    for state, action in itertools.product(Tender.Status.values, TenderAction.values):
        assert transitions.tender_next(state, action) == TENDER.get((state, action)), (
            state,
            action,
        )


def test_every_state_of_a_subsidy_against_every_action():
    for state, action in itertools.product(Subsidy.Status.values, SubsidyAction.values):
        assert transitions.subsidy_next(state, action) == SUBSIDY.get((state, action)), (
            state,
            action,
        )


def test_the_first_states_and_the_ends():
    assert transitions.TENDER_OPENED == "open" and transitions.SUBSIDY_APPLIED == "applied"
    for table, ends in ((transitions.TENDER, {"awarded", "cancelled"}),
                        (transitions.SUBSIDY, {"paid", "refused"})):  # fmt: skip
        assert not any(state in ends for state, _action in table)
        assert set(table.values()) >= ends
