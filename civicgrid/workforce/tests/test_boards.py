"""The responsibility board: only with consent, one person a role, the records' phone copied
without being shown, a photo checked and stored without EXIF, the print showing phones in full
and audited, withdrawal; in scope or 404."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from civicgrid.registry.models import PiiAccess, StaffPost
from civicgrid.workforce import boards, services
from civicgrid.workforce.models import BoardEntry

from .fixtures import DAY, refused

pytestmark = pytest.mark.django_db


def png(name="p.png"):
    out = io.BytesIO()
    Image.new("RGB", (30, 40), "red").save(out, "PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def leader_of_grid(wf):
    return services.worker_save(actor=wf.leader, area=wf.tree.community, post="grid_leader",
                                person=wf.resident, grids=[wf.tree.grid1], term_starts=DAY,
                                funding="district", phone="13912345678")  # fmt: skip


def test_the_board_takes_the_records_phone_with_consent_and_one_person_a_role(wf):
    leader_of_grid(wf)
    police = StaffPost(kind="community_police", area=wf.tree.community, name="王警官")
    police.set_phone("phone", "13700001111")
    police.save()
    found = boards.suggestions(wf.b1, dt.date.today())
    assert {s.role: s.name for s in found.values()} == {"grid_leader": "周网格", "police": "王警官"}
    refused("consent_how", boards.entry_record, actor=wf.leader, building=wf.b1,
            role="grid_leader", consent_on=DAY, consent_how=" ", from_records=True)  # fmt: skip
    refused("building", boards.entry_record, actor=wf.outsider, building=wf.b1,
            role="grid_leader", consent_on=DAY, consent_how="书面同意", from_records=True)  # fmt: skip
    e = boards.entry_record(actor=wf.leader, building=wf.b1, role="grid_leader", consent_on=DAY,
                            consent_how="书面同意书", from_records=True, photo=png())  # fmt: skip
    assert (e.name, e.phone_masked, e.reveal("phone")) == ("周网格", "139****5678", "13912345678")
    assert e.photo.name.endswith(".png")
    refused("role", boards.entry_record, actor=wf.leader, building=wf.b1, role="grid_leader",
            consent_on=DAY, consent_how="x", name="y", phone="13800000000")  # fmt: skip
    refused(
        "role",
        boards.entry_record,
        actor=wf.leader,
        building=wf.b1,
        role="party_head",
        consent_on=DAY,
        consent_how="x",
        from_records=True,
    )  # the records name nobody
    refused("phone", boards.entry_record, actor=wf.leader, building=wf.b1, role="party_head",
            consent_on=DAY, consent_how="x", name="党建负责人")  # fmt: skip
    refused("photo", boards.entry_record, actor=wf.leader, building=wf.b1, role="police",
            consent_on=DAY, consent_how="口头同意，有记录", from_records=True,
            photo=SimpleUploadedFile("x.png", b"<svg onload=alert(1)>"))  # fmt: skip
    assert BoardEntry.objects.count() == 1
    boards.entry_withdraw(actor=wf.leader, entry=e, on=DAY + dt.timedelta(days=3))
    refused("entry", boards.entry_withdraw, actor=wf.leader, entry=e, on=DAY)


def test_the_printed_board_shows_phones_in_full_and_is_audited(wf, client):
    leader_of_grid(wf)
    e = boards.entry_record(actor=wf.leader, building=wf.b1, role="grid_leader", consent_on=DAY,
                            consent_how="书面同意书", from_records=True, photo=png())  # fmt: skip
    client.force_login(wf.leader)
    page = client.get(reverse("workforce:board", args=[wf.b1.pk])).content.decode()
    assert "139****5678" in page and "13912345678" not in page
    printed = client.get(reverse("workforce:board_print", args=[wf.b1.pk])).content.decode()
    assert "13912345678" in printed
    audit = PiiAccess.objects.get()
    assert (audit.user, audit.fields, audit.count) == (wf.leader, "phone", 1)
    photo = client.get(reverse("workforce:board_photo", args=[e.pk]))
    assert photo.status_code == 200 and photo["Content-Type"] == "image/png"
    assert photo["X-Content-Type-Options"] == "nosniff"
    for user in (wf.outsider, wf.worker):
        client.force_login(user)
        for name in ("workforce:board", "workforce:board_print"):
            assert client.get(reverse(name, args=[wf.b1.pk])).status_code == 404
        assert client.get(reverse("workforce:board_photo", args=[e.pk])).status_code == 404
    assert PiiAccess.objects.count() == 1


def test_a_leader_records_consent_with_a_photo_on_the_page(wf, client):
    leader_of_grid(wf)
    client.force_login(wf.leader)
    url = reverse("workforce:board", args=[wf.b1.pk])
    bad = client.post(url, {"action": "record", "role": "grid_leader", "from_records": "on",
                            "consent_on": str(DAY), "consent_how": "书面同意书",
                            "photo": SimpleUploadedFile("a.jpg", b"not a picture")})  # fmt: skip
    assert bad.status_code == 200 and "is-invalid" in bad.content.decode()
    assert not BoardEntry.objects.exists()
    ok = client.post(url, {"action": "record", "role": "grid_leader", "from_records": "on",
                           "consent_on": str(DAY), "consent_how": "书面同意书",
                           "photo": png()})  # fmt: skip
    assert ok.status_code == 302 and BoardEntry.objects.get().photo


def test_the_api_keeps_the_board_in_scope(wf):
    from django.test import Client

    from civicgrid.accounts.tests.factories import bearer

    leader_of_grid(wf)
    c, mine, theirs = Client(), bearer(wf.leader), bearer(wf.outsider)
    json = {"content_type": "application/json"}
    url = f"/api/v1/workforce/boards/{wf.b1.pk}"
    body = {"role": "grid_leader", "consent_on": str(DAY), "consent_how": "书面同意书",
            "from_records": True}  # fmt: skip
    assert c.post(url, body, **json, **theirs).status_code == 404
    made = c.post(url, body, **json, **mine)
    assert made.status_code == 201 and made.json()["phone"] == "139****5678"
    assert c.get(url, **theirs).status_code == 404
    eid = made.json()["id"]
    off = {"on": str(DAY + dt.timedelta(days=1))}
    path = f"{url}/entries/{eid}/withdrawal"
    assert c.post(path, off, **json, **theirs).status_code == 404
    assert c.post(path, off, **json, **mine).json()["withdrawn_on"] == off["on"]
