"""The residents' class picker: a dozen choices in plain words, each with an icon, mapped onto the
catalogue's classes (GB/T 47678.5 parts and matters, appeals, disputes, public services), and a
search that suggests classes as a resident types — by name, keyword, English name, full pinyin or
pinyin initials, and by the plain words people use (“吵”, “漏水”, “乱停车”).

The table is data (``CHOICES``); ``cases/tests/test_resident_area_classes.py`` checks that every code it names exists.
Residents narrow a choice to one of its classes; the staff intake keeps the full catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from civicgrid.core.stamped import StampedCache

from .models import CaseClass
from .selectors import CATALOGUE_STAMP

MAX_QUERY = 40  # characters of a typed search that are read; the rest is ignored
MAX_ITEMS = 12


@dataclass(frozen=True)
class Choice:
    key: str
    label: Promise
    hint: Promise
    icon: str  # civicgrid/icons/<icon>.svg
    codes: tuple[str, ...]  # the classes it narrows to, most asked first
    words: tuple[str, ...] = ()  # what people say (searched like keywords)


CHOICES: tuple[Choice, ...] = (
    Choice(
        "sanitation",
        _("Rubbish and cleanliness"),
        _("Rubbish, dirty streets, overflowing bins, toilets"),
        "sanitation",
        ("06010", "06042", "06011", "06012", "06036", "06035", "06041", "06030", "06037",
         "03005", "03001", "06027", "07001"),
        ("垃圾", "脏", "臭", "卫生", "清扫", "垃圾桶", "厕所", "油烟", "小广告", "污水"),
    ),
    Choice(
        "roads",
        _("Roads and street fittings"),
        _("Broken roads, manhole covers, street lights, steps"),
        "roads",
        ("06013", "01003", "01002", "01001", "01037", "06049", "06050", "06051", "06052",
         "02034", "10001", "02038", "02012", "06014"),
        ("路", "坑", "井盖", "路灯", "不亮", "台阶", "盲道", "结冰", "门牌"),
    ),
    Choice(
        "noise",
        _("Noise"),
        _("Noisy shops, building sites at night, loudspeakers"),
        "noise",
        ("06028", "08001", "AP003"),
        ("噪音", "噪声", "吵", "扰民", "夜间施工", "广场舞", "喇叭"),
    ),
    Choice(
        "building",
        _("Illegal building"),
        _("Unpermitted structures, extensions, shop fit-outs"),
        "building",
        ("06001", "08016", "06002", "06003", "06039", "06008", "06009"),
        ("违建", "违章", "搭建", "加盖", "乱搭", "装修", "私搭乱建"),
    ),
    Choice(
        "property",
        _("Property management"),
        _("Lifts, bin rooms, disputes with the property company"),
        "property",
        ("DS002", "01076", "03004", "01013", "AP003"),
        ("物业", "电梯", "小区", "业委会", "物业费"),
    ),
    Choice(
        "parking",
        _("Parking and traffic"),
        _("Badly parked cars and bikes, blocked fire lanes, signals"),
        "parking",
        ("09009", "09010", "09011", "09012", "06040", "06034", "02014", "02010", "02001",
         "02043", "02025"),
        ("停车", "乱停", "车位", "单车", "电动车", "消防通道", "地锁", "红绿灯", "僵尸车"),
    ),
    Choice(
        "greenery",
        _("Trees and green spaces"),
        _("Fallen or dangerous trees, damaged lawns, pests"),
        "greenery",
        ("04002", "04013", "06017", "06018", "06045", "06021", "06022", "04003", "04001"),
        ("树", "绿化", "草坪", "草地", "树枝", "虫", "砍树"),
    ),
    Choice(
        "utilities",
        _("Water, power and gas"),
        _("Water supply, power facilities, gas pipes, cables"),
        "utilities",
        ("01025", "01024", "01028", "01057", "01049", "01011", "10002", "01054", "01060"),
        ("水", "停水", "漏水", "水管", "电", "停电", "燃气", "煤气", "电线", "充电"),
    ),
    Choice(
        "safety",
        _("Safety hazards"),
        _("Fire hazards, falling objects, missing railings"),
        "safety",
        ("09012", "01013", "01057", "10002", "08013", "06048", "01070", "01023", "AP004"),
        ("安全", "隐患", "危险", "消防", "着火", "高空", "坠落", "护栏"),
    ),
    Choice(
        "neighbours",
        _("Neighbour disputes"),
        _("Disputes with neighbours, family, landlords, shops"),
        "neighbours",
        ("DS001", "DS004", "DS005", "DS006", "DS003", "DS099"),
        ("邻居", "纠纷", "矛盾", "吵架", "漏水到楼下", "房东", "家庭"),
    ),
    Choice(
        "services",
        _("Public services"),
        _("Certificates, insurance, help for older people, jobs"),
        "services",
        ("SV007", "SV001", "SV002", "SV003", "SV004", "SV005", "SV006", "SV008", "AP002",
         "AP001"),
        ("证明", "办证", "社保", "医保", "低保", "老人", "助餐", "残疾", "就业", "求助", "咨询"),
    ),
    Choice(
        "other",
        _("Something else"),
        _("Street trading, complaints, suggestions, questions"),
        "other",
        ("AP003", "AP005", "AP001", "AP004", "09006", "09005", "09001", "09003", "07003"),
        ("投诉", "建议", "举报", "摆摊", "占道", "流浪"),
    ),
)  # fmt: skip

BY_KEY = {c.key: c for c in CHOICES}


def choice(key: str) -> Choice | None:
    return BY_KEY.get((key or "").strip())


def choice_classes(key: str) -> list[CaseClass]:
    """The classes of a choice that residents may report (public, active), in the table's order."""
    found = choice(key)
    if found is None:
        return []
    index = _index()
    return [index[code].case_class for code in found.codes if code in index]


