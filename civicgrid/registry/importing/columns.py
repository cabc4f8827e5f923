"""Column definitions and value parsers. Headers are part of the file format: fixed Chinese
headers (English accepted too), independent of the interface language."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from ..choices import BuildingType, Gender, HouseUse, IdType, Relation, ResidenceKind, ResidenceType


class CellError(ValueError):
    pass


CELL_MAX = 1000  # characters in a cell of a column without a narrower limit


@dataclass(frozen=True)
class Column:
    key: str
    zh: str
    en: str
    required: bool = False
    help_zh: str = ""
    max_length: int = CELL_MAX  # the database column's length, where it has one


def length(model, field: str) -> int:
    """The length of the database column behind ``model.field``."""
    return model._meta.get_field(field).max_length


def _choice_parser(choices, synonyms: dict[str, str]):
    table = {v.lower(): v for v in choices.values}
    table.update({k.lower(): v for k, v in synonyms.items()})

    def parse(value: str) -> str:
        key = value.strip().lower()
        if key not in table:
            allowed = "、".join(synonyms)
            raise CellError(_("Unknown value; allowed: %(allowed)s") % {"allowed": allowed})
        return table[key]

    parse.allowed = "、".join(synonyms)  # type: ignore[attr-defined]
    return parse


gender = _choice_parser(Gender, {"男": "M", "女": "F"})
id_type = _choice_parser(
    IdType,
    {"居民身份证": "resident_id", "身份证": "resident_id", "其他证件": "other", "护照": "other"},
)
residence_type = _choice_parser(
    ResidenceType,
    {"户籍": "registered", "常住": "resident", "流动": "floating", "境外": "overseas"},
)
residence_kind = _choice_parser(ResidenceKind, {"自住": "own", "租住": "rent", "寄住": "lodge"})
relation = _choice_parser(
    Relation,
    {
        "本人": "head",
        "户主": "head",
        "配偶": "spouse",
        "子女": "child",
        "子": "child",
        "女": "child",
        "父母": "parent",
        "父亲": "parent",
        "母亲": "parent",
        "孙子女": "grandchild",
        "祖父母": "grandparent",
        "兄弟姐妹": "sibling",
        "其他亲属": "relative",
        "租客": "tenant",
        "其他": "other",
    },
)
house_use = _choice_parser(
    HouseUse, {"自住": "owner", "出租": "rented", "空置": "vacant", "商用": "commercial"}
)
building_type = _choice_parser(
    BuildingType,
    {
        "住宅": "residential",
        "商业": "commercial",
        "商住混合": "mixed",
        "公共": "public",
        "工业": "industrial",
        "其他": "other",
    },
)


def parse_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip().replace("/", "-").replace(".", "-")
    for fmt in ("%Y-%m-%d", "%Y%m%d"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise CellError(_("Not a date; write it as 2026-11-23."))


def parse_int(value, low: int, high: int) -> int:
    try:
        number = int(str(value).strip().split(".")[0]) if not isinstance(value, int) else value
    except ValueError:
        raise CellError(_("Not a whole number.")) from None
    if not low <= number <= high:
        raise CellError(_("Must be between %(low)s and %(high)s.") % {"low": low, "high": high})
    return number


def parse_float(value, low: float, high: float) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise CellError(_("Not a number.")) from None
    if not low <= number <= high:
        raise CellError(_("Must be between %(low)s and %(high)s.") % {"low": low, "high": high})
    return number


def parse_decimal(value, high: Decimal = Decimal("999999")) -> Decimal:
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise CellError(_("Not a number.")) from None
    if number < 0 or number > high:
        raise CellError(_("Must be between %(low)s and %(high)s.") % {"low": 0, "high": high})
    return number.quantize(Decimal("0.01"))


def split_list(value: str) -> list[str]:
    for sep in ("；", ";", "，", ",", "、", "|"):
        value = value.replace(sep, "、")
    return [v.strip() for v in value.split("、") if v.strip()]
