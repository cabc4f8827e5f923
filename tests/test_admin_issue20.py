"""Issue 20's records in the admin, for reference: the party body's reviews of stationed units
(with their recommendations), volunteers' incentives, commercial buildings' hazards, screening
visits (with their findings), counsel on disputes, elections (with their candidates), rewards and
accountability, item scores (with their appeals) and the rest of residents' participation.

Each is view-only. What ``ScopedAdmin`` shows (rows placed in an area) is shown to the
administrators of its place and above, never to another street's: the changelist leaves the row
out and its change page redirects, as Django's admin does for a row outside its queryset. What the
app shows through ``RulesAdmin`` (disputes, participation, evaluation) is the district
administrators' only: a street's administrator is refused the pages. No encrypted column is shown,
and a list page costs the same number of queries whatever its rows (no query per row).

The generic test of every changelist and add page (``registry/tests/test_office_admin.py``, in
Chinese) covers these models too, since it walks ``admin.site._registry``."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from django.contrib import admin
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from civicgrid.accounts import services as accounts
from civicgrid.accounts.choices import Role, UnitKind
from civicgrid.accounts.models import User
from civicgrid.accounts.tests.factories import unit_for, user_with_role
from civicgrid.campaigns import models as campaigns
from civicgrid.campaigns import services as campaign_services
from civicgrid.commercial import models as commercial
from civicgrid.commercial import services as commercial_services
from civicgrid.disputes import counsel
from civicgrid.disputes import models as disputes
from civicgrid.disputes.tests.test_disputes import dispute_case, record
from civicgrid.evaluation import models as evaluation
from civicgrid.participation import councils
from civicgrid.participation import models as participation
from civicgrid.party import models as party
from civicgrid.party import reviews
from civicgrid.party import services as party_services
from civicgrid.registry.tests.factories import building, person
from civicgrid.registry.tests.test_office_admin import _english
from civicgrid.workforce import boards, volunteers
from civicgrid.workforce import models as workforce

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
YEAR_START = dt.date(TODAY.year, 1, 1)
SERIAL = itertools.count(100)  # persons' numbers, clear of the fixtures' own


def _named(user: User, display_name: str) -> User:
    """A name in Chinese: pages in Chinese show the user so (a username is English data)."""
    User.objects.filter(pk=user.pk).update(display_name=display_name)
    user.display_name = display_name
    return user


def _user(username: str, area, role: str, display_name: str) -> User:
    return _named(user_with_role(username, area, role), display_name)


def _staff(username: str, area, display_name: str) -> User:
    user = _user(username, area, Role.ADMIN, display_name)
    user.is_staff = True
    user.save()
    return user


@dataclass
class World:
    """The tree's two streets (east: ``street``, west: ``other_street``), each community's
    leader and grid worker; the administrators (superuser, district, each street); the loop's
    people and a mediator of the east street, for disputes."""

    tree: object
    loop: object
    root: User
    district: User
    east: User  # the east street's administrator
    west: User  # the west street's administrator
    leader: dict
    worker: dict
    district_leader: User
    mediator: User
    made: dict = field(default_factory=dict)  # what a builder made once (a campaign, an adviser)

    def community(self, side: str):
        return self.tree.community if side == "east" else self.tree.other_community

    def grid(self, side: str):
        return self.tree.grid1 if side == "east" else self.tree.other_grid


@pytest.fixture
def world(loop) -> World:
    tree = loop.tree
    root = User.objects.create_superuser("i20_root", password="pw-for-tests-123")
    mediator = accounts.user_create(username="i20_mediator", password="pw-for-tests-123")
    accounts.role_assign(user=mediator, unit=unit_for(tree.street, UnitKind.MEDIATION_CENTRE),
                         role=Role.MEDIATOR)  # fmt: skip
    return World(
        tree=tree, loop=loop, root=_named(root, "超级管理员"),
        district=_staff("i20_district", tree.district, "区管理员"),
        east=_staff("i20_east", tree.street, "东街道管理员"),
        west=_staff("i20_west", tree.other_street, "西街道管理员"),
        leader={"east": _user("i20_east_leader", tree.community, Role.LEADER, "东一社区书记"),
                "west": _user("i20_west_leader", tree.other_community, Role.LEADER,
                              "西一社区书记")},
        worker={"east": _user("i20_east_worker", tree.grid1, Role.SUPERVISOR, "东一网格员"),
                "west": _user("i20_west_worker", tree.other_grid, Role.SUPERVISOR, "西一网格员")},
        district_leader=_user("i20_district_leader", tree.district, Role.LEADER, "区领导"),
        mediator=_named(mediator, "东街道调解员"),
    )  # fmt: skip


@dataclass
class Made:
    """A row of the admin's model, a text its list shows and a text only its change page shows
    (an inline's row, or a field the list leaves out)."""

    row: object
    listed: str
    detail: str


# --- records placed in an area (ScopedAdmin): made on either street ---------------------------


def make_review(w: World, side: str, n: int) -> Made:
    leader, area = w.leader[side], w.community(side)
    committee = party_services.organisation_create(
        actor=leader, name=f"{side}大党工委{n}", code=f"I20-{side}-{n}", area=area,
        level="big_committee",
    )  # fmt: skip
    unit = party_services.stationed_unit_save(actor=leader, area=area, name=f"{side}驻区医院{n}",
                                              kind="institution")  # fmt: skip
    review = reviews.review_file(
        actor=leader, committee=committee, stationed_unit=unit, year=TODAY.year, rating="good",
        reviewed_on=TODAY,
        recommendations=[reviews.Advice(f"{side}李医生{n}", "commendation", "义诊坚持一年",
                                        post="内科主任")],
    )  # fmt: skip
    return Made(review, f"{side}驻区医院{n}", f"{side}李医生{n}")


def make_visit(w: World, side: str, n: int) -> Made:
    """A visit in the side's grid, of the district's campaign (each street sees its own)."""
    campaign = w.made.get("campaign")
    if campaign is None:
        campaign = w.made["campaign"] = campaign_services.campaign_launch(
            actor=w.district_leader, area=w.tree.district, name="暑期用工专项排查",
            theme="hiring", starts_on=TODAY - dt.timedelta(days=7),
            ends_on=TODAY + dt.timedelta(days=30), items=["是否签订书面用工协议"],
        )  # fmt: skip
    visit = campaign_services.visit_record(actor=w.worker[side], campaign=campaign,
                                           grid=w.grid(side), place=f"{side}网吧{n}",
                                           visited_on=TODAY)  # fmt: skip
    campaign_services.finding_add(actor=w.worker[side], visit=visit, item=campaign.items.get(),
                                  description=f"{side}未签协议{n}")  # fmt: skip
    return Made(visit, f"{side}网吧{n}", f"{side}未签协议{n}")


def make_hazard(w: World, side: str, n: int) -> Made:
    leader = w.leader[side]
    profile = commercial_services.profile_save(
        actor=leader, building=building(f"I20-{side}-T{n}", w.grid(side),
                                        building_type="commercial"),
    )  # fmt: skip
    inspection = commercial_services.inspection_record(
        actor=leader, profile=profile, kind="joint", held_on=TODAY, inspectors="消防所"
    )
    # the list shows the first 40 characters, the change page all of it
    what = f"{side}安全出口堵塞{n}：" + "货物堆放" * 10 + f"，尾注{side}{n}"
    hazard = commercial_services.hazard_add(actor=leader, inspection=inspection,
                                            installation="exits", severity="high",
                                            description=what)  # fmt: skip
    return Made(hazard, f"{side}安全出口堵塞{n}", f"尾注{side}{n}")


def make_incentive(w: World, side: str, n: int) -> Made:
    """An incentive, shown under its volunteer (the row of the admin)."""
    leader = w.leader[side]
    resident = person(f"{side}志愿者{n}", w.grid(side), n=next(SERIAL))
    volunteer = volunteers.volunteer_add(actor=leader, area=w.community(side), person=resident,
                                         joined_on=TODAY)  # fmt: skip
    volunteers.incentive_give(actor=leader, volunteer=volunteer, kind="commendation",
                              given_on=TODAY, why=f"{side}服务满百小时{n}")  # fmt: skip
    return Made(volunteer, f"{side}志愿者{n}", f"{side}服务满百小时{n}")


def make_board_entry(w: World, side: str, n: int) -> Made:
    entry = boards.entry_record(
        actor=w.leader[side], building=building(f"I20-{side}-B{n}", w.grid(side)),
        role="grid_leader", consent_on=TODAY, consent_how=f"{side}书面同意书{n}",
        name=f"{side}楼长{n}", phone="13912345678",
    )  # fmt: skip
    return Made(entry, f"{side}楼长{n}", f"{side}书面同意书{n}")


SCOPED = {
    party.Review: make_review,
    campaigns.Visit: make_visit,
    commercial.Hazard: make_hazard,
    workforce.Volunteer: make_incentive,
    workforce.BoardEntry: make_board_entry,
}

# --- records shown to the district's administrators (RulesAdmin): made in the east street -----


def make_counsel(w: World, n: int) -> Made:
    adviser = w.made.get("adviser")
    if adviser is None:
        adviser = w.made["adviser"] = counsel.adviser_appoint(
            actor=w.leader["east"], area=w.tree.community, name="李律师", firm="示范律所",
            phone="13812345678", starts_on=TODAY,
        )  # fmt: skip
    dispute = record(w.loop, w.mediator, dispute_case(w.loop, address=f"幸福路 {n} 号"))
    made = counsel.counsel_add(actor=w.mediator, dispute=dispute, opinion=f"属合同纠纷{n}",
                               given_on=TODAY, adviser=adviser)  # fmt: skip
    return Made(made, dispute.case.number, f"属合同纠纷{n}")


def make_election(w: World, n: int) -> Made:
    leader = w.leader["east"]
    council = councils.council_create(actor=leader, area=w.tree.community, kind="residents",
                                      name=f"东一社区居民议事会{n}", term_from=YEAR_START,
                                      term_until=YEAR_START.replace(year=TODAY.year + 4))  # fmt: skip
    first = person(f"候选人甲{n}", w.tree.grid1, n=next(SERIAL))
    second = person(f"候选人乙{n}", w.tree.grid1, n=next(SERIAL))
    election = councils.election_record(actor=leader, council=council, held_on=TODAY, seats=1,
                                        eligible=100, ballots=90, invalid=2,
                                        candidates=[(first, 80), (second, 8)])  # fmt: skip
    return Made(election, f"东一社区居民议事会{n}", f"候选人乙{n}")


def make_consequence(w: World, n: int) -> Made:
    made = evaluation.Consequence.objects.create(
        area=w.tree.street, kind="warning", indicator="closing_rate", period=f"{TODAY:%Y-%m}",
        reason=f"结案率连续偏低{n}", decided_on=TODAY, decided_by=w.district_leader,
    )  # fmt: skip
    return Made(made, w.tree.street.name, f"结案率连续偏低{n}")


def make_item_score(w: World, n: int) -> Made:
    scheme = evaluation.Scheme.objects.filter(items__isnull=False).order_by("pk").first()
    assert scheme is not None, "the shipped templates have items"
    rnd = evaluation.AssessmentRound.objects.create(
        scheme=scheme, name=f"街道年度考核{n}", period=str(TODAY.year), scoring_due=TODAY,
        appeals_due=TODAY,
    )  # fmt: skip
    assessment = evaluation.Assessment.objects.create(round=rnd, area=w.tree.street)
    score = evaluation.ItemScore.objects.create(
        assessment=assessment, item=scheme.items.order_by("pk").first(), value="80",
        points=Decimal("4.00"), scored_by=w.district_leader,
    )  # fmt: skip
    evaluation.Appeal.objects.create(score=score, reason=f"台账已补齐{n}", filed_by=w.east)
    return Made(score, f"街道年度考核{n}", f"台账已补齐{n}")


def make_follow_up(w: World, n: int) -> Made:
    """A held meeting's resolution and its follow-up task (the row); the meeting's own page
    shows the resolution and the step."""
    leader = w.leader["east"]
    meeting = councils.meeting_call(actor=leader, area=w.tree.community, kind="hearing",
                                    title=f"加装电梯听证会{n}", agenda="加装电梯方案",
                                    starts_at=timezone.now(), place="社区活动室",
                                    invite=[("王先生", "业委会")])  # fmt: skip
    participation.Meeting.objects.filter(pk=meeting.pk).update(status="held", minutes="纪要")
    participation.MeetingStep.objects.create(meeting=meeting, action="hold", from_state="planned",
                                             to_state="held", at=timezone.now(),
                                             actor=leader)  # fmt: skip
    resolution = participation.Resolution.objects.create(
        meeting=meeting, text=f"同意加装电梯{n}", votes_for=9, votes_against=1, abstentions=0,
        passed=True,
    )  # fmt: skip
    task = participation.FollowUp.objects.create(resolution=resolution,
                                                 task=f"联系施工单位{n}", due_on=TODAY)  # fmt: skip
    return Made(task, f"联系施工单位{n}", f"同意加装电梯{n}")


DISTRICT = {
    disputes.Counsel: make_counsel,
    participation.Election: make_election,
    evaluation.Consequence: make_consequence,
    evaluation.ItemScore: make_item_score,
    participation.FollowUp: make_follow_up,
}


def changelist(model) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def change(obj) -> str:
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])


