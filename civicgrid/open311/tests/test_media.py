"""Photos reach the public only when the centre chooses them (decision 0008), and Open311 links
to them as ``media_url``."""

import pytest
from django.urls import reverse

from civicgrid.cases.models import CaseAttachment
from civicgrid.cases.services import Report, case_report, case_transition
from civicgrid.cases.tests.fixtures import MONDAY, walk
from civicgrid.cases.tests.test_intake import jpeg
from civicgrid.core.errors import DomainError

from .test_services import as_json

pytestmark = pytest.mark.django_db
WINDOW = {"start_date": "2026-11-01T00:00:00+08:00"}


def reported(loop, code="06010", answers=None):
    report = Report(
        case_class=code,
        answers={"volume": "small"} if answers is None else answers,
        lon=121.41,
        lat=31.12,
        description="垃圾",
        photos=[jpeg()],
    )
    return case_report(actor=loop.operator, report=report, now=MONDAY)


def show(case, actor, ids):
    return case_transition(
        case_id=case.pk, action="publish_photos", actor=actor, data={"shown": ids}, now=MONDAY
    )


def item(client, case):
    (found,) = as_json(client.get("/open311/v2/requests.json", {"service_request_id": case.number}))
    return found


def test_a_photo_is_shown_only_once_chosen(client, loop):
    case = reported(loop)
    photo = case.attachments.get()
    assert item(client, case)["media_url"] is None
    url = f"/open311/v2/media/{photo.pk}.jpg"
    assert client.get(url).status_code == 404
    show(case, loop.operator, [photo.pk])
    assert item(client, case)["media_url"] == f"http://testserver{url}"
    listed = as_json(client.get("/open311/v2/requests.json", WINDOW))
    assert any(i["media_url"] == f"http://testserver{url}" for i in listed)
    served = client.get(url)
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    assert served["Cache-Control"] == "public, max-age=300"
    assert b"TestCam" not in b"".join(served.streaming_content)  # EXIF was removed at intake
    assert client.get(f"/open311/v2/media/{photo.pk}.png").status_code == 404
    # hidden again: gone at once, from the lists too
    show(case, loop.operator, [])
    assert client.get(url).status_code == 404 and item(client, case)["media_url"] is None
    events = case.events.filter(action="publish_photos").order_by("seq")
    assert [e.data for e in events] == [
        {"published": [photo.pk], "hidden": []},
        {"published": [], "hidden": [photo.pk]},
    ]
    assert not any(e.public for e in events)


def test_who_may_choose_and_what(loop):
    case = reported(loop)
    photo = case.attachments.get()
    with pytest.raises(DomainError) as refused:
        show(case, loop.handler, [photo.pk])
    assert refused.value.status in (403, 404)
    other = reported(loop)
    with pytest.raises(DomainError) as wrong:
        show(case, loop.operator, [other.attachments.get().pk])
    assert wrong.value.field == "shown"
    with pytest.raises(DomainError) as same:
        show(case, loop.operator, [])
    assert same.value.field == "shown"
    doc = CaseAttachment.objects.create(
        case=case,
        kind="document",
        file=photo.file.name,
        content_type="application/pdf",
        size=1,
        sha256="0" * 64,
    )
    with pytest.raises(DomainError):
        show(case, loop.operator, [doc.pk])
    with pytest.raises(DomainError) as bad:
        show(case, loop.shift_lead, "1,x")
    assert bad.value.field == "shown"
    show(case, loop.shift_lead, f"{photo.pk}")
    assert CaseAttachment.objects.get(pk=photo.pk).public


def test_appeals_never_show_photos_over_open311(client, loop):
    appeal = reported(loop, code="AP001", answers={})
    photo = appeal.attachments.get()
    show(appeal, loop.operator, [photo.pk])
    assert item(client, appeal)["media_url"] is None
    assert client.get(f"/open311/v2/media/{photo.pk}.jpg").status_code == 404


def test_updates_link_the_photo_of_their_step(client, loop):
    case = walk(reported(loop), loop)  # the handler's "after" photo is on report_handled
    after = case.attachments.get(kind="after")
    show(case, loop.operator, [after.pk])
    updates = as_json(client.get("/open311/v2/servicerequestupdates.json", WINDOW))
    linked = {u["media_url"] for u in updates if u["service_request_id"] == case.number}
    assert f"http://testserver/open311/v2/media/{after.pk}.jpg" in linked


def test_the_case_page_offers_the_choice(client, loop):
    case = reported(loop)
    photo = case.attachments.get()
    client.force_login(loop.operator)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert 'name="shown"' in page
    client.post(
        reverse("cases:act", args=[case.pk, "publish_photos"]),
        {"shown": [photo.pk], "version": case.version},
    )
    assert CaseAttachment.objects.get(pk=photo.pk).public
    client.force_login(loop.handler)
    assert (
        'name="shown"' not in client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    )
