"""Each action's input is defined once (cases/actions.py): every action has a schema and an
effect, the schema refuses bad input naming the field with the action's own message and code,
and the service applies the same schema to whatever a caller hands it."""

import pytest

from civicgrid.cases import actions
from civicgrid.cases.choices import Action
from civicgrid.cases.services import case_transition
from civicgrid.cases.services.effects import EFFECTS
from civicgrid.core.errors import DomainError

from .fixtures import MONDAY, walk
from .test_views import seeded


def test_every_action_has_one_schema_and_one_effect():
    assert set(actions.SCHEMAS) == set(Action) == set(EFFECTS)
    for action, schema in actions.SCHEMAS.items():
        assert schema.action == action


@pytest.mark.parametrize(
    ("action", "data", "field", "code"),
    [
        ("verify", {}, "confirmed", "required"),
        ("verify", {"confirmed": "yes", "lon": "121.4"}, "lon", "invalid"),  # no latitude
        ("verify", {"confirmed": "yes", "lon": "nan", "lat": "31"}, "lon", "invalid"),
        ("request_extension", {}, "hours", "required"),
        ("request_extension", {"hours": "=1+1"}, "hours", "invalid"),
        ("request_extension", {"hours": "2001"}, "hours", "invalid"),
        ("merge", {"into": "SQ" + "9" * 40}, "into", "invalid"),
        ("register", {"case_class": "<b>x</b>"}, "case_class", "unknown_class"),
        ("register", {"priority": "soon"}, "priority", "invalid"),
        ("dispatch", {"unit": str(2**70)}, "unit", "invalid"),
        ("dispatch", {"cooperating": ["1", "x"]}, "cooperating", "invalid"),
        ("rate", {}, "rating", "invalid"),
        ("rate", {"rating": "basic", "resolved": "perhaps"}, "resolved", "invalid"),
        ("escalate", {"to_tier": "grid"}, "to_tier", "invalid"),
        ("publish_photos", {"shown": "1,a"}, "shown", "invalid"),
    ],
)
def test_bad_input_is_refused_naming_the_field(action, data, field, code):
    with pytest.raises(DomainError) as refused:
        actions.parse(action, data)
    assert (refused.value.field, refused.value.code) == (field, code)
    assert refused.value.message  # the action's own words, translated


def test_input_is_typed_once():
    assert actions.parse("request_extension", {"hours": "4.5"}).hours == 4.5
    assert actions.parse("publish_photos", {"shown": "3, 4"}).shown == [3, 4]
    assert actions.parse("call_back", {"reached": "no"}).reached is False
    assert actions.parse("call_back", {}).reached is True
    # an empty value is a value not given
    assert actions.parse("dispatch", {"unit": "", "cooperating": ""}).unit is None
    verified = actions.parse("verify", {"confirmed": True, "lon": "121.41", "lat": "31.12"})
    assert (verified.lon, verified.lat) == (121.41, 31.12)
    # the typed input passes as it is
    assert actions.parse("verify", verified) is verified
    # what only the platform sets is not asked of people
    assert "rule" not in actions.asked(actions.Escalate) and "by" not in actions.asked(actions.Rate)


def test_the_note_an_action_needs_is_asked_for_in_its_words():
    with pytest.raises(DomainError) as refused:
        actions.require_note("void", "   ")
    assert refused.value.field == "note" and refused.value.code == "required"
    assert refused.value.message == str(actions.Void.needs_note)
    actions.require_note("sign", "")  # signing needs no note


@pytest.mark.django_db
def test_the_service_refuses_with_the_schema_and_changes_nothing(loop):
    case = walk(seeded(loop), loop, until="sign")
    with pytest.raises(DomainError) as refused:
        case_transition(
            case_id=case.pk,
            action="request_extension",
            actor=loop.handler,
            note="材料未到",
            data={"hours": "<script>"},
            now=MONDAY,
        )
    assert refused.value.field == "hours"
    case.refresh_from_db()
    assert case.version == 4 and not case.requests.exists()
    done = case_transition(
        case_id=case.pk,
        action="request_extension",
        actor=loop.handler,
        note="材料未到",
        data=actions.RequestExtension(hours="4"),
        now=MONDAY,
    )
    assert done.requests.get().hours == 4