def get(client, user, url):
    client.force_login(user)
    return client.get(url)


@pytest.mark.parametrize("model", SCOPED, ids=lambda m: m._meta.label)
def test_a_place_s_records_are_shown_to_its_administrators_only(client, world, model):
    east, west = SCOPED[model](world, "east", 1), SCOPED[model](world, "west", 1)
    for user, seen, unseen in (
        (world.root, [east, west], []),
        (world.district, [east, west], []),
        (world.east, [east], [west]),
        (world.west, [west], [east]),
    ):
        listed = get(client, user, changelist(model))
        assert listed.status_code == 200, user
        body = listed.content.decode()
        assert all(m.listed in body for m in seen), user
        assert not any(m.listed in body for m in unseen), user
        for m in seen:
            page = get(client, user, change(m.row))
            assert page.status_code == 200 and m.detail in page.content.decode(), user
            assert not _english(page.content.decode())  # labels and inlines in Chinese
        for m in unseen:
            # Django's admin answers a row outside its queryset with a redirect to its index
            page = get(client, user, change(m.row))
            assert page.status_code == 302 and m.detail not in page.content.decode(), user


@pytest.mark.parametrize("model", DISTRICT, ids=lambda m: m._meta.label)
def test_the_apps_district_records_are_shown_to_the_districts_administrators(client, world,
                                                                             model):  # fmt: skip
    made = DISTRICT[model](world, 1)
    for user in (world.root, world.district):
        listed = get(client, user, changelist(model))
        assert listed.status_code == 200 and made.listed in listed.content.decode(), user
        page = get(client, user, change(made.row))
        assert page.status_code == 200 and made.detail in page.content.decode(), user
        assert not _english(page.content.decode())  # labels and inlines in Chinese
    for user in (world.east, world.west):  # a street's administrators: not theirs to see
        for url in (changelist(model), change(made.row)):
            answer = get(client, user, url)
            assert answer.status_code == 403 and made.detail not in answer.content.decode()


