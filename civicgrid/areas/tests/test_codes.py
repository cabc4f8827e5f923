import pytest
from hypothesis import given
from hypothesis import strategies as st

from civicgrid.areas.choices import AreaLevel
from civicgrid.areas.codes import CodeError, level_of, parent_code_of, validate_code

seq = st.integers(1, 999).map(lambda n: f"{n:03d}")


@given(seq, seq, seq)
def test_a_grid_code_fits_its_chain_of_parents(s, c, g):
    street = "310104" + s
    community = street + c
    grid = community + g
    validate_code(street, AreaLevel.STREET, "310104", AreaLevel.DISTRICT)
    validate_code(community, AreaLevel.COMMUNITY, street, AreaLevel.STREET)
    validate_code(grid, AreaLevel.GRID, community, AreaLevel.COMMUNITY)
    assert parent_code_of(grid) == community
    assert level_of(grid) == AreaLevel.GRID


@given(seq, seq)
def test_a_code_under_the_wrong_parent_is_refused(a, b):
    with pytest.raises(CodeError, match="310104"):
        validate_code("310105" + a + b, AreaLevel.COMMUNITY, "310104" + a, AreaLevel.STREET)


@pytest.mark.parametrize(
    ("code", "level", "parent", "parent_level"),
    [
        ("31010400100", AreaLevel.COMMUNITY, "310104001", AreaLevel.STREET),  # too short
        ("310104001000", AreaLevel.COMMUNITY, "310104001", AreaLevel.STREET),  # 000
        ("310104", AreaLevel.CITY, None, None),  # city ends in 00
        ("310104001001001", AreaLevel.GRID, "310104001", AreaLevel.STREET),  # skips a level
        ("3101040a1", AreaLevel.STREET, "310104", AreaLevel.DISTRICT),
        ("310204", AreaLevel.DISTRICT, "310100", AreaLevel.CITY),
    ],
)
def test_bad_codes(code, level, parent, parent_level):
    with pytest.raises(CodeError):
        validate_code(code, level, parent, parent_level)


def test_parent_of_district_is_its_city():
    assert parent_code_of("310104") == "310100"
    assert parent_code_of("310100") is None
