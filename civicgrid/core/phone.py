"""Phone numbers: mainland mobiles (1[3-9]x, 11 digits) and landlines (0 + area code)."""

import re

from django.utils.translation import gettext as _

MOBILE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE = re.compile(r"^0\d{2,3}\d{7,8}$")


class PhoneError(ValueError):
    pass


def normalise(value: str) -> str:
    """Strip spaces, dashes and a +86/0086 prefix; validate. Raises PhoneError."""
    raw = re.sub(r"[\s\-()]", "", value or "")
    for prefix in ("+86", "0086"):
        if raw.startswith(prefix):
            raw = raw[len(prefix) :]
    if MOBILE.match(raw) or LANDLINE.match(raw):
        return raw
    raise PhoneError(_("A phone number is an 11-digit mobile number or 0 + area code + number."))
