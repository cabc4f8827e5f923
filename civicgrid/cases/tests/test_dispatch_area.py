"""A case goes only to a unit that serves its area: in a trial a dispatcher of one street
could send a case to another street's team, whose people then held a case their own street's
dispatcher could not see, and which nobody on the case's street could supervise."""

import pytest

from civicgrid.accounts.choices import UnitKind
from civicgrid.accounts.tests.factories import unit_for
from civicgrid.cases.models import Case
from civicgrid.cases.services import case_transition
from civicgrid.core.errors import DomainError

from .fixtures import MONDAY
from .test_escalation_checks import patrol_case

pytestmark = pytest.mark.django_db


def _act(loop, case, action, unit):
    return case_transition(
        case_id=case.pk,
        action=action,
        actor=loop.dispatcher,
        now=MONDAY,
        note="派给对方街道",
        data={"unit": unit.pk},
    )


@pytest.mark.parametrize("action", ["dispatch", "add_unit"])
def test_a_unit_of_another_street_is_refused_naming_the_unit(loop, action):
    case = patrol_case(loop, until="register" if action == "dispatch" else "dispatch")
    elsewhere = unit_for(loop.tree.other_street, UnitKind.STATIONED_TEAM)
    with pytest.raises(DomainError) as refused:
        _act(loop, case, action, elsewhere)
    assert refused.value.code == "outside_area" and refused.value.field == "unit"
    assert not Case.objects.get(pk=case.pk).assignments.filter(unit=elsewhere).exists()


def test_the_case_page_offers_only_the_units_serving_the_case(client, loop):
    case = patrol_case(loop, until="register")
    here = unit_for(loop.tree.street, UnitKind.STATIONED_TEAM)
    elsewhere = unit_for(loop.tree.other_street, UnitKind.STATIONED_TEAM)
    client.force_login(loop.dispatcher)
    units = list(client.get(f"/cases/{case.pk}/").context["units"])
    assert here in units and loop.department in units and elsewhere not in units
    # and the unit of its own street takes it
    _act(loop, case, "dispatch", here)
    assert Case.objects.get(pk=case.pk).lead_unit == here
