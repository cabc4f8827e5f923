"""Who hears of what, the reporter's messages, and the sweep (cards, digests, escalation)."""

import datetime as dt

import pytest
from django.core.management import call_command

from civicgrid.cases.models import SweepRun
from civicgrid.cases.services import Report, case_report, case_transition
from civicgrid.cases.services.sweep import sweep
from civicgrid.core import pii
from civicgrid.core.errors import DomainError
from civicgrid.notifications.models import Notification, Outbox
from civicgrid.routing.models import EscalationRule

from .fixtures import MONDAY
from .test_intake import jpeg

pytestmark = pytest.mark.django_db(transaction=False)
H = dt.timedelta(hours=1)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run on-commit callbacks (notifications) as if each step were committed."""

    def run(fn, *args, **kw):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kw)

    return run


def new_case(loop, committed, **kw):
    values = {
        "case_class": "06010",
        "answers": {"volume": "small"},
        "lon": 121.41,
        "lat": 31.12,
        "reporter_name": "王",
        "reporter_phone": "13812345678",
    }
    values.update(kw)
    return committed(case_report, actor=loop.operator, report=Report(**values), now=MONDAY)


def act(committed, case, action, actor, at=MONDAY, **kw):
    return committed(case_transition, case_id=case.pk, action=action, actor=actor, now=at, **kw)


def test_dispatch_tells_the_unit_and_return_tells_the_dispatcher(loop, committed):
    case = new_case(loop, committed)
    act(committed, case, "register", loop.shift_lead)
    act(committed, case, "dispatch", loop.dispatcher)
    note = Notification.objects.get(user=loop.handler)
    assert note.kind == "assigned" and case.number in note.title
    assert note.url == f"/cases/{case.pk}/"
    act(committed, case, "return", loop.handler, note="不归我们")
    assert Notification.objects.filter(user=loop.dispatcher, kind="returned").exists()


def test_the_reporter_hears_of_public_steps_by_sms(loop, committed):
    case = new_case(loop, committed)
    assert not Outbox.objects.exists()  # the number is given on the phone at once
    act(committed, case, "register", loop.shift_lead)
    message = Outbox.objects.get()
    assert message.channel == "sms" and message.to_masked == "138****5678"
    assert pii.decrypt(message.to_enc) == "13812345678" and case.number in message.body
    assert message.status == "sent" and message.backend == "outbox"
    assert "13812345678" not in message.to_masked


def test_resident_account_gets_inbox_items(loop, committed):
    case = committed(
        case_report,
        actor=loop.resident,
        report=Report(
            case_class="06010", answers={"volume": "small"}, channel="web", lon=121.41, lat=31.12
        ),
        now=MONDAY,
    )
    act(committed, case, "register", loop.shift_lead)
    assert Notification.objects.filter(user=loop.resident, kind="status").count() == 1


def test_a_failed_step_tells_nobody(loop, committed):
    case = new_case(loop, committed)
    with pytest.raises(DomainError):
        act(committed, case, "void", loop.shift_lead)  # no reason given
    assert not Notification.objects.exists() and not Outbox.objects.exists()


def dispatched(loop, committed):
    case = new_case(loop, committed)
    act(committed, case, "register", loop.shift_lead)
    return act(committed, case, "dispatch", loop.dispatcher)


def test_sweep_announces_cards_once(loop, committed):
    dispatched(loop, committed)
    Notification.objects.all().delete()
    # sign-for limit 1 working hour from Monday 10:00: yellow at 10:48, red at 11:00
    assert sweep(now=MONDAY + dt.timedelta(minutes=30)) == {"yellow": 0, "red": 0, "escalated": 0}
    assert sweep(now=MONDAY + dt.timedelta(minutes=50))["yellow"] == 1
    assert Notification.objects.get(user=loop.handler).kind == "yellow"
    assert sweep(now=MONDAY + dt.timedelta(minutes=55)) == {"yellow": 0, "red": 0, "escalated": 0}
    result = sweep(now=MONDAY + 2 * H)
    assert result["red"] == 1
    assert Notification.objects.filter(user=loop.dispatcher, kind="red").exists()
    assert sweep(now=MONDAY + 3 * H)["red"] == 0
    # a run at an earlier moment than the last one finds nothing to do
    assert sweep(now=MONDAY + H) == {"yellow": 0, "red": 0, "escalated": 0}
    assert SweepRun.objects.count() == 5


def test_a_moved_deadline_is_announced_again(loop, committed):
    case = act(committed, dispatched(loop, committed), "sign", loop.handler)
    # handling deadline Monday 15:30; red announced at 16:00
    assert sweep(now=MONDAY + 6 * H)["red"] == 1
    act(committed, case, "request_extension", loop.handler, data={"hours": 2}, note="协调中")
    act(committed, case, "approve_extension", loop.dispatcher)
    # the new deadline (17:30) crosses again and is announced again
    assert sweep(now=MONDAY + 8 * H)["red"] == 1


def test_suspended_cases_are_not_swept(loop, committed):
    case = dispatched(loop, committed)
    act(committed, case, "sign", loop.handler)
    act(committed, case, "request_suspension", loop.handler, note="等待")
    act(committed, case, "approve_suspension", loop.dispatcher)
    sweep(now=MONDAY + dt.timedelta(minutes=5))
    assert sweep(now=MONDAY + 8 * H) == {"yellow": 0, "red": 0, "escalated": 0}


def test_escalation_rule_fires_once_after_its_grace(loop, committed):
    case = dispatched(loop, committed)
    rule = EscalationRule.objects.create(
        to_tier="street", takeover_unit=loop.street_office, after_hours=2
    )
    rule.notify_units.add(loop.street_office)
    # red at 11:00; grace 2 working hours → 14:30
    assert sweep(now=MONDAY + 3 * H)["escalated"] == 0
    assert sweep(now=MONDAY + 5 * H)["escalated"] == 0  # district-tier case: street is below it
    street_case = committed(
        case_report,
        actor=loop.supervisor,
        report=Report(
            case_class="06010", answers={"volume": "small"}, channel="patrol", lon=121.41, lat=31.12
        ),
        now=MONDAY,
    )
    act(committed, street_case, "register", loop.shift_lead)
    act(committed, street_case, "dispatch", loop.dispatcher)
    assert sweep(now=MONDAY + 5 * H + dt.timedelta(minutes=1))["escalated"] == 1
    street_case.refresh_from_db()
    assert street_case.tier_current == "street" and street_case.lead_unit == loop.street_office
    event = street_case.events.get(action="escalate")
    assert event.actor is None and event.data["rule"] == rule.pk
    assert sweep(now=MONDAY + 6 * H)["escalated"] == 0
    assert case.pk != street_case.pk


def test_sweep_command(loop, committed, capsys):
    dispatched(loop, committed)
    call_command("sweep", "--now", "2026-11-23T15:00:00+08:00")
    assert "red 1" in capsys.readouterr().out


def test_photo_evidence_event_then_reporter_message(loop, committed):
    case = dispatched(loop, committed)
    act(committed, case, "sign", loop.handler)
    act(committed, case, "report_handled", loop.handler, photos=[jpeg()])
    act(committed, case, "close", loop.shift_lead, note="已清运")
    last = Outbox.objects.order_by("-id").first()
    assert "已清运" in last.body
