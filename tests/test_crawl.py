"""Every demo role's menu and home page lead only to pages that open: two links deep from the
home page, no link answers 403, 404 or a server error, and no page fails to render.

The world is the demo's own, at its tiniest scale (every role's login, the register, cases with
their history, score cards, duty lists, micro-projects, councils, social organisations)."""

import datetime as dt

import pytest

from civicgrid.accounts.models import User
from civicgrid.demo.generator import DEMO_ACCOUNTS, Generator
from civicgrid.web.tests.crawl import crawl

pytestmark = pytest.mark.django_db

ROLES = [username for username, *_ in DEMO_ACCOUNTS]


@pytest.fixture
def demo(db):
    Generator("tiny", seed=1, log=lambda *_: None).run(today=dt.date.today())


def test_every_role_reaches_only_pages_that_open(client, demo):
    problems = {}
    anonymous = crawl(client, "/", depth=2, signed_in=False)
    if anonymous.problems:
        problems["anonymous"] = anonymous.problems
    for username in ROLES:
        client.force_login(User.objects.get(username=username))
        result = crawl(client, "/", depth=2)
        assert len(result.visited) > 3, username  # the crawl went somewhere
        if result.problems:
            problems[username] = result.problems
        client.logout()
    assert not problems, "\n".join(
        f"{user}: {url} → {what} (linked from {source or 'the start'})"
        for user, found in problems.items()
        for url, what, source in found
    )