def test_the_rest_of_participation_is_shown_to_the_districts_administrators(client, world,
                                                                            micro):  # fmt: skip
    """A micro-project with its milestones and spending (no receipt), a claim, a council with
    its members (elected) and notices, a meeting with its resolutions and steps, a call with its
    steps."""
    _named(micro.manager, "社区主任")
    election = make_election(world, 1).row
    participation.CouncilNotice.objects.create(council=election.council, title="年度重点工作通报",
                                               body="……", sent_at=timezone.now(),
                                               sent_by=world.leader["east"])  # fmt: skip
    follow_up = make_follow_up(world, 1).row
    project = participation.Project.objects.create(proposal=micro.proposals[0],
                                                   implementer="示范施工队")  # fmt: skip
    participation.Milestone.objects.create(project=project, title="扶手进场", due_on=TODAY)
    participation.Spending.objects.create(
        project=project, spent_on=TODAY, item="不锈钢扶手", amount=Decimal("12000"),
        receipt="participation/receipts/2026/r-1.pdf", entered_by=micro.manager,
    )  # fmt: skip
    claim = participation.Claim.objects.create(area=world.tree.community, project=project,
                                               claimant="volunteer", volunteer="赵阿姨",
                                               hours=Decimal("3"), recorded_by=micro.manager)  # fmt: skip
    participation.CallStep.objects.create(call=micro.call, action="tally", from_state="open",
                                          to_state="tallied", at=timezone.now(),
                                          actor=micro.manager, note="两人复核无误")  # fmt: skip
    pages = {
        change(project): ["示范施工队", "扶手进场", "不锈钢扶手"],
        change(claim): ["赵阿姨"],
        change(election.council): ["候选人甲1", "年度重点工作通报"],  # elected: a member now
        change(follow_up.resolution.meeting): ["同意加装电梯1", "王先生"],
        change(micro.call): ["两人复核无误"],
    }
    for user in (world.root, world.district):
        client.force_login(user)
        for model in (participation.Project, participation.Claim):
            assert client.get(changelist(model)).status_code == 200
        for url, texts in pages.items():
            body = client.get(url).content.decode()
            assert all(t in body for t in texts), (url, texts)
            assert not _english(body), url
            assert "r-1.pdf" not in body  # receipts are opened on the project's page only
    for url in [changelist(participation.Project), changelist(participation.Claim), *pages]:
        assert get(client, world.east, url).status_code == 403


