import datetime as dt

import pytest
from django.utils import timezone

from civicgrid.accounts.choices import Role
from civicgrid.accounts.tests.factories import user_with_role
from civicgrid.campaigns import services
from civicgrid.registry.tests.factories import building

TODAY = timezone.localdate()


@pytest.fixture
def sweep(loop):
    """A street's summer-hiring campaign that began a week ago: its leader, a grid worker of one
    of its grids, a grid worker of another street and a leader of another street."""
    tree = loop.tree
    leader = user_with_role("cp_leader", tree.street, Role.LEADER)
    campaign = services.campaign_launch(
        actor=leader, area=tree.street, name="暑期用工专项排查", theme="hiring",
        starts_on=TODAY - dt.timedelta(days=7), ends_on=TODAY + dt.timedelta(days=30),
        items=["是否签订书面用工协议", "是否使用未满16周岁人员"], case_class="AP004",
    )  # fmt: skip
    return type("Sweep", (), dict(
        loop=loop, tree=tree, leader=leader, campaign=campaign,
        worker=user_with_role("cp_worker", tree.grid1, Role.SUPERVISOR),
        far=user_with_role("cp_far", tree.other_grid, Role.SUPERVISOR),
        outsider=user_with_role("cp_out", tree.other_street, Role.LEADER),
        shop=building("S-1", tree.grid1, building_type="commercial"),
    ))  # fmt: skip
