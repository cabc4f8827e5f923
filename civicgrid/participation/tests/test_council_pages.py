"""The council, meeting, opinion and claim pages: in scope (200) or 404, forms that write and
forms whose bad input is named and writes nothing; the published summaries without names."""

import datetime as dt

import pytest
from django.utils import timezone

from civicgrid.accounts import services as accounts
from civicgrid.core.errors import DomainError
from civicgrid.participation import councils
from civicgrid.participation.models import Claim, Council, Election, Meeting, Opinion

from .fixtures import SH

pytestmark = pytest.mark.django_db


def test_councils_and_elections(client, micro, loop):
    client.force_login(micro.manager)
    form = {
        "area": micro.call.area.pk,
        "kind": "residents",
        "name": "东一议事会第一届",
        "term_from": "2026-01-01",
        "term_until": "2030-12-31",
        "seats": "3",
    }
    assert client.post("/participation/councils/", form).status_code == 302
    council = Council.objects.get()
    url = f"/participation/councils/{council.pk}/"
    (a, _, na), (b, _, nb), (_c, _, nc) = micro.residents[:3]
    client.post(url, {"action": "member", "id_number": na, "role": "chair"})
    assert council.members.get().person == a
    bad = client.post(url, {"action": "member", "id_number": micro.outsider[2], "role": "member"})
    assert bad.status_code == 200 and council.members.count() == 1
    election = {
        "action": "election",
        "held_on": "2026-01-10",
        "seats": "2",
        "eligible": "10",
        "ballots": "8",
        "invalid": "0",
        "candidates": f"{na}, 6\n{nb}，5\n{nc}, 2",
    }
    assert client.post(url, election).status_code == 302
    assert {x.person for x in Election.objects.get().candidates.filter(elected=True)} == {a, b}
    page = client.get(url).content.decode()
    assert "80.0" in page and a.name in page
    client.force_login(loop.outsider)
    assert client.get(url).status_code == 404
    assert client.get("/participation/councils/").status_code == 200  # their own community
    assert council.name not in client.get("/participation/councils/").content.decode()


def test_meetings_from_call_to_public_summary(client, micro):
    client.force_login(micro.council)
    start = timezone.localtime(timezone.now()).replace(tzinfo=None, microsecond=0)
    form = {
        "area": micro.call.area.pk,
        "kind": "coordination",
        "title": "停车协调会",
        "agenda": "小区停车位分配",
        "starts_at": start.isoformat(),
        "place": "社区活动室",
        "invite": "王经理，物业公司\n李警官, 派出所",
    }
    assert client.post("/participation/meetings/", form).status_code == 302
    meeting = Meeting.objects.get()
    assert [a.organisation for a in meeting.attendees.all()] == ["物业公司", "派出所"]
    url = f"/participation/meetings/{meeting.pk}/"
    for attendee in meeting.attendees.all():
        client.post(url, {"action": "sign_in", "attendee": attendee.pk})
    client.post(url, {"action": "hold", "minutes": "双方同意错峰停车。"})
    bad = client.post(
        url,
        {
            "action": "resolve",
            "text": "错峰停车",
            "votes_for": "x",
            "votes_against": "0",
            "abstentions": "0",
        },
    )
    assert bad.status_code == 200 and not meeting.resolutions.exists()
    client.post(
        url,
        {
            "action": "resolve",
            "text": "实行错峰停车",
            "votes_for": "2",
            "votes_against": "0",
            "abstentions": "0",
        },
    )
    client.post(url, {"action": "publish", "summary": "协调会同意实行错峰停车。"})
    public = client.get("/participation/public/meetings/").content.decode()
    assert "协调会同意实行错峰停车" in public and "王经理" not in public and "李警官" not in public
    client.logout()
    assert client.get("/participation/public/meetings/").status_code == 200


def test_opinions_and_claims_pages(client, micro, loop, django_user_model, settings):
    resident = django_user_model.objects.create_user("r1", password="pw-for-tests-123")
    client.force_login(resident)
    sent = client.post(
        "/participation/public/opinions/new", {"area": micro.call.area.pk, "text": "路灯不亮"}
    )
    assert sent.status_code == 302 and Opinion.objects.get().channel == "portal"
    settings.CIVICGRID_OPINIONS_PER_HOUR = 1  # a second in the hour is refused
    again = client.post(
        "/participation/public/opinions/new", {"area": micro.call.area.pk, "text": "还是不亮"}
    )
    assert again.status_code == 200 and Opinion.objects.count() == 1
    client.force_login(micro.council)
    page = client.get("/participation/opinions/")
    assert page.status_code == 200 and page.context["rates"][0]["collected"] == 1
    opinion = Opinion.objects.get()
    client.post(
        "/participation/opinions/",
        {"action": "route", "opinion": opinion.pk, "to": "case", "case_class": "AP005"},
    )
    assert Opinion.objects.get().case is not None
    bad = client.get("/participation/opinions/", {"from": "2026-02-30"})
    assert bad.status_code == 200  # the bad date is named; the default period is shown
    claim = {
        "area": micro.call.area.pk,
        "claimant": "volunteer",
        "volunteer": "志愿者甲",
        "task": "助老",
        "hours": "2",
    }
    assert client.post("/participation/claims/", claim).status_code == 302
    refused = client.post("/participation/claims/", {**claim, "volunteer": ""})
    assert refused.status_code == 200 and Claim.objects.count() == 1
    client.force_login(loop.outsider)
    assert Opinion.objects.get().text not in client.get("/participation/opinions/").content.decode()

    member = micro.council.assignments.get().unit  # the community's committee
    accounts.role_assign(user=resident, unit=member, role="resident")
    client.force_login(resident)  # a resident of the community: the public pages only
    assert client.get("/participation/opinions/").status_code == 404
    assert client.get("/participation/claims/").status_code == 404
    assert client.get("/participation/councils/").status_code == 404
    assert client.get(f"/participation/{micro.call.pk}/").status_code == 404


def test_sign_in_only_on_the_day(micro):
    meeting = councils.meeting_call(
        actor=micro.council,
        area=micro.call.area,
        kind="evaluation",
        title="评议会",
        agenda="评议物业服务",
        starts_at=dt.datetime(2026, 6, 1, 19, tzinfo=SH),
        place="社区",
        invite=[("居民代表", "")],
    )

    with pytest.raises(DomainError):
        councils.attendee_sign_in(
            actor=micro.council,
            attendee=meeting.attendees.get(),
            now=dt.datetime(2026, 6, 2, 9, tzinfo=SH),
        )


def test_a_meeting_cancelled_with_its_reason_on_the_record(client, micro):
    meeting = councils.meeting_call(
        actor=micro.council, area=micro.call.area, kind="session", title="例会", agenda="议程",
        starts_at=dt.datetime(2026, 6, 1, 19, tzinfo=SH), place="社区",
    )  # fmt: skip
    client.force_login(micro.council)
    url = f"/participation/meetings/{meeting.pk}/"
    assert client.post(url, {"action": "cancel", "reason": "台风预警"}).status_code == 302
    assert Meeting.objects.get(pk=meeting.pk).status == "cancelled"
    page = client.get(url).content.decode()
    assert "台风预警" in page and micro.council.username in page
    again = client.post(url, {"action": "hold", "minutes": "纪要"})
    assert again.status_code == 200 and Meeting.objects.get(pk=meeting.pk).status == "cancelled"