NEW = [*SCOPED, *DISTRICT, participation.Project, participation.Claim]


@pytest.mark.parametrize("model", NEW, ids=lambda m: m._meta.label)
def test_view_only_and_no_encrypted_column(world, model):
    model_admin = admin.site._registry[model]
    request = RequestFactory().get("/admin/")
    request.user = world.district  # an administrator, not a superuser
    assert model_admin.has_view_permission(request)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
    shown = [*model_admin.get_list_display(request), *model_admin.get_fields(request)]
    for inline in model_admin.get_inline_instances(request):
        assert inline.has_view_permission(request)
        assert not inline.has_add_permission(request, None)
        assert not inline.has_change_permission(request)
        assert not inline.has_delete_permission(request)
        shown += list(inline.get_fields(request))
    assert not [f for f in shown if isinstance(f, str) and f.endswith(("_enc", "_index"))]


def test_no_phone_leaves_the_board_or_the_advisers_record(client, world):
    entry = make_board_entry(world, "east", 1).row
    made = make_counsel(world, 1)
    client.force_login(world.root)
    for url in (changelist(workforce.BoardEntry), change(entry), change(made.row)):
        body = client.get(url).content.decode()
        assert "13912345678" not in body and "13812345678" not in body
        assert entry.phone_enc not in body
    assert "139****5678" in client.get(change(entry)).content.decode()


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as seen:
        assert client.get(url).status_code == 200
    return len(seen)


