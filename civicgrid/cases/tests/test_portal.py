"""The residents' portal: report without an account, follow by number, rate with a phone check."""

import pytest

from civicgrid.cases.models import Case
from civicgrid.cases.services import case_transition

from .fixtures import MONDAY, walk
from .test_intake import jpeg

pytestmark = pytest.mark.django_db
FORM = {
    "case_class": "06010",
    "answer_volume": "small",
    "description": "楼下垃圾堆了三天",
    "lon": "121.41",
    "lat": "31.12",
    "reporter_name": "居民王",
    "reporter_phone": "13812345678",
    "idempotency_key": "portal-1",
}


def test_report_follow_and_rate(client, loop):
    assert client.get("/portal/").status_code == 200
    assert client.get("/portal/?case_class=06010").content.decode().count("answer_volume") >= 1
    assert len(client.get("/portal/map.geojson").json()["features"]) == 3
    response = client.post("/portal/", {**FORM, "photos": [jpeg()]})
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/portal/cases/{case.number}/"
    assert case.channel == "web" and case.reporter_user is None
    # a double submit of the same form records nothing new
    client.post("/portal/", FORM)
    assert Case.objects.count() == 1
    page = client.get(f"/portal/cases/{case.number}/").content.decode()
    assert case.number in page and "13812345678" not in page and "居民王" not in page
    assert "已上报" in page and ">reported<" not in page  # steps in words, not codes
    assert client.get("/portal/follow/", {"number": case.number.lower()}).status_code == 302
    assert client.get("/portal/cases/SQ00000000000000/").status_code == 404
    # handled and closed by the staff
    walk(case, loop)
    # the wrong phone is refused; the right one rates
    client.post(
        f"/portal/cases/{case.number}/rate", {"rating": "satisfied", "phone": "13900000000"}
    )
    assert Case.objects.get().rating == ""
    client.post(f"/portal/cases/{case.number}/rate", {"rating": "basic", "phone": "138 1234 5678"})
    case.refresh_from_db()
    assert case.rating == "basic"
    assert case.events.last().data["by"] == "reporter"


def test_bad_report_names_the_problem_and_writes_nothing(client, loop):
    response = client.post("/portal/", {**FORM, "lon": "120.0", "lat": "30.0"})
    assert response.status_code == 400 and Case.objects.count() == 0
    response = client.post(
        "/portal/", {**FORM, "case_class": "AP002", "reporter_name": "", "reporter_phone": ""}
    )
    assert response.status_code == 400 and Case.objects.count() == 0


def test_resident_account_rates_without_a_phone(client, loop):
    client.force_login(loop.resident)
    client.post("/portal/", {**FORM, "reporter_phone": "", "reporter_name": ""})
    case = Case.objects.get()
    assert case.reporter_user == loop.resident
    walk(case, loop)
    client.post(f"/portal/cases/{case.number}/rate", {"rating": "dissatisfied"})
    assert Case.objects.get().rating == "dissatisfied"


def test_a_merged_report_points_to_the_case_that_deals_with_it(client, loop):
    client.post("/portal/", FORM)
    client.post("/portal/", {**FORM, "idempotency_key": "portal-2"})
    first, second = Case.objects.order_by("id")
    case_transition(
        case_id=second.pk,
        action="merge",
        actor=loop.operator,
        now=MONDAY,
        data={"into": first.number},
    )
    page = client.get(f"/portal/cases/{second.number}/").content.decode()
    assert first.number in page


def test_one_address_cannot_flood_the_portal(client, loop, settings):
    settings.CIVICGRID_PORTAL_REPORTS_PER_HOUR = 3
    for i in range(3):
        form = {**FORM, "idempotency_key": f"k{i}", "reporter_phone": f"1381234567{i}"}
        assert client.post("/portal/", form).status_code == 302
    response = client.post("/portal/", {**FORM, "idempotency_key": "k9"})
    assert response.status_code == 429 and Case.objects.count() == 3
    assert "稍后再试" in response.content.decode()
    # another address is not held back
    other = client.post("/portal/", {**FORM, "idempotency_key": "k8"}, REMOTE_ADDR="10.1.2.3")
    assert other.status_code == 302 and Case.objects.count() == 4


