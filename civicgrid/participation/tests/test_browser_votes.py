"""Elections and option votes in a real browser, as their people use them: the community's leader
opens an election of the residents' committee at a desk (hostile markup kept as text); a resident
on a phone nominates a neighbour (someone from elsewhere is refused, the field named); the leader
puts the nominee on the ballot; the resident votes; the count tells that too few voted for the
election to stand. The leader sets an option vote's options; the public page shows them. Every
page fits the screen and passes axe; another community's leader finds neither vote."""

import datetime as dt

import pytest
from django.utils import timezone

from civicgrid.accounts import services as accounts
from civicgrid.accounts.choices import Role
from civicgrid.accounts.tests.factories import user_with_role
from civicgrid.participation.models import Call, Council, Proposal
from civicgrid.web.tests.browser import DESKTOP, submit
from civicgrid.web.tests.test_accessibility import looked_at

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

HOSTILE = '<img src=x onerror="alert(1)">=1+1'


def _vote_form(page, prefix: str, title: str, today: dt.date) -> None:
    page.locator(f"#{prefix}-title").fill(title)
    page.locator(f"#{prefix}-from").fill(today.isoformat())
    page.locator(f"#{prefix}-until").fill((today + dt.timedelta(days=5)).isoformat())
    page.locator(f"#{prefix}-voting_from").fill(f"{today + dt.timedelta(days=7)}T08:00")
    page.locator(f"#{prefix}-voting_until").fill(f"{today + dt.timedelta(days=7)}T18:00")


def test_an_election_and_an_option_vote(open_page, tree, micro):
    today = timezone.localdate()
    Council.objects.create(
        area=tree.community, kind="committee", name="东一社区居民委员会", term_from=today,
        term_until=today + dt.timedelta(days=1800), seats=5,
    )  # fmt: skip
    desk = open_page(micro.manager, viewport=DESKTOP)
    desk.goto("/participation/")
    desk.locator("summary", has_text="发起直接选举").click()
    _vote_form(desk, "e", f"{HOSTILE}居委会换届选举", today)
    desk.locator("#e-seats").fill("3")
    submit(desk, "e-seats")
    election = Call.objects.get(purpose="election")
    assert f"/participation/{election.pk}/" in desk.url and election.max_choices == 3
    assert HOSTILE in desk.locator("h1").inner_text()
    looked_at(desk, "election-desktop")

    resident = accounts.user_create(username="voter_one", password="pw-for-tests-123")
    phone = open_page(resident)
    phone.goto("/participation/public/")
    phone.locator("a", has_text="提名候选人").first.click()
    phone.wait_for_load_state("networkidle")
    me, neighbour = micro.residents[0], micro.residents[1]
    phone.locator("#name").fill(me[1])
    phone.locator("#id_number").fill(me[2])
    phone.locator("#candidate_name").fill(micro.outsider[1])
    phone.locator("#candidate_id_number").fill(micro.outsider[2])
    submit(phone, "candidate_id_number")
    assert not Proposal.objects.filter(call=election).exists()
    assert "被提名人须为" in phone.locator("[role=alert], .alert").first.inner_text()
    phone.locator("#name").fill(me[1])
    phone.locator("#id_number").fill(me[2])
    phone.locator("#candidate_name").fill(neighbour[1])
    phone.locator("#candidate_id_number").fill(neighbour[2])
    phone.locator("#description").fill("<b>热心</b>楼道长")
    submit(phone, "candidate_id_number")
    nominee = Proposal.objects.get(call=election)
    assert nominee.person_id == neighbour[0].pk and nominee.nominations == 1
    looked_at(phone, "election-nominated-phone")

    desk = open_page(micro.manager, viewport=DESKTOP)  # one signed-in person at a time
    desk.goto(f"/participation/{election.pk}/")
    assert "1 人提名" in desk.locator("main").inner_text()
    desk.locator(f"#reasons-{nominee.pk}").fill("居民提名，符合条件")
    desk.locator(f"form:has(#reasons-{nominee.pk}) button[value=yes]").click()
    desk.wait_for_load_state("networkidle")
    assert Proposal.objects.get(pk=nominee.pk).status == "on_ballot"

    now = timezone.now()  # voting opens
    Call.objects.filter(pk=election.pk).update(
        proposals_from=today - dt.timedelta(days=9), proposals_until=today - dt.timedelta(days=2),
        voting_from=now - dt.timedelta(hours=1), voting_until=now + dt.timedelta(hours=3),
    )  # fmt: skip
    phone = open_page(resident)
    phone.goto(f"/participation/public/{election.pk}/vote")
    phone.locator("#name").fill(me[1])
    phone.locator("#id_number").fill(me[2])
    submit(phone, "id_number")
    phone.locator(f"#p{nominee.pk}").check()
    phone.locator("button[type=submit]", has_text="投票").click()
    phone.wait_for_load_state("networkidle")
    looked_at(phone, "election-voted-phone")

    Call.objects.filter(pk=election.pk).update(voting_until=now - dt.timedelta(minutes=1))
    desk = open_page(micro.manager, viewport=DESKTOP)
    desk.goto(f"/participation/{election.pk}/")
    desk.locator("button", has_text="计票").click()
    desk.wait_for_load_state("networkidle")
    assert "投票无效" in desk.locator("main").inner_text()  # 1 of 6 voted
    looked_at(desk, "election-counted-desktop")

    desk.goto("/participation/")
    desk.locator("summary", has_text="发起民主票决").click()
    _vote_form(desk, "o", "3号院整治还是征迁", today)
    desk.locator("#o-majority").fill("66")
    submit(desk, "o-majority")
    vote = Call.objects.get(purpose="options")
    for title in ("整治提升", HOSTILE):
        desk.locator("#o-title").fill(title)
        desk.locator("#o-description").fill("说明")
        submit(desk, "o-description")
    assert vote.proposals.count() == 2 and vote.majority == 66
    public = open_page(resident)
    public.goto(f"/participation/public/{vote.pk}/")
    assert HOSTILE in public.locator("main").inner_text()
    looked_at(public, "option-vote-phone")

    other = open_page(user_with_role("ov_out", tree.other_community, Role.LEADER))
    for call in (election, vote):
        other.goto(f"/participation/{call.pk}/")
        assert "3号院" not in other.locator("body").inner_text()
        assert "居委会换届选举" not in other.locator("body").inner_text()
