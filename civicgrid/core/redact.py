"""Hide personal numbers typed into free text before it is shown to the public.

Residents and staff write ID numbers and phone numbers into descriptions and notes; public
output (the portal, Open311) shows them masked the way ``core.pii`` masks them everywhere
(docs/api-guide.md).
"""

from __future__ import annotations

import re

from .pii import mask_id_number, mask_phone

ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])")
MOBILE = re.compile(r"(?<![\d+])(?:\+?86[- ]?)?(1[3-9]\d)[- ]?(\d{4})[- ]?(\d{4})(?!\d)")
LANDLINE = re.compile(r"(?<!\d)(0\d{2,3})[- ]?(\d{7,8})(?!\d)")


def redact(text: str) -> str:
    if not text:
        return text
    text = ID_NUMBER.sub(lambda m: mask_id_number(m.group(1).upper()), text)
    text = MOBILE.sub(lambda m: mask_phone("".join(m.groups())), text)
    return LANDLINE.sub(lambda m: m.group(1) + "****" + m.group(2)[-4:], text)
