"""A resident's own area: their navigation, never the staff application, their reports in plain
words (only theirs), the resident's view of a case, the rating, the report form filled in."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils.translation import gettext as _

from civicgrid.accounts import services as accounts
from civicgrid.accounts.choices import Role
from civicgrid.accounts.tests.factories import user_with_role
from civicgrid.cases.models import Case, CaseAttachment
from civicgrid.cases.portal_resident import progress, status_words
from civicgrid.cases.services import Report, case_report
from civicgrid.catalogue.plain import CHOICES
from civicgrid.notifications.models import Notification
from civicgrid.participation import opinion_views

from .fixtures import MONDAY, walk

pytestmark = pytest.mark.django_db

STAFF_MENU = ("/cases/", "/register/persons/", "/register/households/", "/register/buildings/",
              "/api/v1/docs", "/areas/", "/disputes/")  # fmt: skip


def reported(user, *, key="k", phone="13812345678", description="楼下垃圾堆了三天"):
    return case_report(
        actor=user,
        report=Report(
            case_class="06010",
            answers={"volume": "small"},
            channel="web",
            lon=121.41,
            lat=31.12,
            description=description,
            reporter_name="王小明",
            reporter_phone=phone,
            idempotency_key=key,
        ),
        now=MONDAY,
    )


@pytest.fixture
def residents(loop, tree):
    """The loop's resident (an account, no role) and one holding the resident role."""
    return [loop.resident, user_with_role("resident2", tree.grid1, Role.RESIDENT)]


def _nav(page: str) -> str:
    return page.split('<nav class="navbar', 1)[1].split("</nav>", 1)[0]


def test_a_residents_menu_is_their_area_and_a_staff_menu_is_not(client, loop, residents):
    for resident in residents:
        client.force_login(resident)
        nav = _nav(client.get(reverse("portal:area")).content.decode())
        for text in ("Report a problem", "My reports", "Opinions and votes", "Votes and micro-projects",
                     "Notices", "Log out"):  # fmt: skip
            assert _(text) in nav, text
        for url in STAFF_MENU:
            assert f'href="{url}"' not in nav, url
        for text in ("Cases", "Persons", "Households", "Buildings", "API"):
            assert f">{_(text)}<" not in nav, text
    client.force_login(loop.dispatcher)
    nav = _nav(client.get(reverse("portal:report")).content.decode())
    assert 'href="/cases/"' in nav and _("My reports") not in nav


def test_a_resident_lands_in_their_area(client, residents):
    for resident in residents:
        client.force_login(resident)
        assert client.get("/").url == reverse("portal:area")


def test_staff_pages_send_a_resident_to_their_own_or_are_not_there(client, loop, residents):
    mine = reported(residents[0], key="m")
    other = reported(residents[1], key="o")
    client.force_login(residents[0])
    assert client.get("/cases/").url == reverse("portal:mine")
    # the staff page of their own case (a typed URL or an old link) opens their view of it
    assert client.get(f"/cases/{mine.pk}/").url == reverse("portal:mine_case", args=[mine.number])
    assert client.get(f"/cases/{other.pk}/").status_code == 404
    assert client.get("/cases/999999/").status_code == 404
    for url in ("/register/persons/", "/register/households/", "/register/buildings/"):
        got = client.get(url)
        assert got.status_code == 404 and "页面不存在" in got.content.decode(), url
    # the resident's view of their case names no staff and shows no internal note
    walk(mine, loop, until="close", close_note="已清运")
    page = client.get(reverse("portal:mine_case", args=[mine.number])).content.decode()
    for staff in ("shift_lead", "dispatcher", "handler", loop.department.name):
        assert staff not in page or staff == loop.department.name, staff


