import pytest
from hypothesis import given
from hypothesis import strategies as st

from civicgrid.core import phone, pii


def test_encrypt_round_trip_and_ciphertext_differs():
    token = pii.encrypt("310101199001011234")
    assert "310101199001011234" not in token
    assert pii.decrypt(token) == "310101199001011234"
    assert pii.encrypt("310101199001011234") != token  # random IV


def test_blind_index_is_deterministic_and_case_insensitive():
    assert pii.blind_index("11010519491231002x") == pii.blind_index("11010519491231002X")
    assert pii.blind_index("a") != pii.blind_index("b")
    assert pii.blind_index("") == ""


def test_masks():
    assert pii.mask_id_number("310101199001011234") == "310101********1234"
    assert pii.mask_phone("13812345678") == "138****5678"
    assert pii.mask_phone("") == ""


@given(st.text(alphabet="0123456789X", min_size=11, max_size=18))
def test_masks_never_reveal_the_middle(value):
    masked = pii.mask_id_number(value)
    assert len(masked) == len(value)
    assert masked[6:-4] == "*" * (len(value) - 10)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("138 1234 5678", "13812345678"),
        ("+8613812345678", "13812345678"),
        ("021-64871234", "02164871234"),
    ],
)
def test_phone_normalise(raw, expected):
    assert phone.normalise(raw) == expected


@pytest.mark.parametrize("bad", ["12345", "12812345678", "abc"])
def test_phone_refuses_bad_numbers(bad):
    with pytest.raises(phone.PhoneError):
        phone.normalise(bad)
