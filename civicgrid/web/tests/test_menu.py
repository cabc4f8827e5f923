"""The menu and the home page show only what the user can open: for a user in each of the demo's
roles (demo/staff.py DEMO_ACCOUNTS), every menu item and home-page link answers without 403,
404 or a server error. The menu asks the views' own predicates (web/gates.py)."""

import pytest
from django.urls import reverse

from civicgrid.accounts import services as accounts
from civicgrid.accounts.choices import Role, UnitKind
from civicgrid.accounts.tests.factories import unit_for, user_with_role
from civicgrid.demo.generator import DEMO_ACCOUNTS
from civicgrid.web.gates import GATES, opens
from civicgrid.web.tests.crawl import crawl, links

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(loop):
    """One user in each demo role, granted where the demo grants it."""
    tree = loop.tree
    admin = accounts.user_create(
        username="admin", password="pw-for-tests-123", is_staff=True, is_superuser=True
    )
    accounts.role_assign(user=admin, unit=unit_for(tree.district), role=Role.ADMIN, view_pii=True)
    committee = unit_for(tree.community, UnitKind.COMMUNITY_COMMITTEE)
    council = accounts.user_create(username="council_member", password="pw-for-tests-123")
    accounts.role_assign(user=council, unit=committee, role=Role.COUNCIL_MEMBER)
    resident = accounts.user_create(username="demo_resident", password="pw-for-tests-123")
    accounts.role_assign(user=resident, unit=committee, role=Role.RESIDENT)
    got = {
        "admin": admin,
        "leader": loop.leader,
        "operator": loop.operator,
        "shift_lead": loop.shift_lead,
        "dispatcher": loop.dispatcher,
        "supervisor": loop.supervisor,
        "grid_leader": user_with_role("grid_leader", tree.grid1, Role.GRID_LEADER),
        "handler": loop.handler,
        "mediator": user_with_role("mediator", tree.street, Role.MEDIATOR),
        "council_member": council,
        "resident": resident,
    }
    assert set(got) == {username for username, *_ in DEMO_ACCOUNTS}  # every demo role
    return got


@pytest.mark.parametrize("role", [username for username, *_ in DEMO_ACCOUNTS])
def test_every_menu_item_and_home_link_opens(client, people, role):
    client.force_login(people[role])
    result = crawl(client, "/", depth=1)
    assert result.problems == []
    assert len(result.visited) > 3


def test_the_register_is_not_offered_to_those_it_refuses(client, people):
    register = [reverse(f"registry:{k}") for k in ("persons", "households", "buildings", "units")]
    for role in ("handler", "council_member", "resident"):
        client.force_login(people[role])
        shown = links(client.get("/", follow=True).content.decode(), "/")
        assert not set(register) & set(shown), role
        assert not opens(people[role], "registry:persons")
        assert client.get(register[0]).status_code == 404  # what the menu no longer offers
    client.force_login(people["grid_leader"])
    assert set(register) <= set(links(client.get("/").content.decode(), "/"))


def test_the_administrator_is_offered_the_micro_projects_they_run(client, people):
    """The district administrator (a superuser) leads every street: the staff list opens for
    them, and the menu leads there rather than to a page that answers 404."""
    client.force_login(people["admin"])
    calls = reverse("participation:calls")
    assert calls in links(client.get("/").content.decode(), "/")
    assert client.get(calls).status_code == 200


@pytest.mark.parametrize("role", [username for username, *_ in DEMO_ACCOUNTS])
def test_every_gate_answers_as_its_page_does(client, people, role):
    """web/gates.py and the views agree, page by page: the link shows exactly when the page
    opens."""
    user = people[role]
    client.force_login(user)
    for name in GATES:
        if name == "evaluation:round_results":
            continue  # needs a round: test_rounds covers it
        status = client.get(reverse(name)).status_code
        assert status in (200, 404), (name, status)
        assert opens(user, name) == (status == 200), (role, name, status)
