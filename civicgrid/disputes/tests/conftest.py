import pytest

from civicgrid.accounts import services as accounts
from civicgrid.accounts.choices import Role, UnitKind
from civicgrid.accounts.tests.factories import unit_for
from civicgrid.commercial.tests.fixtures import tower  # noqa: F401 (a commercial building)


@pytest.fixture
def mediator(loop):
    """A mediator of the loop's street's mediation centre."""
    user = accounts.user_create(username="mediator", password="pw-for-tests-123")
    accounts.role_assign(
        user=user, unit=unit_for(loop.tree.street, UnitKind.MEDIATION_CENTRE), role=Role.MEDIATOR
    )
    return user
