import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from civicgrid.core import idnumber

divisions = st.sampled_from(["310101", "310104", "340104", "110102"])
births = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2024, 12, 31))


@given(divisions, births, st.integers(0, 499), st.sampled_from(["M", "F"]))
def test_made_numbers_parse_back_with_birth_and_gender(division, birth, seq, gender):
    # given a number built from its parts
    value = idnumber.make(division, birth, seq, gender)
    # when it is parsed
    parsed = idnumber.parse(value)
    # then every part comes back
    assert parsed.birth_date == birth
    assert parsed.gender == gender
    assert parsed.division == division


@given(divisions, births, st.integers(0, 499), st.sampled_from(["M", "F"]), st.integers(0, 16))
def test_any_single_digit_change_is_caught(division, birth, seq, gender, position):
    value = idnumber.make(division, birth, seq, gender)
    digit = str((int(value[position]) + 1) % 10)
    changed = value[:position] + digit + value[position + 1 :]
    with pytest.raises(idnumber.IdNumberError):
        idnumber.parse(changed)


def test_known_good_number_with_x_check():
    # 11010519491231002X is the GB 11643 textbook example
    parsed = idnumber.parse("11010519491231002x")
    assert parsed.value == "11010519491231002X"
    assert parsed.gender == "F"
    assert parsed.birth_date == dt.date(1949, 12, 31)


@given(
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(1999, 12, 31)), st.integers(0, 499)
)
def test_legacy_15_digit_numbers_upgrade(birth, seq):
    legacy = f"310101{birth:%y%m%d}{seq:03d}"
    upgraded = idnumber.upgrade_15(legacy)
    assert len(upgraded) == 18
    assert idnumber.parse(legacy).value == upgraded
    assert idnumber.parse(upgraded).birth_date == birth


@pytest.mark.parametrize(
    "bad",
    ["", "123", "31010119900230123X", "3101011990010112A4", "310101209901011234"],
)
def test_bad_numbers_are_refused(bad):
    with pytest.raises(idnumber.IdNumberError):
        idnumber.parse(bad, today=dt.date(2026, 11, 23))


@pytest.mark.parametrize("birth", ["19900230", "19000229", "19901301", "19900100"])
def test_a_birth_date_that_is_no_date_is_named(birth):
    from django.utils.translation import override

    first17 = f"310101{birth}123"
    with override("en"), pytest.raises(idnumber.IdNumberError, match="not a real date"):
        idnumber.parse(first17 + idnumber.check_char(first17), today=dt.date(2026, 11, 23))
