"""The whole loop end to end, deadlines in working time, and the rules each step enforces."""

import datetime as dt

import pytest

from civicgrid.cases.choices import State
from civicgrid.cases.models import Case, CaseEvent
from civicgrid.cases.services import (
    Conflict,
    Forbidden,
    Report,
    available_actions,
    case_report,
    case_self_handle,
    case_transition,
)
from civicgrid.core.errors import DomainError, NotFound

from .fixtures import MONDAY, SH
from .test_intake import jpeg

pytestmark = pytest.mark.django_db
H = dt.timedelta(hours=1)
ANS = {"volume": "small"}


def report(loop, **kw):
    values = {
        "case_class": "06010",
        "description": "小区门口有一堆垃圾",
        "channel": "hotline",
        "lon": 121.41,
        "lat": 31.12,
        "reporter_name": "王女士",
        "reporter_phone": "13812345678",
        "answers": ANS,
    }
    values.update(kw)
    return case_report(actor=loop.operator, report=Report(**values), now=MONDAY)


def act(case, action, actor, at, **kw):
    return case_transition(case_id=case.pk, action=action, actor=actor, now=at, **kw)


def test_the_whole_loop(loop):
    case = report(loop)
    assert case.state == State.REPORTED and case.grid == loop.tree.grid1
    assert case.number.startswith("SQ20261123") and case.tier_opened == "district"
    act(case, "send_to_verify", loop.operator, MONDAY)
    act(case, "verify", loop.supervisor, MONDAY + H, data={"confirmed": True}, photos=[jpeg()])
    act(case, "register", loop.shift_lead, MONDAY + H)
    case = act(case, "dispatch", loop.dispatcher, MONDAY + H)
    # dispatched at 11:00 Monday: sign-for limit 1 working hour → noon
    assert case.lead_unit == loop.department
    assert case.due_at == dt.datetime(2026, 11, 23, 12, 0, tzinfo=SH)
    # exposed rubbish: handling limit 4 working hours from dispatch → 16:30 the same day
    assert case.handle_due_at == dt.datetime(2026, 11, 23, 16, 30, tzinfo=SH)
    case = act(case, "sign", loop.handler, MONDAY + 2 * H)
    assert case.state == State.HANDLING and case.due_at == case.handle_due_at
    # yellow at 80 % of 4 working hours = 3h12m after 11:00 → 15:42
    assert case.yellow_at == dt.datetime(2026, 11, 23, 15, 42, tzinfo=SH)
    case = act(case, "report_handled", loop.handler, MONDAY + 4 * H, photos=[jpeg()])
    assert case.state == State.HANDLED and case.due_at is None
    act(case, "send_check", loop.operator, MONDAY + 4 * H)
    case = act(case, "pass_check", loop.supervisor, MONDAY + 5 * H, photos=[jpeg()])
    assert case.state == State.CLOSED and case.closed_on_time
    assert case.tier_resolved == "district"
    act(case, "call_back", loop.operator, MONDAY + 6 * H, note="已回访，群众认可")
    case = act(case, "rate", loop.operator, MONDAY + 6 * H, data={"rating": "satisfied"})
    assert case.rating == "satisfied"
    events = list(CaseEvent.objects.filter(case=case).values_list("seq", "action"))
    assert [a for _s, a in events] == [
        "report",
        "send_to_verify",
        "verify",
        "register",
        "dispatch",
        "sign",
        "report_handled",
        "send_check",
        "pass_check",
        "call_back",
        "rate",
    ]
    assert [s for s, _a in events] == list(range(1, 12))
    assert case.attachments.count() == 3


def dispatched(loop):
    case = report(loop)
    act(case, "register", loop.shift_lead, MONDAY)
    return act(case, "dispatch", loop.dispatcher, MONDAY)


def test_return_goes_back_to_the_dispatcher_and_counts(loop):
    case = dispatched(loop)
    with pytest.raises(DomainError) as info:
        act(case, "return", loop.handler, MONDAY)
    assert info.value.field == "note"
    case = act(case, "return", loop.handler, MONDAY, note="不属于本局职责")
    assert case.state == State.REGISTERED and case.return_count == 1 and case.lead_unit is None
    event = case.events.get(action="return")
    assert event.data["unit"] == loop.department.pk and event.data["rule"] is not None


def test_override_of_the_suggestion_needs_a_reason(loop):
    case = report(loop)
    act(case, "register", loop.shift_lead, MONDAY)
    with pytest.raises(DomainError) as info:
        act(case, "dispatch", loop.dispatcher, MONDAY, data={"unit": loop.other_department.pk})
    assert info.value.field == "note"
    case = act(
        case,
        "dispatch",
        loop.dispatcher,
        MONDAY,
        data={"unit": loop.other_department.pk},
        note="绿地内",
    )
    assert case.lead_unit == loop.other_department and case.routing_rule is None
    assert not case.events.get(action="dispatch").data["followed_suggestion"]


