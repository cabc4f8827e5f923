"""A street with a community and two property companies (one to be blacklisted): the community's
and the street's leaders, another street's leader, a grid worker, an owners' committee and
buildings in and out of the community."""

import datetime as dt

import pytest
from django.utils import timezone

from civicgrid.accounts import services as accounts
from civicgrid.accounts.choices import Role, UnitKind
from civicgrid.accounts.tests.factories import user_with_role
from civicgrid.participation.council_models import Council
from civicgrid.registry.tests.factories import building

TODAY = timezone.localdate()


@pytest.fixture
def est(tree):
    def company(code, name):
        return accounts.orgunit_create(kind=UnitKind.PROPERTY_COMPANY, name=name, code=code,
                                       area=tree.street)  # fmt: skip

    leader = user_with_role("e_leader", tree.community, Role.LEADER)
    owners = Council.objects.create(area=tree.community, kind="owners", name="梅园业委会",
                                    term_from=TODAY, term_until=TODAY + dt.timedelta(days=999))  # fmt: skip
    return type("Est", (), dict(
        tree=tree, leader=leader, street=user_with_role("e_street", tree.street, Role.LEADER),
        outsider=user_with_role("e_out", tree.other_street, Role.LEADER),
        worker=user_with_role("e_worker", tree.grid1, Role.SUPERVISOR),
        good=company("PM-1", "安居物业"), bad=company("PM-2", "差评物业"), owners=owners,
        b1=building("B-1", tree.grid1), b2=building("B-2", tree.grid2),
        other=building("B-9", tree.other_grid),
    ))  # fmt: skip
