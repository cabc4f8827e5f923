"""The words of an address: the register's road and house number, normalised text, pinyin.

The register writes a building's address as ``<district><road><number>号`` ("示范区示范路391号").
No maintained library on PyPI splits a road and a house number out of that (cpca and jionlp stop
at the district, town and village), so the pattern below reads the register's own format; the
district's and street's names are taken off the front first (decision 0015).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

NUMBER = re.compile(r"([0-9]+(?:[-－—之][0-9]+)?号)")
CJK = re.compile(r"[\u3400-\u9fff]")
# a caller's query in runs of one script: a number (with its 号), Chinese characters, Latin letters
RUNS = re.compile(r"[0-9]+号?|[\u3400-\u9fff]+|[a-z]+")


def clean(text: str) -> str:
    """Full-width forms folded (１２３ → 123), spaces squeezed."""
    return " ".join(unicodedata.normalize("NFKC", text or "").split())


def normal(text: str) -> str:
    """``clean`` and lower case: the form searched."""
    return clean(text).lower()


def road_and_number(address: str, prefixes: list[str]) -> tuple[str, str]:
    """(road, house number) of a register address; the area names in ``prefixes`` are dropped
    from its front. ("示范区示范路391号", ["示范区"]) → ("示范路", "391号")."""
    rest = normal(address).replace(" ", "")
    for prefix in prefixes:
        if prefix and rest.startswith(prefix):
            rest = rest[len(prefix) :]
    found = list(NUMBER.finditer(rest))
    if not found:
        return rest[:100], ""
    last = found[-1]
    return rest[: last.start()][:100], last.group(1)


@lru_cache(maxsize=100_000)
def pinyin(word: str) -> tuple[str, str]:
    """(full pinyin, initials) of a word with Chinese characters, else ("", "")."""
    if not CJK.search(word):
        return "", ""
    # pypinyin's phrases take 56 MB: only the processes that spell words load them
    from pypinyin import Style, lazy_pinyin

    full = "".join(lazy_pinyin(word)).lower()
    initials = "".join(lazy_pinyin(word, style=Style.FIRST_LETTER)).lower()
    return full, initials


def search_key(words: list[str], code: str = "") -> str:
    """The text the database's trigram search reads: each word, its pinyin and initials, and the
    road with its number in pinyin ("shifanlu391", "sfl391")."""
    out: list[str] = []
    for word in words:
        word = normal(word).replace(" ", "")
        if not word:
            continue
        out.append(word)
        full, initials = pinyin(word)
        if full:
            out += [full, initials]
    return " ".join(dict.fromkeys([*out, normal(code)]).keys()).strip()


def runs(query: str) -> list[str]:
    """The query's runs of one script: "391号示范路" → ["391号", "示范路"]."""
    return RUNS.findall(normal(query))
