"""The pages of applications, as their people use them: the clerk's intake (accept, or the notice),
the receipt and the notice printed, the office's review and decision, the list's tabs, the
resident's portal application, the public follow page and the rating; 404 for everyone else,
refusals that name the field and change nothing."""

import pytest

from civicgrid.accounts.tests.factories import user_with_role
from civicgrid.onestop.models import Application, Rating

pytestmark = pytest.mark.django_db


def intake(client, d, **extra):
    data = {"item": d.promised.code, "window": d.window.pk, "name": d.proof.name,
            "id_number": d.proof.id_number, "provided": [d.card.pk, d.photo.pk], **extra}  # fmt: skip
    return client.post(f"/services/centres/{d.centre.code}/apply", data)


def test_the_clerk_accepts_at_the_window_and_prints_the_receipt(client, desk):
    d = desk
    client.force_login(d.clerk)
    page = client.get(f"/services/centres/{d.centre.code}/apply?item={d.promised.code}"
                      f"&window={d.window.pk}")  # fmt: skip
    assert page.status_code == 200 and "居民身份证" in page.content.decode()
    answer = intake(client, d)
    app = Application.objects.get()
    assert (
        answer.status_code == 302 and answer["Location"] == f"/services/applications/{app.number}/"
    )
    assert app.window == d.window and app.status == "accepted"
    shown = client.get(answer["Location"]).content.decode()
    assert app.number in shown and d.resident.id_number_masked in shown
    assert d.proof.id_number not in shown  # never the whole number
    receipt = client.get(f"/services/applications/{app.number}/receipt").content.decode()
    assert "王*明" in receipt and d.proof.id_number not in receipt
    assert client.get(f"/services/applications/{app.number}/notice").status_code == 404
    listed = client.get("/services/applications/?show=decide").content.decode()
    assert app.number in listed


def test_the_notice_lists_everything_missing_and_hostile_input_changes_nothing(client, desk):
    d = desk
    client.force_login(d.clerk)
    refused = intake(client, d, provided=[d.photo.pk])  # the card missing, "accept"
    assert refused.status_code == 200 and "居民身份证" in refused.content.decode()
    refused = intake(client, d, name="<script>alert(1)</script>", id_number="=1+1")
    body = refused.content.decode()
    assert refused.status_code == 200 and "<script>alert(1)</script>" not in body
    assert intake(client, d, provided=["x"]).status_code == 200  # a wrong type: refused
    assert not Application.objects.exists()
    answer = intake(client, d, provided=[d.photo.pk], action="notify")
    app = Application.objects.get()
    assert answer.status_code == 302 and app.status == "notified"
    notice = client.get(f"/services/applications/{app.number}/notice").content.decode()
    assert "居民身份证" in notice and "照片" not in notice.split("<ol>")[1].split("</ol>")[0]
    assert client.get(f"/services/applications/{app.number}/receipt").status_code == 404
    # the applicant comes back: the same number accepted from its page
    page = client.post(f"/services/applications/{app.number}/",
                       {"action": "accept", "provided": [d.card.pk, d.photo.pk]})  # fmt: skip
    assert page.status_code == 302
    assert Application.objects.get(pk=app.pk).status == "accepted"


def test_the_office_reviews_and_decides_from_the_page_and_outsiders_get_404(client, desk):
    d = desk
    client.force_login(d.clerk)
    intake(client, d)
    app = Application.objects.get()
    url = f"/services/applications/{app.number}/"
    assert 'value="review"' not in client.get(url).content.decode()  # the window does not review
    client.post(url, {"action": "review"})
    assert Application.objects.get().steps_passed == 0
    client.force_login(d.handler)
    page = client.get(url).content.decode()
    assert "初审" in page and 'value="review"' in page and 'value="accept"' not in page
    assert client.post(url, {"action": "review", "note": "齐"}).status_code == 302
    assert client.post(url, {"action": "review"}).status_code == 302
    refused = client.post(url, {"action": "approve", "document": ""})
    assert refused.status_code == 200
    assert Application.objects.get().status == "reviewing"
    assert client.post(url, {"action": "approve", "document": "证书1号"}).status_code == 302
    assert Application.objects.get().status == "approved"
    assert client.post(url, {"action": "hand_over", "how": "pick_up"}).status_code == 302
    assert client.post(url, {"action": "nonsense"}).status_code == 404
    client.force_login(d.stranger)
    for path in (url, f"{url}receipt", f"/services/centres/{d.centre.code}/apply"):
        assert client.get(path).status_code == 404
    assert app.number not in client.get("/services/applications/").content.decode()


