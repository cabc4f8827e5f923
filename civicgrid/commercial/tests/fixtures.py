"""A commercial building in the tree's community with its profile, the community's and another
street's leaders, and the loop's people (a dispute at the building goes round it)."""

import pytest

from civicgrid.accounts.choices import Role
from civicgrid.accounts.tests.factories import user_with_role
from civicgrid.commercial import services
from civicgrid.registry.tests.factories import building


@pytest.fixture
def tower(loop):
    tree = loop.tree
    leader = user_with_role("cb_leader", tree.community, Role.LEADER)
    b = building("T-1", tree.grid1, building_type="commercial", floors=32)
    profile = services.profile_save(actor=leader, building=b, service_point="一楼大堂东侧",
                                    safety_association="楼宇安全协会", e_service="大堂自助终端",
                                    enterprises=86, workers=3200)  # fmt: skip
    return type("Tower", (), dict(
        loop=loop, tree=tree, leader=leader, building=b, profile=profile,
        outsider=user_with_role("cb_out", tree.other_street, Role.LEADER),
        homes=building("H-1", tree.grid1),
    ))  # fmt: skip
