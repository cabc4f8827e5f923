"""A reporter's rating note longer than a note may be is refused, naming the note, not cut."""

import pytest
from django.contrib.auth.models import AnonymousUser

from civicgrid.cases.services.public import case_rate_by_reporter
from civicgrid.core.errors import DomainError

from .fixtures import walk
from .test_views import seeded

pytestmark = pytest.mark.django_db


def test_a_note_too_long_is_refused_and_the_case_stays_unrated(loop):
    case = walk(seeded(loop), loop)
    rate = {"case": case, "user": AnonymousUser(), "phone": "13812345678", "rating": "basic"}
    with pytest.raises(DomainError) as caught:
        case_rate_by_reporter(**rate, note="长" * 4001)
    assert caught.value.field == "note"
    case.refresh_from_db()
    assert case.rating == ""
    rated = case_rate_by_reporter(**rate, note="长" * 4000)
    assert rated.rating == "basic" and len(rated.last_event.note) == 4000
