"""Field work on a phone: where a field worker lands after login, the queues as cards (in scope
shown, out of scope absent), the main action at the top of the case, before and after photos,
and the patrol report (no reporter fields, fixed on the spot)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from civicgrid.cases.models import Case
from civicgrid.cases.services import case_transition
from civicgrid.cases.tests.fixtures import walk
from civicgrid.cases.tests.test_intake import jpeg
from civicgrid.cases.tests.test_views import seeded
from civicgrid.web.phone import clock

pytestmark = pytest.mark.django_db

ANDROID = (
    "Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0 Mobile Safari/537.36"
)
TABLET = (
    "Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0 Safari/537.36"
)
DESKTOP = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0"


def dispatched(loop):
    case = seeded(loop)
    walk(case, loop, until="dispatch")
    return case


# the landing ---------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["handler", "supervisor"])
def test_field_workers_land_on_the_phone_page_on_a_phone(client, loop, who):
    client.force_login(getattr(loop, who))
    response = client.get("/", headers={"user-agent": ANDROID})
    assert response.status_code == 302 and response["Location"] == reverse("phone")
    assert client.get("/", headers={"user-agent": DESKTOP}).status_code == 200
    assert client.get("/", headers={"user-agent": TABLET}).status_code == 200
    # the browser's client hint says "phone" too
    assert client.get("/", headers={"sec-ch-ua-mobile": "?1"}).status_code == 302


def test_desk_roles_keep_the_home_page_on_a_phone(client, loop):
    for user in (loop.operator, loop.dispatcher, loop.resident):
        client.force_login(user)
        response = client.get("/", headers={"user-agent": ANDROID})
        assert response.get("Location") != reverse("phone")  # (a resident goes to their area)


def test_the_desktop_and_phone_links_override_the_guess(client, loop):
    client.force_login(loop.handler)
    response = client.get(reverse("phone_switch"), {"to": "desktop"})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert response.cookies["cg_device"].value == "desktop"
    home = client.get("/", headers={"user-agent": ANDROID})
    assert home.status_code == 200 and "?to=phone" in home.content.decode()
    response = client.get(reverse("phone_switch"), {"to": "phone", "next": "/cases/"})
    assert response["Location"] == "/cases/"
    assert client.get("/", headers={"user-agent": DESKTOP}).status_code == 302
    # another site is never the way back; an unknown choice is not a page
    response = client.get(reverse("phone_switch"), {"to": "phone", "next": "https://evil.test/"})
    assert response["Location"] == reverse("phone")
    assert client.get(reverse("phone_switch"), {"to": "tv"}).status_code == 404
    assert "?to=desktop" in client.get(reverse("phone")).content.decode()


# the queues ----------------------------------------------------------------------------------


def test_a_handlers_queue_to_sign_then_to_handle(client, loop):
    case = dispatched(loop)
    client.force_login(loop.handler)
    page = client.get(reverse("phone")).content.decode()
    assert 'id="q-sign"' in page and f"/cases/{case.pk}/#act-sign" in page
    assert 'class="cg-cards"' in page and f'data-state="{case.state}"' not in page  # reloaded
    case.refresh_from_db()
    assert f'data-state="{case.state}"' in page and 'data-lon="121.410000"' in page
    case_transition(case_id=case.pk, action="sign", actor=loop.handler)
    page = client.get(reverse("phone")).content.decode()
    assert f"/cases/{case.pk}/#act-report_handled" in page
    assert f"/cases/{case.pk}/#act-sign" not in page
    # another unit's handler: not in their queue, and the case is not there for them
    client.force_login(loop.other_handler)
    assert case.number not in client.get(reverse("phone")).content.decode()
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 404


def test_a_grid_workers_tasks_in_their_grid_only(client, loop):
    case = seeded(loop)
    case_transition(case_id=case.pk, action="send_to_verify", actor=loop.operator)
    client.force_login(loop.supervisor)
    page = client.get(reverse("phone")).content.decode()
    assert case.number in page and 'id="q-verify"' in page and 'id="q-check"' in page
    client.force_login(loop.outsider)
    assert case.number not in client.get(reverse("phone")).content.decode()
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 404


def test_the_card_colour_follows_the_yellow_and_red_points(loop):
    case = Case.objects.get(pk=dispatched(loop).pk)
    before_yellow = case.yellow_at - dt.timedelta(minutes=1)
    assert clock(case, before_yellow)[1] == "ok"
    assert clock(case, case.yellow_at)[1] == "yellow"
    assert clock(case, case.red_at)[1] == "red"
    assert clock(case, case.due_at + dt.timedelta(hours=2))[1] == "over"
    assert clock(case, before_yellow)[0].due == case.due_at
    case.suspended_at = case.due_at
    assert clock(case, before_yellow) == (None, "")


def test_the_badge_is_on_the_card(client, loop):
    case = dispatched(loop)
    client.force_login(loop.handler)
    page = client.get(reverse("phone")).content.decode()
    due = Case.objects.get(pk=case.pk).due_at
    assert f'data-due="{due.isoformat()}"' in page
    level = "over" if due < timezone.now() else ""
    assert f'class="cg-deadline is-{level}' in page and f'class="cg-card is-{level}' in page


# the case page -------------------------------------------------------------------------------


def test_the_main_action_is_a_button_at_the_top(client, loop):
    case = dispatched(loop)
    client.force_login(loop.handler)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    button = page.index('id="main-action"')
    assert 'href="#act-sign" data-open-action id="main-action"' in page
    assert button < page.index(case.case_class.label) < page.index('id="act-sign"')
    # on a phone the actions come before the timeline (the page's order)
    assert page.index('id="act-sign"') < page.index("list-group-numbered")


def test_the_checker_sees_before_and_after_side_by_side(client, loop):
    case = seeded(loop)
    walk(case, loop, until="report_handled")
    case_transition(case_id=case.pk, action="send_check", actor=loop.operator)
    client.force_login(loop.supervisor)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "cg-before-after" in page
    before, after = (case.attachments.get(kind=k).pk for k in ("report", "after"))
    pair = page[page.index("cg-before-after") :]
    assert pair.index(f"/attachments/{before}") < pair.index(f"/attachments/{after}")


# the patrol report ---------------------------------------------------------------------------


def _patrol(**more):
    data = {
        "case_class": "06010",
        "answer_volume": "small",
        "description": "路边垃圾堆放",
        "lon": "121.41",
        "lat": "31.12",
        "idempotency_key": "",
    }
    data.update(more)
    return data


def test_the_patrol_form_asks_no_reporter(client, loop):
    client.force_login(loop.supervisor)
    page = client.get(reverse("patrol")).content.decode()
    assert 'capture="environment"' in page and 'name="self_handle"' in page
    assert "reporter_name" not in page and "reporter_phone" not in page
    for user in (loop.operator, loop.handler, loop.resident):
        client.force_login(user)
        assert client.get(reverse("patrol")).status_code == 404


def test_a_patrol_report_through_the_intake(client, loop):
    client.force_login(loop.supervisor)
    response = client.post(
        reverse("patrol"),
        _patrol(photos=[jpeg()], reporter_name="冒名", reporter_phone="13900000000"),
    )
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/cases/{case.pk}/")
    assert case.channel == "patrol" and case.state == "reported" and case.tier_opened == "grid"
    assert case.reporter_user == loop.supervisor and case.reporter_name == ""
    assert case.reporter_phone_masked == "" and not case.reporter_phone_enc
    assert case.answers == {"volume": "small"}
    assert list(case.attachments.values_list("kind", flat=True)) == ["report"]


def test_fixed_on_the_spot_closes_with_the_photos_after(client, loop):
    client.force_login(loop.supervisor)
    response = client.post(
        reverse("patrol"),
        _patrol(
            photos=[jpeg("before.jpg")],
            after_photos=[jpeg("after.jpg")],
            self_handle="on",
            note="已清理",
        ),
    )
    case = Case.objects.get()
    assert response.status_code == 302 and case.state == "closed" and case.self_handled
    assert sorted(case.attachments.values_list("kind", flat=True)) == ["after", "report"]
    assert case.events.filter(action="self_handle", note="已清理").exists()


def test_a_refused_patrol_report_names_the_field_and_keeps_the_answers(client, loop):
    client.force_login(loop.supervisor)
    response = client.post(reverse("patrol"), _patrol(lon="", lat=""))
    page = response.content.decode()
    assert response.status_code == 400 and Case.objects.count() == 0
    assert "位置" in page or "地点" in page
    assert 'value="small" selected' in page and "路边垃圾堆放" in page
    response = client.post(reverse("patrol"), _patrol(self_handle="on"))
    assert response.status_code == 400 and Case.objects.count() == 0
    for hostile in (
        {"case_class": "<script>"},
        {"lon": "east"},
        {"lon": "200"},
        {"description": "<b>x</b>"},
        {"description": "长" * 4001},
        {"address": "路" * 201, "lon": "", "lat": ""},
    ):
        response = client.post(reverse("patrol"), _patrol(**hostile))
        assert response.status_code == 400 and Case.objects.count() == 0, hostile
        assert 'class="alert alert-danger"' in response.content.decode(), hostile


def test_the_class_search_offers_choices_to_tap(client, loop):
    client.force_login(loop.supervisor)
    page = client.get(reverse("patrol_classes"), {"q": "bllj"}).content.decode()
    assert 'value="06010"' in page and 'type="radio"' in page
    page = client.get(reverse("patrol_classes"), {"q": "垃圾", "case_class": "01001"})
    assert 'value="01001" autocomplete="off" checked' in page.content.decode()
    assert client.get(reverse("patrol_classes"), {"q": ""}).status_code == 200
    assert client.get(reverse("patrol_classes"), {"q": "垃" * 5000}).status_code == 200
    client.force_login(loop.handler)
    assert client.get(reverse("patrol_classes"), {"q": "垃圾"}).status_code == 404


def test_the_words_matches_come_before_a_choice_kept_from_earlier(client, loop):
    client.force_login(loop.supervisor)
    page = client.get(reverse("patrol_classes"), {"q": "bllj", "case_class": "01001"})
    html = page.content.decode()
    assert html.index('value="06010"') < html.index('value="01001"')  # 暴露垃圾 first