def test_one_phone_cannot_flood_the_portal_from_many_addresses(client, loop, settings):
    settings.CIVICGRID_PORTAL_REPORTS_PER_PHONE_PER_DAY = 2
    for i in range(2):
        form = {**FORM, "idempotency_key": f"p{i}"}
        assert client.post("/portal/", form, REMOTE_ADDR=f"10.0.0.{i}").status_code == 302
    form = {**FORM, "idempotency_key": "p7", "reporter_phone": "138 1234 5678"}
    assert client.post("/portal/", form, REMOTE_ADDR="10.0.0.9").status_code == 429
    assert Case.objects.count() == 2


def test_behind_a_proxy_the_forwarded_client_is_limited_not_the_proxy(client, loop, settings):
    settings.CIVICGRID_PROXY_COUNT = 1
    settings.CIVICGRID_PORTAL_REPORTS_PER_HOUR = 1
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    first = {**FORM, "idempotency_key": "x1", "reporter_phone": "13812340001"}
    second = {**FORM, "idempotency_key": "x2", "reporter_phone": "13812340002"}
    # the client wrote a fake address on the left; the proxy appended the real one
    spoofed = "1.1.1.1, 203.0.113.5"
    assert client.post("/portal/", first, HTTP_X_FORWARDED_FOR=spoofed, **proxy).status_code == 302
    again = "9.9.9.9, 203.0.113.5"
    assert client.post("/portal/", second, HTTP_X_FORWARDED_FOR=again, **proxy).status_code == 429
    third = {**second, "idempotency_key": "x3"}
    assert (
        client.post("/portal/", third, HTTP_X_FORWARDED_FOR="203.0.113.6", **proxy).status_code
        == 302
    )


def test_guessing_the_reporters_phone_is_stopped(client, loop, settings):
    settings.CIVICGRID_RATING_FAILURES_PER_HOUR = 3
    client.post("/portal/", FORM)
    case = Case.objects.get()
    walk(case, loop)
    url = f"/portal/cases/{case.number}/rate"
    for guess in ("13900000001", "13900000002", "13900000003"):
        client.post(url, {"rating": "satisfied", "phone": guess}, REMOTE_ADDR=f"10.9.9.{guess[-1]}")
    # the right number no longer helps for this case within the hour, from any address
    page = client.post(url, {"rating": "basic", "phone": "13812345678"}, follow=True)
    assert Case.objects.get().rating == "" and "一小时" in page.content.decode()


def test_nearby_reports_to_follow_instead(client, loop):
    from civicgrid.cases.services import Report, case_report

    def report(code="06010", answers=None, lon=121.41):
        return case_report(
            actor=None,
            report=Report(
                case_class=code,
                channel="web",
                answers={"volume": "small"} if answers is None else answers,
                lon=lon,
                lat=31.12,
                description="门口垃圾",
                reporter_name="赵",
                reporter_phone="13912345678",
            ),
        )

    near = report()
    report(code="AP001", answers={})  # an appeal: about a person, never shown
    closed = walk(report(), loop)
    url = "/portal/nearby"
    body = client.get(url, {"case_class": "06010", "lon": "121.4101", "lat": "31.1201"})
    text = body.content.decode()
    assert near.number in text and f"/portal/cases/{near.number}/" in text
    assert closed.number not in text and "赵" not in text and "5678" not in text
    assert (
        client.get(url, {"case_class": "AP001", "lon": "121.41", "lat": "31.12"}).content.strip()
        == b""
    )
    assert (
        client.get(url, {"case_class": "06010", "lon": "121.49", "lat": "31.12"}).content.strip()
        == b""
    )
    assert client.get(url, {"case_class": "06010", "lon": "x"}).status_code == 200
    page = client.get("/portal/?case_class=06010").content.decode()
    assert 'id="nearby"' in page and "cg:placed from:body" in page