def choice_of(code: str) -> Choice | None:
    """The first choice that lists the class ``code``."""
    return next((c for c in CHOICES if code in c.codes), None)


@dataclass(frozen=True)
class _Entry:
    case_class: CaseClass
    name: str
    words: str  # keywords and the plain words of the choices that list it
    english: str
    pinyin: str  # full pinyin without tones, no spaces
    initials: str
    weight: int  # how early a choice lists it (most asked first); 99: no choice lists it


def _build() -> dict[str, _Entry]:
    # pypinyin's phrases take 56 MB: only the processes that build this index load them
    from pypinyin import Style, lazy_pinyin

    said: dict[str, list[str]] = {}
    weight: dict[str, int] = {}
    for c in CHOICES:
        for n, code in enumerate(c.codes):
            said.setdefault(code, []).extend([str(c.label), *c.words])
            weight[code] = min(n, weight.get(code, 99))
    classes = CaseClass.objects.filter(active=True, public=True).select_related("major")
    return {
        c.code: _Entry(
            case_class=c,
            name=c.name,
            words=" ".join([c.keywords, *said.get(c.code, [])]),
            english=c.name_en.lower(),
            pinyin="".join(lazy_pinyin(c.name)).lower(),
            initials=(c.initials or "".join(lazy_pinyin(c.name, style=Style.FIRST_LETTER))).lower(),
            weight=weight.get(c.code, 99),
        )
        for c in classes
    }


# rebuilt when the catalogue changes (the same stamp as the active classes)
_INDEX = StampedCache(CATALOGUE_STAMP, _build)


def _index() -> dict[str, _Entry]:
    return _INDEX.get()


def _rank(entry: _Entry, q: str, folded: str) -> int | None:
    """Lower is better; None: no match. Ties go to the classes residents ask for most."""
    if entry.name == q:
        return 0
    if q in entry.name or q in entry.words:
        return 1
    if folded.isascii():
        if entry.pinyin.startswith(folded) or entry.initials.startswith(folded):
            return 3
        if len(folded) >= 2 and (folded in entry.pinyin or folded in entry.initials):
            return 4
        if len(folded) >= 3 and folded in entry.english:
            return 5
    return None


def suggest(q: str, *, limit: int = 8) -> list[CaseClass]:
    """Public classes matching what a resident typed, best first. Empty or unreadable input
    suggests nothing; only the first ``MAX_QUERY`` characters are read."""
    q = "".join(ch for ch in (q or "")[:MAX_QUERY] if ch.isprintable()).strip()
    if not q:
        return []
    folded = q.lower().replace(" ", "").replace("'", "")
    limit = max(1, min(limit, MAX_ITEMS))
    ranked = []
    for code, entry in _index().items():
        rank = _rank(entry, q, folded)
        if rank is not None:
            ranked.append((rank, entry.weight, len(entry.name), code, entry.case_class))
    ranked.sort(key=lambda r: r[:4])
    return [r[4] for r in ranked[:limit]]
