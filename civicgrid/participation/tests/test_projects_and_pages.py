"""Implementation (progress, milestones, spending with receipts within the cost), acceptance and
ratings; the staff pages in scope or 404; the public disclosure pages without login and without
any personal data, at every stage."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from civicgrid.accounts.models import User
from civicgrid.core.errors import DomainError
from civicgrid.participation import projects
from civicgrid.participation.models import Project, Proposal
from civicgrid.participation.tally import call_tally
from civicgrid.participation.voting import ballot_cast

from .fixtures import CLOSED, VOTING

pytestmark = pytest.mark.django_db


def receipt(name="发票.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 receipt", content_type="application/pdf")


@pytest.fixture
def counted(micro):
    a, b, c = (p.pk for p in micro.proposals)
    for n, choices in enumerate([[a, b], [a], [a, c], [b], [b]]):
        ballot_cast(call=micro.call, person=micro.residents[n][0], choices=choices, now=VOTING)
    call_tally(actor=micro.manager, call=micro.call, now=CLOSED)
    return micro


def test_implementation_acceptance_and_rating(counted):
    project = Project.objects.get(proposal__title="加装楼道扶手")  # 50,000
    m = counted.manager
    projects.project_update(actor=m, project=project, progress=40, implementer="某某建筑公司")
    with pytest.raises(DomainError) as caught:
        projects.project_update(actor=m, project=project, progress=101)
    assert caught.value.field == "progress"
    milestone = projects.milestone_add(
        actor=m, project=project, title="材料进场", due_on=dt.date(2026, 5, 1)
    )
    projects.milestone_done(actor=m, milestone=milestone)
    projects.spending_record(
        actor=m,
        project=project,
        spent_on=dt.date(2026, 5, 2),
        item="扶手材料",
        amount="30000",
        receipt=receipt(),
    )
    for kw, field in (
        ({"amount": "20000.01"}, "amount"),  # beyond the approved cost
        ({"receipt": None}, "receipt"),
        ({"receipt": receipt("x.exe")}, "receipt"),
        ({"item": ""}, "item"),
    ):
        args = {
            "spent_on": dt.date(2026, 5, 3),
            "item": "安装",
            "amount": "100",
            "receipt": receipt(),
            **kw,
        }
        with pytest.raises(DomainError) as caught:
            projects.spending_record(actor=m, project=project, **args)
        assert caught.value.field == field
    assert projects.project_spent(project) == Decimal(30000)
    with pytest.raises(DomainError) as caught:  # not finished
        projects.project_accept(
            actor=counted.council, project=project, accepted_by="张、李", record="ok"
        )
    assert caught.value.field == "progress"
    projects.project_update(actor=m, project=project, progress=100)
    resident = counted.residents[0][0]
    with pytest.raises(DomainError):  # not accepted yet
        projects.project_rate(project=project, person=resident, score=5)
    projects.project_accept(
        actor=counted.council,
        project=project,
        accepted_by="居民代表张、李",
        record="扶手牢固，验收合格",
    )
    projects.project_rate(project=project, person=resident, score=5)
    with pytest.raises(DomainError) as caught:
        projects.project_rate(project=project, person=resident, score=4)
    assert caught.value.code == "duplicate"
    assert projects.project_ratings(project) == {"average": 5.0, "count": 1}
    with pytest.raises(DomainError):  # closed once accepted
        projects.project_update(actor=m, project=project, progress=90)


def test_the_disclosure_shows_no_personal_data_at_any_stage(client, counted):
    project = Project.objects.get(proposal__title="加装楼道扶手")
    projects.spending_record(
        actor=counted.manager,
        project=project,
        spent_on=dt.date(2026, 5, 2),
        item="扶手材料",
        amount="30000",
        receipt=receipt(),
    )
    projects.project_update(
        actor=counted.manager, project=project, progress=100, implementer="某某公司"
    )
    projects.project_accept(
        actor=counted.council, project=project, accepted_by="居民代表王五", record="验收合格"
    )
    call = counted.call
    for url in ("/participation/public/", f"/participation/public/{call.pk}/"):
        page = client.get(url)
        assert page.status_code == 200, url
        html = page.content.decode()
        for _person, name, number in counted.residents:
            assert name not in html and number not in html and number[-4:] + "<" not in html
        for user in (counted.manager, counted.council, counted.clerk):
            assert user.username not in html
        assert "王五" not in html  # the representatives are on the staff record only
        assert "发票" not in html and "receipt" not in html.lower()
    html = client.get(f"/participation/public/{call.pk}/").content.decode()
    assert "扶手材料" in html and "30000.00" in html and call.tally_digest in html
    assert "加装楼道扶手" in html and "3" in html  # the full count


def test_votes_are_not_shown_before_the_count(client, micro):
    ballot_cast(
        call=micro.call, person=micro.residents[0][0], choices=[micro.proposals[0].pk], now=VOTING
    )
    page = client.get(f"/participation/public/{micro.call.pk}/")
    assert page.status_code == 200 and all(p.votes is None for p in page.context["proposals"])


def test_staff_pages_in_scope_or_404(client, counted, loop):
    call, project = counted.call, Project.objects.first()
    client.force_login(counted.manager)
    assert client.get("/participation/").status_code == 200
    assert client.get(f"/participation/{call.pk}/").status_code == 200
    assert client.get(f"/participation/projects/{project.pk}/").status_code == 200
    client.force_login(loop.outsider)  # a grid worker of the other community
    assert client.get(f"/participation/{call.pk}/").status_code == 404
    assert client.get(f"/participation/projects/{project.pk}/").status_code == 404
    client.force_login(counted.council)  # sees the call, may not count
    assert client.get(f"/participation/{call.pk}/").status_code == 200
    client.post(f"/participation/{call.pk}/tally")
    assert Proposal.objects.filter(status="on_ballot").count() == 0  # counted once, by the manager


def test_a_resident_votes_on_the_public_page(client, micro, settings, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: VOTING)
    user = User.objects.create_user("resident1", password="pw-for-tests-123")
    client.force_login(user)
    url = f"/participation/public/{micro.call.pk}/vote"
    _person, name, number = micro.residents[0]
    proved = client.post(url, {"name": name, "id_number": number})
    assert proved.status_code == 200 and proved.context["mine"] == []
    ids = [str(micro.proposals[0].pk)]
    done = client.post(url, {"name": name, "id_number": number, "choices": ids})
    assert done.status_code == 302
    again = client.post(url, {"name": name, "id_number": number})
    assert again.context["mine"] == [micro.proposals[0].pk]
    wrong = client.post(url, {"name": "别人", "id_number": number, "choices": ids})
    assert wrong.status_code == 200  # refused, named
    settings.CIVICGRID_VOTER_PROOFS_PER_HOUR = 1
    limited = client.post(url, {"name": name, "id_number": number})
    assert limited.status_code == 200 and limited.context["mine"] is None