def test_only_the_assigned_unit_signs(loop):
    case = dispatched(loop)
    with pytest.raises(NotFound):
        act(case, "sign", loop.other_handler, MONDAY)
    assert available_actions(loop.handler, Case.objects.get(pk=case.pk)) == ["sign", "return"]


def test_wrong_role_is_forbidden_and_wrong_state_is_a_conflict(loop):
    case = report(loop)
    with pytest.raises(Forbidden):
        act(case, "register", loop.operator, MONDAY)
    with pytest.raises(Conflict):
        act(case, "sign", loop.shift_lead, MONDAY)
    assert Case.objects.get(pk=case.pk).state == State.REPORTED
    assert CaseEvent.objects.filter(case=case).count() == 1


def test_stale_version_is_a_conflict(loop):
    case = report(loop)
    act(case, "register", loop.shift_lead, MONDAY, expected_version=1)
    with pytest.raises(Conflict) as info:
        act(case, "void", loop.shift_lead, MONDAY, expected_version=1, note="重复")
    assert "已立案" in str(info.value) or "Registered" in str(info.value)


def test_out_of_scope_is_not_found(loop):
    case = report(loop)
    with pytest.raises(NotFound):
        act(case, "verify", loop.outsider, MONDAY, data={"confirmed": True})


def test_extension_moves_the_deadline(loop):
    case = act(dispatched(loop), "sign", loop.handler, MONDAY)
    due = case.handle_due_at
    act(case, "request_extension", loop.handler, MONDAY, data={"hours": 2}, note="需协调")
    with pytest.raises(DomainError):
        act(case, "request_extension", loop.handler, MONDAY, data={"hours": 2}, note="再次")
    case = act(case, "approve_extension", loop.dispatcher, MONDAY)
    # dispatched Monday 10:00 + 4 working hours = 15:30; + 2 working hours = 17:30
    assert due == dt.datetime(2026, 11, 23, 15, 30, tzinfo=SH)
    assert case.handle_due_at == dt.datetime(2026, 11, 23, 17, 30, tzinfo=SH)
    assert case.due_at == case.handle_due_at


def test_suspended_time_does_not_count(loop):
    case = act(dispatched(loop), "sign", loop.handler, MONDAY)
    due = case.handle_due_at
    act(case, "request_suspension", loop.handler, MONDAY, note="待产权单位确认")
    case = act(case, "approve_suspension", loop.dispatcher, MONDAY + H)
    assert case.suspended_at == MONDAY + H
    # resumed the next morning at 10:00: the suspension lasted 6 working hours, so the
    # deadline (Monday 15:30) moves 6 working hours on, to Tuesday 14:30
    case = act(case, "resume", loop.dispatcher, MONDAY + dt.timedelta(days=1))
    assert case.suspended_at is None
    assert due == dt.datetime(2026, 11, 23, 15, 30, tzinfo=SH)
    assert case.handle_due_at == dt.datetime(2026, 11, 24, 14, 30, tzinfo=SH)
    assert case.events.get(action="resume").data["suspended_working_seconds"] == 6 * 3600


def test_failed_check_is_rework_with_a_fresh_limit(loop):
    case = act(dispatched(loop), "sign", loop.handler, MONDAY)
    act(case, "report_handled", loop.handler, MONDAY + H, photos=[jpeg()])
    act(case, "send_check", loop.operator, MONDAY + H)
    with pytest.raises(DomainError):
        act(case, "fail_check", loop.supervisor, MONDAY + 2 * H)
    case = act(case, "fail_check", loop.supervisor, MONDAY + 2 * H, note="仍有垃圾")
    assert case.state == State.HANDLING and case.rework_count == 1 and case.handled_at is None


def test_evidence_is_required_for_classes_that_need_it(loop):
    case = act(dispatched(loop), "sign", loop.handler, MONDAY)
    with pytest.raises(DomainError) as info:
        act(case, "report_handled", loop.handler, MONDAY)
    assert info.value.field == "photos"


def test_dissatisfied_rating_reopens_to_the_unit(loop):
    case = act(dispatched(loop), "sign", loop.handler, MONDAY)
    act(case, "report_handled", loop.handler, MONDAY + H, photos=[jpeg()])
    act(case, "close", loop.shift_lead, MONDAY + H)
    with pytest.raises(DomainError):
        act(case, "reopen", loop.shift_lead, MONDAY + 2 * H, note="x")
    act(case, "rate", loop.operator, MONDAY + 2 * H, data={"rating": "dissatisfied"})
    case = act(case, "reopen", loop.shift_lead, MONDAY + 2 * H, note="群众不满意")
    assert case.state == State.REOPENED and case.reopen_count == 1 and case.rating == ""
    case = act(case, "sign", loop.handler, MONDAY + 3 * H)
    assert case.state == State.HANDLING


