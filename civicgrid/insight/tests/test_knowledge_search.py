"""The knowledge base's search ranking (no database): the title counts thrice, the keywords twice,
the other fields once, each term weighed by log(1 + N/df); a term in more than a tenth of the
articles (never in a base of 50 or fewer) is left out; an article of a suggested class counts
×1.2; equals in order of id, also at the cut of ``limit``; nothing typed, nothing found."""

import math
import random
from collections import defaultdict

import numpy as np
import pytest

from civicgrid.insight import knowledge


def row(pk, title="", answer="", responsible="", resident_can="", keywords="", codes=()):
    return (pk, title, answer, responsible, resident_can, keywords, frozenset(codes))


def test_the_title_thrice_the_keywords_twice_the_rest_once():
    index = knowledge.build([
        row(1, title="路灯", answer="井盖"),
        row(2, title="垃圾", keywords="井盖"),
        row(3, title="井盖"),
        row(4, title="噪声", responsible="井盖"),
        row(5, title="停车"),
    ])  # fmt: skip
    assert knowledge.ranked(index, "井盖") == [3, 2, 1, 4]  # 3 > 2 > 1 = 4: the lower id first
    start, stop = index.spans[index.vocabulary["井盖"] : index.vocabulary["井盖"] + 2]
    weights = dict(zip(index.ids[index.places[start:stop]].tolist(),
                       index.weights[start:stop].tolist(), strict=True))  # fmt: skip
    rare = math.log(1 + 5 / 4)  # in 4 of 5 articles
    assert weights == pytest.approx({3: 3 * rare, 2: 2 * rare, 1: rare, 4: rare}, rel=1e-12)


def test_equals_in_order_of_id_also_at_the_cut():
    rows = [row(pk, title="电梯困人", answer="按警铃等待救援") for pk in (9, 4, 7)]
    index = knowledge.build([*rows, row(1, title="楼道堆物")])
    assert knowledge.ranked(index, "电梯困人了") == [4, 7, 9]
    assert knowledge.ranked(index, "电梯困人了", limit=1) == [4]
    assert knowledge.ranked(index, "电梯困人了", limit=2) == [4, 7]


def test_sums_equal_but_for_their_last_bits_are_equal():
    # id 1 scores 0.3, id 2 0.1 + 0.2 (0.30000000000000004 in floating point): equals, so id 1
    index = knowledge.Index(
        vocabulary={"甲乙": 0, "乙丙": 1}, spans=np.array([0, 1, 3]),
        places=np.array([1, 0, 1], dtype=np.int32), weights=np.array([0.1, 0.3, 0.2]),
        ids=np.array([1, 2]), classes={}, size=2,
    )  # fmt: skip
    assert knowledge.ranked(index, "甲乙丙") == [1, 2]


def test_a_suggested_class_counts_one_fifth_more():
    index = knowledge.build([
        row(1, title="摊贩"),
        row(2, title="摊贩", codes=["06028"]),
        row(3, title="摊贩", answer="摊贩", codes=["06028"]),
        row(4, title="摊贩", answer="摊贩"),
        row(5, title="停车"),
    ])  # fmt: skip
    assert knowledge.ranked(index, "摊贩") == [3, 4, 1, 2]  # 4w 4w 3w 3w
    assert knowledge.ranked(index, "摊贩", classes=["06028"]) == [3, 4, 2, 1]  # 4.8w 4w 3.6w 3w
    # ×1.2, not more: 2's 3.6w stays below 4's 4w; a class no article has changes nothing
    assert knowledge.ranked(index, "摊贩", classes={"06028", "ZZ999"}, limit=3) == [3, 4, 2]
    assert knowledge.ranked(index, "摊贩", classes=["ZZ999"]) == [3, 4, 1, 2]


def test_a_term_in_more_than_a_tenth_of_the_articles_is_left_out():
    def base(size, having):
        return knowledge.build([
            row(pk, title="热线" if pk <= having else "其他", answer="井盖" if pk == 1 else "")
            for pk in range(1, size + 1)
        ])  # fmt: skip

    assert knowledge.ranked(base(50, 50), "热线", limit=3) == [1, 2, 3]  # never in a base of 50
    assert knowledge.ranked(base(60, 51), "热线") == []  # in more than 50 of 60: left out
    assert knowledge.ranked(base(1000, 100), "热线", limit=2) == [1, 2]  # a tenth: kept
    assert knowledge.ranked(base(1000, 101), "热线") == []
    assert knowledge.ranked(base(1000, 101), "热线井盖") == [1]  # the rare term still counts


def test_nothing_typed_nothing_found():
    index = knowledge.build([row(1, title="噪声扰民", answer="城管处理")])
    for text in ("", "   ", "，。！123 abc", "完全无关的话"):
        assert knowledge.ranked(index, text) == []
    assert knowledge.ranked(index, "噪声", limit=0) == []
    assert knowledge.ranked(knowledge.build([]), "噪声") == []


def reference(rows, text, classes, limit):
    """The search as specified, in plain dicts."""
    found = {}
    df: dict[str, int] = defaultdict(int)
    for pk, *values, codes in rows:
        counts: dict[str, float] = defaultdict(float)
        for name, value in zip(knowledge.FIELDS, values, strict=True):
            for term in set(knowledge.terms(value)):
                counts[term] += knowledge.WEIGHT[name]
        found[pk] = (counts, codes)
        for term in counts:
            df[term] += 1
    common = max(50, len(rows) // 10)
    scores: dict[int, float] = defaultdict(float)
    for term in set(knowledge.terms(text)):
        if 0 < df[term] <= common:
            for pk, (counts, _codes) in found.items():
                if term in counts:
                    scores[pk] += counts[term] * math.log(1 + len(rows) / df[term])
    boosted = {pk: s * (1.2 if found[pk][1] & set(classes) else 1) for pk, s in scores.items()}
    return sorted(boosted, key=lambda pk: (-round(boosted[pk], 9), pk))[:limit]


def test_the_same_as_the_search_in_plain_dicts():
    rng = random.Random(21)
    said = ["楼下广场舞音响太吵", "小区门口垃圾堆了好几天", "路灯坏了晚上看不见",
            "家里困难想申请低保", "井盖松动很危险", "电梯困人按警铃", "噪声扰民找城管",
            "占道经营影响通行", "违章停车堵住消防通道", "下水道堵了污水外溢"]  # fmt: skip
    units = ["区城管执法局", "区民政局", "街道社区事务受理服务中心"]
    rows = [
        row(pk, title=rng.choice(said), answer="。".join(rng.sample(said, 3)),
            responsible=rng.choice(units), keywords=" ".join(rng.sample(said, 2)),
            codes=rng.sample(["06028", "01076", "03001"], rng.randint(0, 2)))
        for pk in rng.sample(range(1, 500), 80)
    ]  # fmt: skip
    index = knowledge.build(rows)
    for text in [*said, "晚上广场舞太吵了睡不着", "低保怎么申请", "城管"]:
        for classes, limit in (((), 10), (("06028",), 5), (("01076", "03001"), 30)):
            expected = reference(rows, text, classes, limit)
            assert knowledge.ranked(index, text, classes=classes, limit=limit) == expected
