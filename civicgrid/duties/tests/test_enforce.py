"""The negative list binds dispatch: the suggestion skips a community unit for a class on it, and
a dispatcher choosing one (as the lead, a cooperating unit or an added unit) is refused with the
item cited. Other classes, and units above the community, go as before."""

import datetime as dt

import pytest

from civicgrid.accounts.choices import UnitKind
from civicgrid.accounts.tests.factories import unit_for
from civicgrid.burden.models import Refusal
from civicgrid.cases.services import case_transition
from civicgrid.cases.tests.fixtures import MONDAY, walk
from civicgrid.cases.tests.test_views import seeded
from civicgrid.catalogue.models import CaseClass
from civicgrid.core.errors import DomainError
from civicgrid.duties.models import CommunityKind
from civicgrid.duties.services import version_save
from civicgrid.routing.models import ResponsibilityRule
from civicgrid.routing.services import rule_save, suggest

pytestmark = pytest.mark.django_db


def negative(classes=("06010",), on=dt.date(2026, 1, 1)):
    version = version_save(
        kind=CommunityKind.objects.get(code="urban"),
        list_type="negative",
        items=[
            {
                "code": "N-07",
                "title": "垃圾清运不得交由社区承担",
                "case_classes": list(CaseClass.objects.filter(code__in=classes)),
            }
        ],
        effective_from=on,
    )
    return version


def test_the_suggestion_skips_the_community(loop):
    committee = unit_for(loop.tree.community, UnitKind.COMMUNITY_COMMITTEE)
    cls = CaseClass.objects.get(code="06010")
    rule_save(
        rule=ResponsibilityRule(case_class=cls, area=loop.tree.community, lead_unit=committee)
    )
    assert suggest(case_class=cls, grid=loop.tree.grid1).lead_unit == committee
    negative()
    s = suggest(case_class=cls, grid=loop.tree.grid1)
    assert s.lead_unit is None and "N-07" in s.reason and committee.name in s.reason


def test_a_manual_dispatch_to_the_community_is_refused_citing_the_item(loop):
    committee = unit_for(loop.tree.community, UnitKind.COMMUNITY_COMMITTEE)
    station = unit_for(loop.tree.grid1, UnitKind.WORK_STATION)
    negative()
    case = walk(seeded(loop), loop, until="register")
    for data, field in (
        ({"unit": committee.pk}, "unit"),
        ({"unit": station.pk}, "unit"),  # a work station in a grid of the community
        ({"unit": loop.department.pk, "cooperating": [committee.pk]}, "cooperating"),
    ):
        with pytest.raises(DomainError) as caught:
            case_transition(
                case_id=case.pk,
                action="dispatch",
                actor=loop.dispatcher,
                data=data,
                note="改派",
                now=MONDAY,
            )
        assert caught.value.field == field and "N-07" in caught.value.message
    case_transition(
        case_id=case.pk,
        action="dispatch",
        actor=loop.dispatcher,
        data={"unit": loop.department.pk},
        now=MONDAY,
    )
    with pytest.raises(DomainError) as caught:
        case_transition(
            case_id=case.pk,
            action="add_unit",
            actor=loop.dispatcher,
            data={"unit": committee.pk},
            now=MONDAY,
        )
    assert caught.value.code == "negative_list"
    # each refused attempt is on the community's record, the case untouched by it
    refused = Refusal.objects.filter(source="dispatch", case=case)
    assert refused.count() == 4
    assert {r.community for r in refused} == {loop.tree.community}
    assert all(r.by == loop.dispatcher and "N-07" in r.rule for r in refused)
    centre = loop.dispatcher.assignments.get().unit  # the unit the dispatcher acts for
    assert {r.department for r in refused} == {centre}
    assert case.events.filter(action="add_unit").count() == 0


def test_other_classes_and_later_lists_go_as_before(loop):
    committee = unit_for(loop.tree.community, UnitKind.COMMUNITY_COMMITTEE)
    negative(classes=("06011",))  # another class
    case = walk(seeded(loop), loop, until="register")
    case_transition(
        case_id=case.pk,
        action="dispatch",
        actor=loop.dispatcher,
        data={"unit": committee.pk},
        note="社区可办",
        now=MONDAY,
    )
    assert case.assignments.get(active=True).unit == committee
