"""The residents' say pages in a real browser: a resident proves who they are and votes on a
phone; every page is checked with axe (no serious or critical violation)."""

import pytest
from django.utils import timezone

from civicgrid.accounts.models import User
from civicgrid.participation.models import Ballot
from civicgrid.web.tests.browser import DESKTOP
from civicgrid.web.tests.test_accessibility import violations

from .fixtures import VOTING

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_resident_votes_on_a_phone(open_page, micro, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: VOTING)
    user = User.objects.create_user("voter", password="pw-for-tests-123")
    page = open_page(user)
    page.goto(f"/participation/public/{micro.call.pk}/vote")
    _, name, number = micro.residents[0]
    page.locator("#name").fill(name)
    page.locator("#id_number").fill(number)
    page.get_by_role("button", name="继续").click()
    page.get_by_label(micro.proposals[1].title, exact=False).check()
    page.get_by_role("button", name="投票").click()
    page.wait_for_url(f"**/participation/public/{micro.call.pk}/")
    assert Ballot.objects.get().choices == [micro.proposals[1].pk]


def test_the_pages_are_accessible(open_page, micro):
    public = open_page(None, viewport=DESKTOP)
    for url in ("/participation/public/", f"/participation/public/{micro.call.pk}/",
                "/participation/public/meetings/"):  # fmt: skip
        public.goto(url)
        public.wait_for_load_state("networkidle")
        assert not violations(public), url
    page = open_page(micro.manager, viewport=DESKTOP)
    for url in ("/participation/", f"/participation/{micro.call.pk}/", "/participation/councils/",
                "/participation/meetings/", "/participation/opinions/", "/participation/claims/"):  # fmt: skip
        page.goto(url)
        page.wait_for_load_state("networkidle")
        assert not violations(page), url
