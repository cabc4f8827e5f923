"""Learning from returns: a unit returning a class in a street while another unit keeps those
cases produces one suggested rule change; accepted by an administrator, the rule is written
(and routes the next case); refused, it needs a reason and is not made again; others get 404."""

import pytest
from django.core.management import call_command

from civicgrid.accounts.choices import Role
from civicgrid.accounts.tests.factories import user_with_role
from civicgrid.cases.services import Report, case_report, case_transition
from civicgrid.core.errors import DomainError
from civicgrid.insight import returns
from civicgrid.insight.rule_models import RuleSuggestion
from civicgrid.routing.models import ResponsibilityRule
from civicgrid.routing.services import suggest as route

pytestmark = pytest.mark.django_db


def _returned_then_kept(loop, n=3):
    for i in range(n):
        case = case_report(actor=loop.operator, report=Report(
            case_class="01023", description=f"井盖缺失{i}", channel="hotline", lon=121.41,
            lat=31.12))  # fmt: skip
        step = {"case_id": case.pk}  # at the real time: the returns read are the last days'
        case_transition(action="register", actor=loop.shift_lead, **step)
        case_transition(action="dispatch", actor=loop.dispatcher, **step)  # the rule: dept
        case_transition(action="return", actor=loop.handler, note="非本单位职责", **step)
        case_transition(action="dispatch", actor=loop.dispatcher, note="园林负责",
                        data={"unit": loop.other_department.pk}, **step)  # fmt: skip
        case_transition(action="sign", actor=loop.other_handler, **step)
    return case


def test_returns_suggest_a_rule_and_accepting_writes_it(client, loop, tree, settings):
    settings.CIVICGRID_REPEAT_COUNT = 10_000
    case = _returned_then_kept(loop)
    (made,) = returns.suggest()
    assert (made.from_unit, made.to_unit, made.area) == (
        loop.department,
        loop.other_department,
        tree.street,
    )
    assert (made.dispatched, made.returned, made.kept, made.cases.count()) == (3, 3, 3, 3)
    assert returns.suggest() == []  # brought up to date, not made twice
    admin = user_with_role("rules_admin", tree.district, Role.ADMIN)
    with pytest.raises(DomainError):
        returns.accept(actor=loop.dispatcher, suggestion=made)
    client.force_login(loop.dispatcher)
    assert client.get(f"/insight/rules/{made.pk}/").status_code == 404
    assert client.get("/insight/rules/").status_code == 404
    client.force_login(admin)
    assert "01023" in client.get("/insight/rules/").content.decode()
    client.post(f"/insight/rules/{made.pk}/", {"accept": "1"})
    made.refresh_from_db()
    assert made.status == RuleSuggestion.Status.ACCEPTED and made.rule is not None
    rule = ResponsibilityRule.objects.get(case_class__code="01023", area=tree.street)
    assert rule.lead_unit == loop.other_department
    assert route(case_class=case.case_class, grid=case.grid, level=case.dispatch_level,
                 case=case).lead_unit.pk == loop.other_department.pk  # fmt: skip
    with pytest.raises(DomainError):  # decided already
        returns.refuse(actor=admin, suggestion=made, note="x")


def test_refusing_needs_a_reason_and_is_not_made_again(client, loop, tree, settings):
    settings.CIVICGRID_REPEAT_COUNT = 10_000
    _returned_then_kept(loop)
    call_command("rule_suggestions", stdout=open("/dev/null", "w"))  # noqa: SIM115
    made = RuleSuggestion.objects.get()
    admin = user_with_role("rules_admin", tree.district, Role.ADMIN)
    client.force_login(admin)
    refused = client.post(f"/insight/rules/{made.pk}/", {"note": "  "})
    assert refused.status_code == 200
    made.refresh_from_db()
    assert made.status == RuleSuggestion.Status.PENDING
    client.post(f"/insight/rules/{made.pk}/", {"note": "<b>临时调整，不改规则</b>"})
    made.refresh_from_db()
    assert made.status == RuleSuggestion.Status.REFUSED and made.note.startswith("<b>")
    assert "&lt;b&gt;" in client.get(f"/insight/rules/{made.pk}/").content.decode()
    assert returns.suggest() == [] and RuleSuggestion.objects.count() == 1
    assert not ResponsibilityRule.objects.filter(case_class__code="01023").exists()


def test_too_few_returns_suggest_nothing(loop, settings):
    settings.CIVICGRID_REPEAT_COUNT = 10_000
    _returned_then_kept(loop, n=2)
    assert returns.suggest() == []


def test_accepting_is_refused_when_a_more_specific_rule_would_still_win(loop, tree, settings):
    from civicgrid.catalogue.models import CaseClass
    from civicgrid.routing.services import rule_save

    settings.CIVICGRID_REPEAT_COUNT = 10_000
    _returned_then_kept(loop)
    (made,) = returns.suggest()
    rule_save(rule=ResponsibilityRule(case_class=CaseClass.objects.get(code="01023"),
                                      area=tree.community, lead_unit=loop.department))  # fmt: skip
    admin = user_with_role("rules_admin", tree.district, Role.ADMIN)
    with pytest.raises(DomainError) as err:
        returns.accept(actor=admin, suggestion=made)
    assert err.value.field == "rule"
    made.refresh_from_db()
    assert made.status == RuleSuggestion.Status.PENDING
    assert not ResponsibilityRule.objects.filter(area=tree.street).exists()  # rolled back