@pytest.mark.parametrize("model", [*SCOPED, *DISTRICT], ids=lambda m: m._meta.label)
def test_a_list_page_costs_the_same_whatever_its_rows(client, world, model, settings):
    settings.CIVICGRID_CACHE_RECHECK = 3600  # no stamp read falls due between two pages

    def make(n):
        return SCOPED[model](world, "east", n) if model in SCOPED else DISTRICT[model](world, n)

    client.force_login(world.district)
    url = changelist(model)
    counts = []
    for n in (1, 2, 3):
        make(n)
        client.get(url)  # the grants read again (a unit made drops them), the session
        counts.append(_queries(client, url))
    assert counts[0] == counts[1] == counts[2]


APPS = ("party", "workforce", "finance", "estates", "commercial", "campaigns", "disputes",
        "participation", "evaluation")  # fmt: skip


def test_every_inline_of_these_apps_is_shown_to_the_administrators_of_its_parent(world):
    """An inline asks the predicate of its admin (``ScopedInline``, ``RulesInline``), not
    Django's model permissions, which civicgrid's administrators do not hold: else its rows
    would be a superuser's only."""
    request = RequestFactory().get("/admin/")
    request.user = world.district
    hidden = [
        f"{type(model_admin).__name__}.{inline.__name__}"
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in APPS
        for inline in model_admin.inlines
        if not inline(model, admin.site).has_view_permission(request)
    ]
    assert hidden == []