def test_the_inbox_links_of_a_resident_open_their_view(
    client, loop, residents, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case = reported(residents[0])
        walk(case, loop, until="dispatch")
    notes = list(Notification.objects.filter(user=residents[0]))
    assert notes
    client.force_login(residents[0])
    inbox = client.get(reverse("inbox")).content.decode()
    assert _("Notices") in inbox
    for note in notes:
        assert f'href="{note.url}"' in inbox
        page = client.get(note.url)
        assert page.status_code == 200
        text = page.content.decode()
        assert (_("Passed to %(units)s") % {"units": loop.department.name}) in text
        assert _("My reports") in text
    # a link sent to the staff page before lands on their view too
    old = client.get(f"/cases/{case.pk}/", follow=True)
    assert old.redirect_chain[-1][0] == reverse("portal:mine_case", args=[case.number])


def test_my_reports_are_mine_only_in_plain_words(client, loop, residents):
    first = reported(residents[0], key="a")
    second = reported(residents[0], key="b", description="路灯不亮")
    theirs = reported(residents[1], key="c", description="别人的反映")
    walk(second, loop, until="close")
    client.force_login(residents[0])
    page = client.get(reverse("portal:mine")).content.decode()
    assert f">{first.number}<" not in page  # no number to type: the class, date and place
    assert reverse("portal:mine_case", args=[first.number]) in page
    assert reverse("portal:mine_case", args=[second.number]) in page
    assert "别人的反映" not in page and theirs.number not in page
    assert _("Sent, waiting to be taken up") in page and _("Finished: please rate it") in page
    assert _("Rate it") in page
    assert client.get(reverse("portal:mine_case", args=[theirs.number])).status_code == 404
    client.logout()
    assert client.get(reverse("portal:mine")).status_code == 302  # to the login page


def test_a_finished_report_shows_its_steps_reply_photos_and_is_rated(client, loop, residents):
    case = reported(residents[0])
    walk(case, loop, until="close", close_note="已清运，联系电话13987654321")
    after = case.attachments.first() or CaseAttachment.objects.create(
        case=case, kind="after", file=ContentFile(b"x", name="a.jpg"), content_type="image/jpeg",
        size=1, sha256="0" * 64)  # fmt: skip
    CaseAttachment.objects.filter(case=case).update(public=False)
    CaseAttachment.objects.filter(pk=after.pk).update(public=True)
    client.force_login(residents[0])
    url = reverse("portal:mine_case", args=[case.number])
    page = client.get(url).content.decode()
    for words in ("Taken up", "Being dealt with", "Finished", "To be rated", "Reply"):
        assert _(words) in page, words
    assert loop.department.name in page and "已清运" in page
    assert "13987654321" not in page and "139****4321" in page
    photo = reverse("portal:photo", args=[case.number, after.pk])
    assert photo in page
    assert client.get(photo).status_code == 200
    hidden = CaseAttachment.objects.exclude(pk=after.pk).filter(case=case).first()
    if hidden is not None:
        assert client.get(reverse("portal:photo", args=[case.number, hidden.pk])).status_code == 404
    assert 'id="rate-form"' in page and 'name="phone"' not in page
    got = client.post(
        reverse("portal:rate", args=[case.number]), {"rating": "satisfied", "resolved": "yes"}
    )
    assert got.status_code == 302
    assert Case.objects.get(pk=case.pk).rating == "satisfied"
    page = client.get(url).content.decode()
    assert 'id="rate-form"' not in page and _("Rated") in page
    client.force_login(residents[1])
    assert client.get(photo).status_code == 404


def test_the_report_form_is_filled_in_from_the_account_and_editable(client, residents):
    resident = residents[0]
    resident.display_name = "王小明"
    resident.save()
    client.force_login(resident)
    page = client.get(reverse("portal:report")).content.decode()
    assert 'value="王小明"' in page and 'name="anonymous"' in page
    for choice in CHOICES:
        assert f'data-choice="{choice.key}"' in page and str(choice.label) in page
    reported(resident, phone="13912345678")
    page = client.get(reverse("portal:report")).content.decode()
    assert 'value="13912345678"' in page  # their own phone, from their last report
    narrowed = client.get(reverse("portal:report"), {"choice": "noise"}).content.decode()
    assert 'value="06028"' in narrowed and 'value="06010"' not in narrowed
    # report with a plain choice's class, another name and the anonymous box: kept as given
    got = client.post(
        reverse("portal:report"),
        {"case_class": "06028", "answer_source": ["shop"], "lon": "121.41", "lat": "31.12",
         "reporter_name": "小王", "reporter_phone": "13912345678", "idempotency_key": "x1",
         "description": "夜里KTV很吵"},
    )  # fmt: skip
    assert got.status_code == 302
    case = Case.objects.get(idempotency_key="x1")
    assert case.reporter_user == resident and case.reporter_name == "小王"
    assert got.url == reverse("portal:case", args=[case.number])
    assert "噪声扰民" in client.get(got.url).content.decode()
    assert client.get(reverse("portal:mine")).content.decode().count("portal/mine/") >= 2


def test_the_plain_words_follow_the_loop(loop, residents):
    case = reported(residents[0])
    assert status_words(case) == _("Sent, waiting to be taken up")
    case = walk(case, loop, until="dispatch")
    steps = progress(case, loop.department.name)
    assert [s.done for s in steps] == [True, True, True, False, False, False]
    assert steps[2].current and loop.department.name in steps[2].label
    case = walk(reported(residents[0], key="2"), loop, until="close")
    steps = progress(case, "")
    assert all(s.done for s in steps[:5]) and steps[5].current and not steps[5].done
    assert status_words(case) == _("Finished: please rate it")


def test_the_api_docs_are_not_a_residents_page(client, loop, residents):
    for resident in residents:
        client.force_login(resident)
        for url in ("/api/v1/docs", "/api/v1/openapi.json"):
            got = client.get(url)
            assert got.status_code == 404, url
        assert "页面不存在" in client.get("/api/v1/docs").content.decode()
    client.force_login(loop.dispatcher)
    assert client.get("/api/v1/docs").status_code == 200
    client.logout()
    assert client.get("/api/v1/openapi.json").status_code == 200  # integrators read it


def test_a_residents_stray_urls_are_pages_of_their_own(client, residents):
    case = reported(residents[0])
    client.force_login(residents[0])
    assert client.get("/cases/export").url == reverse("portal:mine")
    # the rating's address opened by hand (a reload): the case, not a blank 405
    got = client.get(reverse("portal:rate", args=[case.number]))
    assert got.status_code == 302 and got.url == reverse("portal:case", args=[case.number])
    for url in ("/portal/mine/NOPE/", "/portal/mine/NOPE/photos/1", "/cases/new/"):
        page = client.get(url)
        assert page.status_code == 404 and "页面不存在" in page.content.decode(), url


def test_opinions_and_votes_show_the_calls_open_now(client, micro, monkeypatch):
    resident = accounts.user_create(username="voter", password="pw-for-tests-123")
    client.force_login(resident)
    url = reverse("participation:public_opinion")
    monkeypatch.setattr(opinion_views, "stage", lambda call: "vote")
    page = client.get(url).content.decode()
    call = opinion_views.public_calls().first()
    assert reverse("participation:public_vote", args=[call.pk]) in page
    assert 'style="' not in page.split('id="main"', 1)[1].split("<script", 1)[0]
    monkeypatch.setattr(opinion_views, "stage", lambda call: "implement")
    page = client.get(url).content.decode()
    assert reverse("participation:public_vote", args=[call.pk]) not in page


def test_my_case_shows_my_answers_by_their_labels(client, loop, residents):
    case = reported(residents[0], key="answers")
    client.force_login(residents[0])
    page = client.get(reverse("portal:mine_case", args=[case.number])).content.decode()
    assert "少量（一袋以内）" in page or "Small (up to a bag)" in page
    assert "volume" not in page and ": small" not in page
