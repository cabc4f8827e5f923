"""Area codes: 6-digit division (GB/T 2260) + 3-digit street + 3-digit community + 3-digit grid."""

from __future__ import annotations

from django.utils.translation import gettext as _

from .choices import CODE_LENGTH, AreaLevel


class CodeError(ValueError):
    pass


def validate_code(code: str, level: int, parent_code: str | None, parent_level: int | None) -> None:
    """Raise CodeError unless ``code`` fits its level and its parent's code."""
    level = AreaLevel(level)
    expected = CODE_LENGTH[level]
    if not code.isdigit() or len(code) != expected:
        raise CodeError(
            _("Code %(code)s: a %(level)s code has %(n)s digits.")
            % {"code": code, "level": level.label, "n": expected}
        )
    if level == AreaLevel.CITY:
        if not code.endswith("00"):
            raise CodeError(_("Code %(code)s: a city code ends in 00.") % {"code": code})
    elif level == AreaLevel.DISTRICT and code.endswith("00"):
        raise CodeError(_("Code %(code)s: a district code does not end in 00.") % {"code": code})
    if level > AreaLevel.CITY and code[-3:] == "000" and level > AreaLevel.DISTRICT:
        raise CodeError(_("Code %(code)s: the sequence 000 is not allowed.") % {"code": code})
    if parent_code is None:
        if level > AreaLevel.DISTRICT:
            raise CodeError(
                _("Code %(code)s: a %(level)s needs a parent.")
                % {"code": code, "level": level.label}
            )
        return
    if parent_level != level - 1:
        raise CodeError(
            _("Code %(code)s: its parent %(parent)s is not one level above it.")
            % {"code": code, "parent": parent_code}
        )
    prefix_ok = (
        code[:4] == parent_code[:4] if level == AreaLevel.DISTRICT else code.startswith(parent_code)
    )
    if not prefix_ok:
        raise CodeError(
            _("Code %(code)s does not start with its parent's code %(parent)s.")
            % {"code": code, "parent": parent_code}
        )


def parent_code_of(code: str) -> str | None:
    """The parent's code as far as it can be read from the code itself."""
    if len(code) > 6:
        return code[:-3]
    if len(code) == 6 and not code.endswith("00"):
        return code[:4] + "00"
    return None


def level_of(code: str) -> int:
    if len(code) == 6:
        return AreaLevel.CITY if code.endswith("00") else AreaLevel.DISTRICT
    for level, length in CODE_LENGTH.items():
        if length == len(code) and level > AreaLevel.DISTRICT:
            return level
    raise CodeError(_("Code %(code)s has an unknown length.") % {"code": code})
