"""A street with a community: the street's leaders (who fund and review), the community's
leader (who keeps its account), another street's leader, a grid worker, the district's
administrator."""

from types import SimpleNamespace

import pytest

from civicgrid.accounts.choices import Role
from civicgrid.accounts.tests.factories import user_with_role


@pytest.fixture
def fin(tree):
    street = user_with_role("f_street", tree.street, Role.LEADER)
    return SimpleNamespace(
        tree=tree, street=street,
        leader=user_with_role("f_leader", tree.community, Role.LEADER),
        clerk=user_with_role("f_clerk", tree.street, Role.LEADER),
        outsider=user_with_role("f_out", tree.other_street, Role.LEADER),
        worker=user_with_role("f_worker", tree.grid1, Role.SUPERVISOR),
        admin=user_with_role("f_admin", tree.district, Role.ADMIN),
    )  # fmt: skip
