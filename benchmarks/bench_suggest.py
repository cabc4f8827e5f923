"""The class suggestion's accuracy and speed (issue #21 §2).

Trains as the product does — on the catalogue's words for each class and on classified reports —
and measures on report texts it never saw:
- the report texts are ``civicgrid/insight/data/reports.tsv``: colloquial reports written for the
  57 commonest classes, 30 a class to train on (they stand for a district's classified cases;
  the demo's cases are told with them) and 5 a class held out, written without the class's own
  words, with places and the noise of a phone call added here (``noisy``);
- the learning curve: the same with 5, 10, 15 and 22 training texts a class instead of 30, so how
  the suggestion improves as a district classifies cases shows;
- the model's two settings (the regularisation C and the character n-gram range) are chosen by
  5-fold cross-validation on the training texts alone; the held-out texts are scored once, with
  the chosen settings and with the product's defaults;
- top-1 and top-3 accuracy (the target: top-3 ≥ 85 %), the training time, and the latency of one
  suggestion (p50, p95 over the held-out texts, one at a time, as an operator's keystroke pause
  asks it).

No database: the catalogue comes from its seed files. Prints the numbers and writes
benchmarks/results/suggest.json.
"""

from __future__ import annotations

import json
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("CIVICGRID_LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from civicgrid.catalogue import seed  # noqa: E402
from civicgrid.insight import classifier, corpus  # noqa: E402

PLACES = ["人民路128号", "幸福小区3号楼", "解放街和建设路路口", "阳光花园北门", "东方菜市场旁边",
          "滨河公园", "实验小学门口", "长江路地铁站2号口", "新村12栋", "中山南路"]  # fmt: skip
OPENINGS = ["", "喂，你好，", "我要反映个事，", "您好，", "麻烦你们一下，", "我是这边的居民，"]
CLOSINGS = ["", "，麻烦尽快来看看", "，已经好几天了", "，谢谢", "，你们管不管啊", "。"]


def noisy(text: str, rng: random.Random) -> str:
    """The text as said on the phone: an opening, the place, a closing."""
    place = rng.choice(PLACES)
    where = rng.choice([f"在{place}，", f"{place}这里", f"地址是{place}，", ""])
    return f"{rng.choice(OPENINGS)}{where}{text}{rng.choice(CLOSINGS)}"


def catalogue() -> list[tuple[str, str]]:
    majors, _parts, classes = seed.classes()
    major = {m["code"]: m["name"] for m in majors}
    return [(c["code"], f"{c['name']} {major[c['major']]}") for c in classes] + [
        (c["code"], c["name_en"]) for c in classes
    ]


def accuracy(model: classifier.Model, test: list[tuple[str, str]]) -> tuple[float, float]:
    tops = model.top_many([t for _c, t in test], 3)
    top1 = sum(c == t[0] for (c, _x), t in zip(test, tops, strict=True)) / len(test)
    top3 = sum(c in t for (c, _x), t in zip(test, tops, strict=True)) / len(test)
    return top1, top3


def cross_validated(train, base, c: float, chars: tuple[int, int], folds: int = 5) -> float:
    """Mean top-3 accuracy over ``folds`` folds of the training texts (each class in each)."""
    by_class: dict[str, list[str]] = {}
    for code, text in train:
        by_class.setdefault(code, []).append(text)
    scores = []
    for k in range(folds):
        fit, held = [], []
        for code, texts in by_class.items():
            for n, text in enumerate(texts):
                (held if n % folds == k else fit).append((code, text))
        model = classifier.train(base + fit, c=c, chars_range=chars)
        scores.append(accuracy(model, held)[1])
    return statistics.mean(scores)


def _first(train: list[tuple[str, str]], n: int) -> list[tuple[str, str]]:
    seen: dict[str, int] = {}
    out = []
    for code, text in train:
        seen[code] = seen.get(code, 0) + 1
        if seen[code] <= n:
            out.append((code, text))
    return out


def main() -> None:
    rng = random.Random(21)
    rows = corpus.rows()
    train = [(c, noisy(t, rng)) for c, s, t in rows if s == "train"]
    test = [(c, noisy(t, rng)) for c, s, t in rows if s == "test"]
    base = catalogue()
    grid = [(c, chars) for c in (5.0, 20.0, 50.0) for chars in ((1, 2), (1, 3))]
    print(f"{len(train)} training texts, {len(test)} held out, {len({c for c, _t in test})} "
          f"classes; {len(base)} catalogue documents")  # fmt: skip
    cv = {}
    for c, chars in grid:
        cv[(c, chars)] = cross_validated(train, base, c, chars)
        print(f"  5-fold CV top-3 on the training texts, C={c:g} chars={chars}: "
              f"{cv[(c, chars)]:.1%}")  # fmt: skip
    best = max(cv, key=lambda k: cv[k])
    results = {}
    runs = [("chosen by CV", best, train)]
    if best != (classifier.C, classifier.CHARS):
        runs.append(("product default", (classifier.C, classifier.CHARS), train))
    for per_class in (5, 10, 15, 22):  # the learning curve: fewer classified cases a class
        runs.append((f"{per_class} cases a class", best, _first(train, per_class)))
    for label, (c, chars), fit in runs:
        started = time.perf_counter()
        model = classifier.train(base + fit, c=c, chars_range=chars)
        trained = time.perf_counter() - started
        top1, top3 = accuracy(model, test)
        waits = []
        for _code, text in test:
            t0 = time.perf_counter()
            model.top(text)
            waits.append((time.perf_counter() - t0) * 1000)
        waits.sort()
        p50, p95 = waits[len(waits) // 2], waits[int(len(waits) * 0.95)]
        results[label] = {"C": c, "chars": list(chars), "top1": round(top1, 4),
                          "top3": round(top3, 4), "train_seconds": round(trained, 2),
                          "suggest_ms_p50": round(p50, 2), "suggest_ms_p95": round(p95, 2)}  # fmt: skip
        print(f"{label} (C={c:g}, chars={chars}): top-1 {top1:.1%}, top-3 {top3:.1%} "
              f"(target ≥ 85 %); trained in {trained:.1f} s; one suggestion p50 {p50:.1f} ms, "
              f"p95 {p95:.1f} ms")  # fmt: skip
    out = ROOT / "benchmarks" / "results" / "suggest.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({
        "machine": platform.platform(), "python": platform.python_version(),
        "training_texts": len(train), "held_out": len(test),
        "catalogue_documents": len(base),
        "cross_validation_top3": {f"C={c:g} chars={ch}": round(v, 4) for (c, ch), v in cv.items()},
        "results": results,
    }, ensure_ascii=False, indent=2))  # fmt: skip
    print(f"written {out}")


if __name__ == "__main__":
    main()