def test_a_resident_applies_follows_and_rates_and_the_office_answers(client, desk, tree):
    d = desk
    resident = user_with_role("pages_resident", tree.community, "resident")
    client.force_login(resident)
    item_page = client.get(f"/services/items/{d.promised.code}/").content.decode()
    assert f'href="/services/items/{d.promised.code}/apply"' in item_page
    assert client.get(f"/services/items/{d.instant.code}/apply").status_code == 404  # not online
    bad = client.post(f"/services/items/{d.promised.code}/apply",
                      {"name": d.proof.name, "id_number": "12345"})  # fmt: skip
    assert bad.status_code == 200 and not Application.objects.exists()
    done = client.post(f"/services/items/{d.promised.code}/apply",
                       {"name": d.proof.name, "id_number": d.proof.id_number})  # fmt: skip
    assert done.status_code == 302
    app = Application.objects.get()
    assert app.number in client.get("/services/mine/").content.decode()
    # the resident's notification link opens their own page, not the staff one
    assert client.get(f"/services/applications/{app.number}/")["Location"] == (
        f"/services/follow/{app.number}/"
    )
    from civicgrid.onestop import desk as front
    from civicgrid.onestop import office

    app = front.desk_decide(actor=d.clerk, application=app, provided=[d.card.pk, d.photo.pk])
    app = office.review(actor=d.handler, application=app)
    app = office.review(actor=d.handler, application=app)
    office.refuse(actor=d.handler, application=app, reasons="收入超标")
    client.logout()
    anonymous = f"/services/follow/{app.number}/"
    assert client.get(anonymous).status_code == 404  # not proven yet
    wrong = client.post("/services/follow/", {"number": app.number, "name": "王大明",
                                              "id_number": d.proof.id_number})  # fmt: skip
    assert wrong.status_code == 200
    opened = client.post("/services/follow/", {"number": app.number, "name": d.proof.name,
                                               "id_number": d.proof.id_number})  # fmt: skip
    assert opened["Location"] == anonymous
    page = client.get(anonymous).content.decode()
    assert "收入超标" in page and "王*明" in page and d.handler.username not in page
    assert client.post(anonymous, {"grade": "7"}).status_code == 200
    assert client.post(anonymous, {"grade": "1", "comment": "<b>太慢</b>"}).status_code == 302
    rating = Rating.objects.get()
    assert rating.bad and rating.comment == "<b>太慢</b>"
    assert "&lt;b&gt;太慢" in client.get(anonymous).content.decode()
    client.force_login(d.handler)
    assert app.number in client.get("/services/applications/?show=answer").content.decode()
    answered = client.post(f"/services/applications/{app.number}/",
                           {"action": "answer", "answer": "已回访说明"})  # fmt: skip
    assert answered.status_code == 302
    assert Rating.objects.get().answered_by == d.handler


def test_a_grid_worker_applies_for_a_resident_with_consent(client, desk):
    d = desk
    client.force_login(d.worker)
    url = f"/services/items/{d.promised.code}/apply"
    missing = client.post(url, {"name": d.proof.name, "id_number": d.proof.id_number})
    assert missing.status_code == 200 and not Application.objects.exists()
    assert client.post(url, {"name": d.proof.name, "id_number": d.proof.id_number,
                             "consent": "授权委托书（本人签字）"}).status_code == 302  # fmt: skip
    app = Application.objects.get()
    assert app.channel == "proxy" and app.submitted_by == d.worker
    page = client.get(f"/services/applications/{app.number}/").content.decode()
    assert "授权委托书" in page and (d.worker.display_name or d.worker.username) in page
    assert app.consent == "授权委托书（本人签字）"