def test_resident_rates_their_own_case(loop):
    case = case_report(
        actor=loop.resident,
        report=Report(
            case_class="06010",
            answers=ANS,
            description="垃圾",
            channel="web",
            lon=121.41,
            lat=31.12,
        ),
        now=MONDAY,
    )
    assert case.reporter_user == loop.resident and not case.anonymous
    case = act(dispatched_case := case, "register", loop.shift_lead, MONDAY)
    act(case, "dispatch", loop.dispatcher, MONDAY)
    act(case, "sign", loop.handler, MONDAY)
    act(case, "report_handled", loop.handler, MONDAY, photos=[jpeg()])
    act(case, "close", loop.shift_lead, MONDAY)
    with pytest.raises(NotFound):
        act(case, "rate", loop.other_handler, MONDAY, data={"rating": "satisfied"})
    case = act(dispatched_case, "rate", loop.resident, MONDAY, data={"rating": "basic"})
    assert case.rating == "basic"


def test_self_handle_records_and_closes_at_once(loop):
    case = case_self_handle(
        actor=loop.supervisor,
        report=Report(
            case_class="06010",
            answers=ANS,
            description="暴露垃圾",
            channel="patrol",
            lon=121.41,
            lat=31.12,
        ),
        after_photos=[jpeg()],
        now=MONDAY,
    )
    assert case.state == State.CLOSED and case.self_handled
    assert case.tier_opened == case.tier_resolved == "grid"
    assert [e.action for e in case.events.all()] == ["report", "self_handle"]


def test_self_handle_refused_for_classes_that_forbid_it(loop):
    with pytest.raises(DomainError) as info:
        case_self_handle(
            actor=loop.supervisor,
            report=Report(case_class="01001", channel="patrol", lon=121.41, lat=31.12),
            after_photos=[jpeg()],
            now=MONDAY,
        )
    assert info.value.field == "case_class"
    assert not Case.objects.exists()


def test_escalation_raises_the_tier_and_may_hand_over(loop):
    case = dispatched(loop)
    with pytest.raises(DomainError) as info:
        act(case, "escalate", loop.dispatcher, MONDAY, data={"to_tier": "grid"}, note="x")
    assert info.value.field == "to_tier"
    report_case = report(loop, idempotency_key="")
    case2 = act(report_case, "register", loop.shift_lead, MONDAY)
    assert case2.tier_current == "district"
    street_case = case_report(
        actor=loop.supervisor,
        report=Report(case_class="06010", answers=ANS, channel="patrol", lon=121.41, lat=31.12),
        now=MONDAY,
    )
    case3 = act(
        street_case,
        "escalate",
        loop.leader,
        MONDAY,
        data={"to_tier": "street", "unit": loop.street_office.pk},
        note="社区无法解决",
    )
    assert case3.tier_current == "street" and case3.lead_unit == loop.street_office


def test_supervise_needs_an_instruction(loop):
    case = dispatched(loop)
    case = act(case, "supervise", loop.leader, MONDAY, note="请加快处置")
    assert case.supervised_at == MONDAY and case.state == State.DISPATCHED


def test_card_of_agrees_with_the_list(loop):
    from civicgrid.cases import selectors

    case = dispatched(loop)
    for minutes in (0, 50, 70, 600):
        at = MONDAY + dt.timedelta(minutes=minutes)
        listed = selectors.case_list(user=loop.operator, now=at).get(pk=case.pk).card
        assert selectors.card_of(Case.objects.get(pk=case.pk), at) == listed


def test_on_site_steps_keep_the_position(loop):
    case = report(loop)
    act(case, "send_to_verify", loop.operator, MONDAY)
    case = act(
        case,
        "verify",
        loop.supervisor,
        MONDAY,
        data={"confirmed": True, "lon": "121.41", "lat": "31.12"},
    )
    assert case.events.get(action="verify").data["position"] == [121.41, 31.12]
    other = report(loop)
    act(other, "send_to_verify", loop.operator, MONDAY)
    with pytest.raises(DomainError) as info:
        act(
            other,
            "verify",
            loop.supervisor,
            MONDAY,
            data={"confirmed": True, "lon": "x", "lat": "1"},
        )
    assert info.value.field == "lon"


def test_the_reporter_says_whether_it_was_solved(loop):
    from .fixtures import walk

    case = walk(report(loop), loop)
    with pytest.raises(DomainError) as caught:
        case_transition(
            case_id=case.pk,
            action="rate",
            actor=loop.operator,
            data={"rating": "basic", "resolved": "perhaps"},
            now=MONDAY,
        )
    assert caught.value.field == "resolved"
    case_transition(
        case_id=case.pk,
        action="rate",
        actor=loop.operator,
        data={"rating": "basic", "resolved": "no"},
        now=MONDAY,
    )
    case.refresh_from_db()
    assert case.rating == "basic" and case.resolved is False
    assert case.events.get(action="rate").data["resolved"] is False
