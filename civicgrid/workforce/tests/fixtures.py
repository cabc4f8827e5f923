"""A street with a community and two grids: the community's and the street's leaders, another
street's leader, a grid worker, the district's administrator; a resident of grid 1 living in
building B-1 (house 101), and a pay scale of two grades."""

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest

from civicgrid.accounts.choices import Role
from civicgrid.accounts.tests.factories import user_with_role
from civicgrid.core.errors import DomainError
from civicgrid.registry.models import House, Household
from civicgrid.registry.tests.factories import building, person
from civicgrid.workforce.models import PayGrade

DAY = dt.date(2026, 3, 2)


def refused(field, call, *args, **kwargs):
    with pytest.raises(DomainError) as info:
        call(*args, **kwargs)
    assert info.value.field == field, info.value
    return info.value


@pytest.fixture
def wf(tree):
    b1 = building("B-1", tree.grid1)
    home = Household.objects.create(number="H-1", grid=tree.grid1,
                                    house=House.objects.create(building=b1, room="101"))  # fmt: skip
    resident = person("周网格", tree.grid1, n=1, household=home)
    return SimpleNamespace(
        tree=tree,
        leader=user_with_role("w_leader", tree.community, Role.LEADER),
        street_leader=user_with_role("w_street", tree.street, Role.LEADER),
        outsider=user_with_role("w_out", tree.other_street, Role.LEADER),
        worker=user_with_role("w_worker", tree.grid1, Role.SUPERVISOR),
        admin=user_with_role("w_admin", tree.district, Role.ADMIN),
        b1=b1, other_building=building("B-9", tree.other_grid), resident=resident,
        g1=PayGrade.objects.create(level=1, grade=1, monthly_pay=Decimal("4200")),
        g2=PayGrade.objects.create(level=1, grade=2, monthly_pay=Decimal("4500")),
    )  # fmt: skip
