"""The admission procedure: applying ahead in working days, the decision due in working days,
admitted into a new list version from the start date, refused with reasons, withdrawn out of the
list; every step on the record; a department sees its own, the review office all."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from civicgrid.accounts.models import User
from civicgrid.accounts.permissions import can_review_admission, works_for
from civicgrid.burden.admission import (
    add_working_days,
    application_apply,
    application_decide,
    application_list,
    application_withdraw,
    working_days_between,
)
from civicgrid.burden.models import Application
from civicgrid.core.errors import DomainError
from civicgrid.duties.models import CommunityKind
from civicgrid.duties.services import in_force
from civicgrid.web.tests.browser import DESKTOP
from civicgrid.web.tests.test_accessibility import violations

pytestmark = pytest.mark.django_db


def fields(**kw):
    today = timezone.localdate()
    return {
        "title": "协助开展消防安全入户宣传",
        "reason": "冬季火灾高发",
        "basis": "《消防法》第六条",
        "hours_per_month": Decimal(4),
        "funding_per_year": Decimal(6000),
        "starts_on": add_working_days(today, 40),
        **kw,
    }


@pytest.fixture
def review():
    return User.objects.create_superuser("review", password="pw-for-tests-123")


def test_working_day_clocks():
    # 2026-10-01 to 10-07 is the National Day holiday; 10-10 (Saturday) is a working day:
    # from 9-30 to 10-11, 9-30, 10-08, 10-09 and 10-10 are worked
    assert working_days_between(dt.date(2026, 9, 30), dt.date(2026, 10, 12)) == 4
    assert add_working_days(dt.date(2026, 9, 30), 3) == dt.date(2026, 10, 10)
    assert add_working_days(dt.date(2026, 10, 9), 2) == dt.date(2026, 10, 12)  # Sunday skipped


def test_apply_ahead_then_admitted_into_a_new_version_then_withdrawn(loop, review):
    urban = CommunityKind.objects.get(code="urban")
    with pytest.raises(DomainError) as caught:  # too soon: 30 working days' notice
        application_apply(actor=loop.handler, department=loop.department, kinds=[urban], list_type="assisting",
              **fields(starts_on=add_working_days(timezone.localdate(), 10)))  # fmt: skip
    assert caught.value.field == "starts_on"
    with pytest.raises(DomainError) as caught:  # an assisting task says what it pays
        application_apply(actor=loop.handler, department=loop.department, kinds=[urban], list_type="assisting",
              **fields(funding_per_year=0))  # fmt: skip
    assert caught.value.field == "funding_per_year"
    with pytest.raises(DomainError) as caught:  # only for one's own department
        application_apply(actor=loop.other_handler, department=loop.department, kinds=[urban],
              list_type="assisting", **fields())  # fmt: skip
    assert caught.value.field == "department"
    application = application_apply(
        actor=loop.handler, department=loop.department, kinds=[urban], list_type="assisting",
        **fields(),
    )  # fmt: skip
    assert application.decision_due == add_working_days(timezone.localdate(), 15)
    with pytest.raises(DomainError):
        application_decide(application=application, admit=True, reasons="同意", actor=loop.handler)
    with pytest.raises(DomainError) as caught:
        application_decide(application=application, admit=True, reasons=" ", actor=review)
    assert caught.value.field == "decision"
    application = application_decide(
        application=application, admit=True, reasons="有法律依据，经费到位", actor=review
    )
    version = in_force(urban, "assisting", application.starts_on)
    assert application.item_code == "A-01" and version.items.get().title == application.title
    assert in_force(urban, "assisting", timezone.localdate()) is None  # not before it starts
    application_withdraw(
        application=application,
        actor=loop.handler,
        on=application.starts_on + dt.timedelta(days=60),
    )
    assert in_force(urban, "assisting", dt.date.max).items.count() == 0
    steps = [(s.action, s.from_state, s.to_state, s.actor) for s in application.steps.all()]
    assert steps == [
        ("applied", "", "applied", loop.handler),
        ("admitted", "applied", "admitted", review),
        ("withdrawn", "admitted", "withdrawn", loop.handler),
    ]


def test_refused_with_reasons_and_who_sees_what(loop, review):
    urban = CommunityKind.objects.get(code="urban")
    application = application_apply(
        actor=loop.handler, department=loop.department, kinds=[urban], list_type="assisting",
        **fields(),
    )  # fmt: skip
    application = application_decide(
        application=application, admit=False, reasons="属于部门自身职责", actor=review
    )
    assert application.status == Application.Status.REFUSED and in_force(urban, "assisting") is None
    with pytest.raises(DomainError):
        application_decide(application=application, admit=True, reasons="x", actor=review)
    assert list(application_list(user=loop.handler)) == [application]
    assert list(application_list(user=loop.other_handler)) == []
    assert list(application_list(user=review)) == [application]


def test_the_pages(client, loop, review):
    urban = CommunityKind.objects.get(code="urban")
    client.force_login(loop.handler)
    form = client.get(reverse("duties:application_new")).content.decode()
    assert loop.department.name in form
    starts = add_working_days(timezone.localdate(), 40)
    posted = client.post(
        reverse("duties:application_new"),
        {
            "department": loop.department.pk,
            "list_type": "assisting",
            "kinds": [urban.pk],
            "title": "协助开展燃气安全宣传",
            "reason": "入冬前",
            "basis": "《城镇燃气管理条例》",
            "hours_per_month": "2",
            "funding_per_year": "3000",
            "starts_on": starts.isoformat(),
        },
    )
    application = Application.objects.get()
    assert posted.status_code == 302
    bad = client.post(
        reverse("duties:application_new"), {"department": loop.department.pk, "starts_on": "soon"}
    )
    assert bad.status_code == 200 and Application.objects.count() == 1
    client.force_login(loop.other_handler)  # another department: not theirs
    assert client.get(reverse("duties:application", args=[application.pk])).status_code == 404
    client.force_login(review)
    client.post(
        reverse("duties:application_act", args=[application.pk, "admit"]), {"reasons": "同意"}
    )
    application.refresh_from_db()
    assert application.status == "admitted"
    page = client.get(reverse("duties:application", args=[application.pk])).content.decode()
    assert "同意" in page and application.item_code in page
    client.force_login(loop.resident)
    assert client.get(reverse("duties:applications")).status_code == 404


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_application_form_is_accessible(open_page, loop):
    page = open_page(loop.handler, viewport=DESKTOP)
    for url in ("/duties/applications/new/", "/duties/applications/"):
        page.goto(url)
        page.wait_for_load_state("networkidle")
        assert not violations(page), url


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_tasks_page_is_accessible(open_page, loop):
    page = open_page(loop.handler, viewport=DESKTOP)
    page.goto("/duties/tasks/")
    page.wait_for_load_state("networkidle")
    assert not violations(page)


def test_who_reviews_and_who_acts_for_a_department(loop, review):
    assert can_review_admission(review) and not can_review_admission(loop.handler)
    assert works_for(loop.handler, loop.department.pk)
    assert not works_for(loop.handler, loop.other_department.pk)
    assert not works_for(loop.handler, None)
