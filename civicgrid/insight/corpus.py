"""The report texts shipped with civicgrid (``data/reports.tsv``): colloquial reports written for
each of the commonest classes, split into those the demo's cases are told with (train) and those
held out for the benchmark (test, never trained on)."""

from __future__ import annotations

from collections import defaultdict
from functools import cache
from pathlib import Path

REPORTS = Path(__file__).resolve().parent / "data" / "reports.tsv"


@cache
def rows() -> tuple[tuple[str, str, str], ...]:
    """(class code, split, text) of every report text."""
    out = []
    for line in REPORTS.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            code, split, text = line.split("\t")
            out.append((code, split, text))
    return tuple(out)


def phrases(split: str = "train") -> dict[str, list[str]]:
    """The texts of ``split`` by class code."""
    out: dict[str, list[str]] = defaultdict(list)
    for code, which, text in rows():
        if which == split:
            out[code].append(text)
    return dict(out)
