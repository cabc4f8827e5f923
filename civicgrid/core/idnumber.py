"""Resident identity numbers (GB 11643-1999): validation, 15→18 conversion, derived facts.

The check character is python-stdnum's (``stdnum.cn.ric``; the birth date is read here, from
digits already checked, as stdnum reads it, without cleaning the number again); this module adds
what the register needs on top: legacy 15-digit numbers, a birth date that is not in the future
nor before 1880, gender and division, and messages the user reads. The place of birth is not
checked against stdnum's table of divisions: numbers from divisions since renamed stay valid.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _
from stdnum.cn import ric


class IdNumberError(ValueError):
    """Why an ID number is not valid (translated message)."""


@dataclass(frozen=True)
class IdNumber:
    value: str
    birth_date: dt.date
    gender: str  # "M" or "F"
    division: str


def check_char(first17: str) -> str:
    """The check character (0–9 or X) that follows these 17 digits."""
    # stdnum computes it from a whole number and ignores the last character it is given.
    return ric.calc_check_digit(first17 + "0")


def upgrade_15(value: str) -> str:
    """Convert a legacy 15-digit number (born 19xx) to 18 digits with a check character."""
    if len(value) != 15 or not value.isdigit():
        raise IdNumberError(_("A legacy ID number has exactly 15 digits."))
    first17 = value[:6] + "19" + value[6:]
    return first17 + check_char(first17)


def parse(value: str, *, today: dt.date | None = None) -> IdNumber:
    """Validate and normalise; 15-digit numbers are upgraded. Raises IdNumberError."""
    raw = (value or "").strip().upper()
    if len(raw) == 15:
        raw = upgrade_15(raw)
    if len(raw) != 18:
        raise IdNumberError(_("An ID number has 18 characters (or 15 digits for old numbers)."))
    if not raw[:17].isdigit() or not (raw[17].isdigit() or raw[17] == "X"):
        raise IdNumberError(_("An ID number is 17 digits followed by a digit or X."))
    try:  # stdnum's get_birth_date would clean the number again (a tenth of a large import)
        birth = dt.date(int(raw[6:10]), int(raw[10:12]), int(raw[12:14]))
    except ValueError:
        raise IdNumberError(_("The birth date inside the ID number is not a real date.")) from None
    today = today or dt.date.today()
    if birth > today or birth.year < 1880:
        raise IdNumberError(_("The birth date inside the ID number is out of range."))
    if ric.calc_check_digit(raw) != raw[17]:
        raise IdNumberError(_("The check character of the ID number is wrong."))
    gender = "M" if int(raw[16]) % 2 == 1 else "F"
    return IdNumber(value=raw, birth_date=birth, gender=gender, division=raw[:6])


def make(division: str, birth: dt.date, sequence: int, gender: str) -> str:
    """Build a valid number (the demo generator's invented people). ``sequence`` 0–499."""
    seq = sequence * 2 + (1 if gender == "M" else 0)
    first17 = f"{division}{birth:%Y%m%d}{seq:03d}"
    return first17 + check_char(first17)
