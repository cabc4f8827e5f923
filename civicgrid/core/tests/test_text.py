"""Text kept whatever its length is shortened visibly, never silently; a rate limit's subject too
long for its column keeps a count of its own."""

import pytest

from civicgrid.core import audit
from civicgrid.core.ratelimit import Limit
from civicgrid.core.text import shortened


def test_shortened_keeps_what_fits_and_marks_a_cut():
    assert shortened("东街道", 3) == "东街道"
    assert shortened("东街道社区", 3) == "东街…"
    assert len(shortened("x" * 500, 200)) == 200


@pytest.mark.django_db
def test_an_audit_entry_names_a_long_object_as_cut():
    entry = audit.record(kind="calendar", action="create", actor=None, target="名" * 300)
    assert len(entry.target) == 200 and entry.target.endswith("…")


@pytest.mark.django_db
def test_two_long_subjects_sharing_a_start_count_apart():
    limit = Limit("test.long", 1, 3600)
    first, second = "a" * 300 + "1", "a" * 300 + "2"
    assert limit.hit(first, now=0) and limit.hit(second, now=0)
    assert not limit.hit(first, now=0)
