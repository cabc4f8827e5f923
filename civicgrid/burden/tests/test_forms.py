"""The pages under /duties/ read their input through forms: a hostile value (a script, a formula,
a huge string, a wrong type, a choice the user may not make) is refused with a message naming the
field by its label, and nothing changes."""

import datetime as dt
import io

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone, translation

from civicgrid.accounts.models import User
from civicgrid.burden.admission import add_working_days, application_apply
from civicgrid.burden.forms import (
    ApplicationForm,
    ComplaintForm,
    DecisionForm,
    FindingForm,
    ListImportForm,
    TaskForm,
    WithdrawForm,
)
from civicgrid.burden.models import Application, CommunityTask, Complaint, Refusal
from civicgrid.catalogue.models import CaseClass
from civicgrid.duties.models import CommunityKind, ListVersion
from civicgrid.duties.tests.test_lists import xlsx

from .test_complaints import complain, office, staff  # noqa: F401  (office: a fixture)

pytestmark = pytest.mark.django_db
SCRIPT = "<script>alert(1)</script>"
FORMULA = "=cmd|' /C calc'!A0"


def told(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def label(form, field: str) -> str:
    with translation.override("zh-hans"):
        return str(form.base_fields[field].label)


def named(response, form, field: str) -> bool:
    return any(m.startswith(label(form, field)) for m in told(response))


@pytest.fixture
def root():
    return User.objects.create_superuser("root", password="pw-for-tests-123")


@pytest.fixture
def applied(loop):
    return application_apply(
        actor=loop.handler, department=loop.department,
        kinds=[CommunityKind.objects.get(code="urban")], list_type="assisting",
        title="协助开展消防安全入户宣传", reason="冬季火灾高发", basis="《消防法》第六条",
        funding_per_year=6000, starts_on=add_working_days(timezone.localdate(), 40),
    )  # fmt: skip


def test_an_import_with_a_note_too_long_is_refused_naming_it(client, loop, root):
    client.force_login(root)
    upload = io.BytesIO(
        xlsx([["N-01", "不得要求社区开具无法核实的证明", "", "", "", "", "", "", ""]])
    )
    upload.name = "negative.xlsx"
    response = client.post(
        reverse("duties:import", args=["urban", "negative"]),
        {"file": upload, "effective_from": "2026-12-01", "note": SCRIPT * 20},
    )
    assert response.status_code == 200 and named(response, ListImportForm, "note")
    assert not ListVersion.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": SCRIPT * 10}, "title"),  # longer than an item may be
        ({"hours_per_month": FORMULA}, "hours_per_month"),
        ({"starts_on": "2026-13-45"}, "starts_on"),
        ({"department": "other"}, "department"),  # not one of the user's departments
    ],
)
def test_an_application_with_a_hostile_value_is_refused_naming_it(client, loop, change, field):
    client.force_login(loop.handler)
    form = {
        "department": loop.department.pk,
        "list_type": "assisting",
        "kinds": [CommunityKind.objects.get(code="urban").pk],
        "title": "协助开展燃气安全宣传",
        "reason": "入冬前",
        "basis": "《城镇燃气管理条例》",
        "funding_per_year": "3000",
        "starts_on": add_working_days(timezone.localdate(), 40).isoformat(),
    }
    if change.get("department") == "other":
        change = {"department": loop.other_department.pk}
    response = client.post(reverse("duties:application_new"), {**form, **change})
    assert response.status_code == 200 and named(response, ApplicationForm, field)
    assert not Application.objects.exists()


def test_a_decision_too_long_is_refused_naming_it(client, loop, root, applied):
    client.force_login(root)
    url = reverse("duties:application_act", args=[applied.pk, "admit"])
    response = client.post(url, {"reasons": FORMULA * 500})
    assert named(response, DecisionForm, "reasons")
    applied.refresh_from_db()
    assert applied.status == Application.Status.APPLIED and applied.steps.count() == 1


def test_a_withdrawal_note_too_long_is_refused_naming_it(client, loop, applied):
    client.force_login(loop.handler)
    url = reverse("duties:application_act", args=[applied.pk, "withdraw"])
    response = client.post(url, {"note": SCRIPT * 500})
    assert named(response, WithdrawForm, "note")
    applied.refresh_from_db()
    assert applied.status == Application.Status.APPLIED
    unknown = client.post(reverse("duties:application_act", args=[applied.pk, "approve"]))
    assert unknown.status_code == 404


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"what": "长" * 201}, "what"),
        ({"hours": "abc"}, "hours"),
        ({"hours": "-1"}, "hours"),
        ({"details": SCRIPT * 1000}, "details"),
        ({"community": "other"}, "community"),  # not the user's community
    ],
)
@pytest.mark.usefixtures("office")
def test_a_complaint_with_a_hostile_value_is_refused_naming_it(client, loop, change, field):
    client.force_login(staff("secretary", loop.tree.community))
    form = {"community": loop.tree.community.pk, "department": loop.department.pk,
            "what": "台账", "details": "电话通知", "hours": "2"}  # fmt: skip
    if change.get("community") == "other":
        change = {"community": loop.tree.other_community.pk}
    response = client.post(reverse("duties:complaints"), {**form, **change})
    assert response.status_code == 200 and named(response, ComplaintForm, field)
    assert not Complaint.objects.exists()
    assert not CaseClass.objects.get(code="AP006").cases.exists()


@pytest.mark.usefixtures("office")
def test_a_finding_with_an_unknown_outcome_is_refused_naming_it(client, loop, root):
    complaint = complain(loop, staff("secretary", loop.tree.community))
    client.force_login(root)
    url = reverse("duties:complaint_decide", args=[complaint.pk])
    response = client.post(url, {"outcome": FORMULA, "finding": "属实"})
    assert named(response, FindingForm, "outcome")
    complaint.refresh_from_db()
    assert complaint.status == Complaint.Status.OPEN and not Refusal.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kind": SCRIPT}, "kind"),
        ({"item_code": "A" * 21}, "item_code"),
        ({"hours": "1e400"}, "hours"),
        ({"first_due": FORMULA}, "first_due"),
    ],
)
def test_a_task_with_a_hostile_value_is_refused_naming_it(client, loop, change, field):
    client.force_login(loop.handler)
    form = {"department": loop.department.pk, "kind": "report", "every": "month",
            "title": "低保月报", "item_code": "A-01", "first_due": "2026-03-01",
            "communities": [loop.tree.community.pk]}  # fmt: skip
    response = client.post(reverse("duties:tasks"), {**form, **change})
    assert response.status_code == 200 and named(response, TaskForm, field)
    assert not CommunityTask.objects.exists() and not Refusal.objects.exists()


def test_the_forms_type_what_they_accept(loop):
    form = TaskForm(
        {"department": loop.department.pk, "kind": "report", "every": "month", "title": "月报",
         "item_code": "A-01", "first_due": "2026-03-01", "communities": [loop.tree.community.pk]},
        departments=[loop.department],
    )  # fmt: skip
    assert form.is_valid(), form.errors
    assert form.cleaned_data["hours"] == 0  # left empty: nought, as the page always read it
    assert form.cleaned_data["first_due"] == dt.date(2026, 3, 1)
    assert list(form.cleaned_data["communities"]) == [loop.tree.community]
