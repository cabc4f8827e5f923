"""Similar cases while registering: near and recent cases alike in words are offered whatever
their class (not the far ones, the unlike ones, the voided ones, nor those the person cannot
see); the same class within its duplicate radius is offered even in other words; the case page
links two cases as one matter and unlinks them; anyone else gets 404."""

import datetime as dt

import pytest
from django.utils import timezone

from civicgrid.accounts.tests.factories import bearer  # noqa: F401  (the API's shape alike)
from civicgrid.cases.models import Case
from civicgrid.cases.services import Report, case_report, case_transition
from civicgrid.insight.link_models import CaseLink
from civicgrid.insight.similar import similar_cases

pytestmark = pytest.mark.django_db
SAID = "幸福小区3号楼下水道堵了，污水冒到路面上，臭得很"


def _case(loop, code, text, lon=121.424, lat=31.12, days=0):
    report = Report(case_class=code, description=text, channel="hotline", lon=lon, lat=lat)
    return case_report(actor=loop.operator, report=report,
                       now=timezone.now() - dt.timedelta(days=days))  # fmt: skip


@pytest.fixture
def around(loop):
    return {
        "alike": _case(
            loop, "01023", "3号楼门口下水道堵住了，污水冒出来到处都是，很臭", lat=31.121
        ),
        "far": _case(loop, "01023", "3号楼下水道堵了，污水冒到路面，很臭", lat=31.14),
        "unlike": _case(loop, "01023", "小区健身器材坏了，单杠松动", lat=31.1205),
        "same_class": _case(loop, "01076", "晚上广场舞音响特别吵", lat=31.1202),
        "old": _case(loop, "01023", "下水道堵了污水冒出来很臭", lat=31.1201, days=45),
        "voided": _case(loop, "01023", "下水道堵了污水冒到路面上很臭", lat=31.1203),
        "unseen": _case(loop, "01023", "下水道堵了，污水冒到路面上，臭", lon=121.426),
    }


def test_alike_in_words_near_and_recent_whatever_the_class(loop, around):
    case_transition(case_id=around["voided"].pk, action="void", actor=loop.shift_lead,
                    note="重复")  # fmt: skip
    found = similar_cases(loop.supervisor, text=SAID, lon=121.424, lat=31.12, now=timezone.now())
    numbers = [s.case.number for s in found]
    assert numbers == [around["alike"].number]  # the station sees grid 1 only
    everyone = similar_cases(loop.operator, text=SAID, lon=121.424, lat=31.12, now=timezone.now())
    assert {s.case.number for s in everyone} == {around["alike"].number, around["unseen"].number}
    best = everyone[0]
    assert best.score >= 0.25 and best.metres < 500 and not best.same_class
    # the same class within its duplicate radius (100 m) is offered in other words too
    noisy = around["same_class"].case_class
    offered = similar_cases(loop.operator, text="有人在楼下吵架", lon=121.424, lat=31.12,
                            case_class=noisy, now=timezone.now())  # fmt: skip
    assert [s.case.number for s in offered] == [around["same_class"].number]
    assert offered[0].same_class
    assert similar_cases(loop.operator, text="   ", lon=121.424, lat=31.12) == []
    assert similar_cases(loop.operator, text=SAID, lon=None, lat=None) == []


def test_the_intake_panel_and_the_case_page_link_and_unlink(client, loop, around):
    client.force_login(loop.operator)
    panel = client.get("/insight/similar", {"description": SAID, "lon": "121.424",
                                            "lat": "31.12", "case_class": "01023"})  # fmt: skip
    assert around["alike"].number in panel.content.decode()
    for bad in ({"lon": "x", "lat": "31.12"}, {"lon": "1e999", "lat": "nan"}):
        assert client.get("/insight/similar", {"description": SAID, **bad}).status_code == 200
    new = _case(loop, "01023", SAID)
    page = client.get(f"/insight/similar/{new.pk}/").content.decode()
    assert around["alike"].number in page and 'name="other"' in page
    client.post(f"/insight/similar/{new.pk}/link", {"other": around["alike"].number})
    assert CaseLink.objects.filter(first=around["alike"], second=new).exists()
    other_side = client.get(f"/insight/similar/{around['alike'].pk}/").content.decode()
    assert new.number in other_side  # each page lists the other
    refused = client.post(f"/insight/similar/{new.pk}/link", {"other": "<b>SQ1</b>"}, follow=True)
    assert refused.status_code == 200 and CaseLink.objects.count() == 1
    client.post(f"/insight/similar/{new.pk}/link", {"other": new.number})  # not itself
    assert CaseLink.objects.count() == 1
    client.post(f"/insight/similar/{new.pk}/link", {"other": around["alike"].number, "undo": "1"})
    assert not CaseLink.objects.exists()


def test_others_get_404(client, loop, around):
    new = _case(loop, "01023", SAID)
    client.force_login(loop.outsider)  # a station of another grid
    assert client.get(f"/insight/similar/{new.pk}/").status_code == 404
    posted = client.post(f"/insight/similar/{new.pk}/link", {"other": around["alike"].number})
    assert posted.status_code == 404 and not CaseLink.objects.exists()
    client.force_login(loop.resident)
    assert client.get("/insight/similar", {"description": SAID}).status_code == 404
    client.force_login(loop.handler)  # sees the case only once it is the unit's: not yet
    assert client.get(f"/insight/similar/{new.pk}/").status_code == 404
    client.force_login(loop.supervisor)  # sees the case, does not register it: reads, no link
    page = client.get(f"/insight/similar/{new.pk}/")
    assert page.status_code == 200
    client.post(f"/insight/similar/{new.pk}/link", {"other": around["alike"].number})
    assert not CaseLink.objects.exists() and Case.objects.count() == 8
