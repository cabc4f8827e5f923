"""A street with a community and two property companies (one to be blacklisted): the community's
and the street's leaders, another street's leader, a grid worker, an owners' committee and
buildings in and out of the community."""

import datetime as dt

import pytest
from django.utils import timezone

from civicgrid.accounts import services as accounts
from civicgrid.accounts.choices import Role, UnitKind
from civicgrid.accounts.tests.factories import unit_for, user_with_role
from civicgrid.cases.services import Report, case_report
from civicgrid.cases.tests.fixtures import MONDAY
from civicgrid.estates import services
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


def _user(name, unit, role):
    user = accounts.user_create(username=name, password="pw-for-tests-123")
    accounts.role_assign(user=user, unit=unit, role=role)
    return user


@pytest.fixture
def managed(loop, est):
    """The loop's people and an estate of building B-1 managed by the good company, with a
    handler for it and for the community's residents' committee."""
    estate = services.estate_save(actor=est.leader, area=est.tree.community, code="XQ-1",
                                  name="梅园小区", buildings=[est.b1])  # fmt: skip
    services.term_give(actor=est.leader, estate=estate, company=est.good,
                       starts_on=timezone.localdate() - dt.timedelta(days=400))  # fmt: skip
    committee = unit_for(est.tree.community, UnitKind.COMMUNITY_COMMITTEE)
    return type("Managed", (), dict(
        loop=loop, est=est, estate=estate, committee=committee,
        company_handler=_user("pm_handler", est.good, Role.HANDLER),
        committee_handler=_user("c_handler", committee, Role.HANDLER),
    ))  # fmt: skip


def complaint(m, building="B-1", **more):
    """A resident's complaint about the service in building ``building``, by the hotline."""
    return case_report(actor=m.loop.operator, report=Report(
        case_class="AP007", description="楼道两周没人打扫", channel="hotline", building=building,
        reporter_name="李先生", reporter_phone="13812345678", answers={"about": "cleaning"},
        **more), now=MONDAY)  # fmt: skip
