"""The workforce pages and API as their people use them: the leaders of the place keep the roster
(in scope 200, anyone else 404), a refused form is shown again as typed, the API keeps the same
rules; pay is nobody else's business."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from civicgrid.accounts.tests.factories import bearer
from civicgrid.registry.tests.factories import id_for
from civicgrid.workforce import services
from civicgrid.workforce.models import AllowanceEntry, Worker

from .fixtures import DAY

pytestmark = pytest.mark.django_db


def a_worker(wf):
    return services.worker_save(actor=wf.leader, area=wf.tree.community, post="station_staff",
                                name="吴社工", term_starts=DAY, funding="district",
                                phone="13812345678")  # fmt: skip


def test_the_pages_show_only_to_the_places_leaders(wf, client):
    w = a_worker(wf)
    pages = [reverse("workforce:roster"), reverse("workforce:ledger"),
             reverse("workforce:reports"), reverse("workforce:scale")]  # fmt: skip
    detail = reverse("workforce:worker", args=[w.pk])
    for user, status in ((wf.leader, 200), (wf.street_leader, 200), (wf.admin, 200)):
        client.force_login(user)
        for url in [*pages, detail]:
            assert client.get(url).status_code == status, (user, url)
    client.force_login(wf.outsider)  # leads another street: the pages, not this worker
    assert client.get(pages[0]).status_code == 200
    assert "吴社工" not in client.get(pages[0]).content.decode()
    assert client.get(detail).status_code == 404
    client.force_login(wf.worker)  # a grid worker: no pay, no roster
    for url in [*pages, detail]:
        assert client.get(url).status_code == 404, url
    client.force_login(wf.leader)
    page = client.get(detail).content.decode()
    assert "138****5678" in page and "13812345678" not in page


def test_a_leader_adds_a_grid_leader_by_id_number_and_a_wrong_grid_is_named(wf, client):
    client.force_login(wf.leader)
    url = reverse("workforce:roster")
    form = {"action": "worker", "area": wf.tree.community.pk, "post": "grid_leader",
            "id_number": id_for(1), "grids": [wf.tree.grid2.pk], "term_starts": str(DAY),
            "funding": "district", "buildings": "<script>x</script>"}  # fmt: skip
    bad = client.post(url, form)
    text = bad.content.decode()
    assert bad.status_code == 200 and "is-invalid" in text and "<script>x" not in text
    bad = client.post(url, {**form, "buildings": ""})
    assert bad.status_code == 200 and "is-invalid" in bad.content.decode()
    assert not Worker.objects.exists()
    ok = client.post(url, {**form, "buildings": "", "grids": [wf.tree.grid1.pk]})
    assert ok.status_code == 302
    made = Worker.objects.get()
    assert (made.name, made.allowance) == ("周网格", Decimal(400))


def test_a_leader_runs_a_month_and_sets_a_grade_on_the_pages(wf, client):
    w = a_worker(wf)
    services.worker_save(actor=wf.leader, area=wf.tree.community, post="grid_leader",
                         person=wf.resident, grids=[wf.tree.grid1], term_starts=DAY,
                         funding="district")  # fmt: skip
    client.force_login(wf.leader)
    done = client.post(reverse("workforce:ledger"), {"area": wf.tree.community.pk,
                                                     "month": "2026-04-10"})  # fmt: skip
    assert done.status_code == 302 and AllowanceEntry.objects.count() == 1
    page = client.get(reverse("workforce:ledger"), {"year": "2026"}).content.decode()
    assert "2026-04" in page and "400" in page
    url = reverse("workforce:worker", args=[w.pk])
    graded = client.post(url, {"action": "grade", "grade": wf.g2.pk, "since": str(DAY)})
    assert graded.status_code == 302
    w.refresh_from_db()
    assert w.grade == wf.g2


def test_the_api_keeps_the_roster_in_scope(wf):
    c = Client()
    mine, theirs = bearer(wf.leader), bearer(wf.outsider)
    body = {"area": wf.tree.community.code, "post": "grid_leader", "person": wf.resident.pk,
            "grids": [wf.tree.grid1.code], "term_starts": str(DAY), "funding": "district"}  # fmt: skip
    made = c.post("/api/v1/workforce/workers", body, content_type="application/json", **mine)
    assert made.status_code == 201, made.content
    assert made.json()["allowance"] in ("400.00", 400, "400")
    wid = made.json()["id"]
    assert c.post("/api/v1/workforce/workers", body, content_type="application/json",
                  **theirs).status_code == 404  # fmt: skip
    assert c.get(f"/api/v1/workforce/workers/{wid}", **theirs).status_code == 404
    assert c.get("/api/v1/workforce/workers", **theirs).json() == []
    leave = {"on": str(DAY + dt.timedelta(days=40)), "why": "任期届满"}
    assert c.post(f"/api/v1/workforce/workers/{wid}/leave", leave,
                  content_type="application/json", **theirs).status_code == 404  # fmt: skip
    for path, data in ((f"/api/v1/workforce/workers/{wid}/grade", {"grade": 1, "since": str(DAY)}),
                       (f"/api/v1/workforce/workers/{wid}/training",
                        {"title": "培训", "taken_on": str(DAY), "hours": 2})):  # fmt: skip
        assert c.post(path, data, content_type="application/json", **theirs).status_code == 404
    trained = c.post(f"/api/v1/workforce/workers/{wid}/training",
                     {"title": "培训", "taken_on": str(DAY), "hours": 2},
                     content_type="application/json", **mine)  # fmt: skip
    assert trained.status_code == 201
    run = c.post("/api/v1/workforce/allowances", {"area": wf.tree.community.code,
                 "month": "2026-04-01"}, content_type="application/json", **mine)  # fmt: skip
    assert run.status_code == 201 and len(run.json()) == 1
    assert c.get("/api/v1/workforce/allowances?year=2026", **theirs).json() == []
    grade = c.post(f"/api/v1/workforce/workers/{wid}/grade", {"grade": 1, "since": str(DAY)},
                   content_type="application/json", **mine)  # fmt: skip
    assert grade.status_code == 400 and "grade" in grade.content.decode()
    scale = c.post("/api/v1/workforce/pay-scale", {"level": 1, "grade": 9, "monthly_pay": 1},
                   content_type="application/json", **mine)  # fmt: skip
    assert scale.status_code in (403, 404)
    assert c.get("/api/v1/workforce/pay-scale", **bearer(wf.worker)).status_code == 404


def test_the_reports_coverage_leads_to_the_records_behind_each_count(wf, client):
    a_worker(wf)
    client.force_login(wf.leader)
    day = str(dt.date.today())
    page = client.get(reverse("workforce:reports"), {"after": day}).content.decode()
    drill = (f"{reverse('evaluation:cases')}?indicator=wf_workers&amp;period={day}"
             f"&amp;area={wf.tree.community.code}")  # fmt: skip
    assert drill in page
    behind = client.get(drill.replace("&amp;", "&"))
    assert behind.status_code == 200 and "吴社工" in behind.content.decode()
    client.force_login(wf.outsider)  # another street's leader: not this community's records
    assert "吴社工" not in client.get(drill.replace("&amp;", "&")).content.decode()
