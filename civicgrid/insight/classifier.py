"""The class suggestion: a text classifier trained here, on this district's data — the
catalogue's words for each class (its name, description, keywords, its major class, its
questions) and the descriptions of the cases its people classified — and asked while an operator
types what a caller says or a resident writes. Scikit-learn (TF-IDF over jieba's words and their
pairs, and over runs of 1–3 characters; a logistic regression) gives each class a probability;
the first three are suggested with them. Nothing is downloaded: the words come from jieba's own
dictionary, the model from the data here.

``train`` takes (class code, text) documents; ``Model.top`` answers a text. ``dump``/``load``
write the model as bytes with an HMAC of them under the server's key: a model is unpickled only
when its signature holds, so a row written by anyone without the key is never executed.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import pickle
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline

from .words import chars, words

MAX_TEXT = 2000  # characters read of a text
# the most frequent words (and pairs) and character runs kept: the model's weights are classes ×
# features, so this bounds it (about 270 classes × 40,000 × 8 bytes ≈ 86 MB at the most)
MAX_WORDS, MAX_CHARS = 30_000, 10_000


@dataclass(frozen=True)
class Guess:
    code: str
    confidence: float  # 0–1


class SignatureError(ValueError):
    """The stored model's bytes do not carry a valid signature."""


# chosen by cross-validation on the training texts (benchmarks/bench_suggest.py prints the grid)
C = 50.0
CHARS = (1, 2)


def _pipeline(c: float = C, chars_range: tuple[int, int] = CHARS) -> Pipeline:
    return Pipeline(
        [
            (
                "features",
                FeatureUnion(
                    [
                        ("words", TfidfVectorizer(
                            tokenizer=words, token_pattern=None, lowercase=False,
                            ngram_range=(1, 2), sublinear_tf=True, min_df=1,
                            max_features=MAX_WORDS)),
                        ("chars", TfidfVectorizer(
                            preprocessor=chars, analyzer="char", ngram_range=chars_range,
                            sublinear_tf=True, min_df=1, max_features=MAX_CHARS)),
                    ]
                ),
            ),
            ("classes", LogisticRegression(C=c, max_iter=3000)),
        ]
    )  # fmt: skip


class Model:
    """A trained classifier and what it was trained on."""

    def __init__(self, pipeline: Pipeline, samples: int):
        self.pipeline = pipeline
        self.samples = samples
        self.classes: list[str] = list(pipeline.classes_)

    def top(self, text: str, k: int = 3) -> list[Guess]:
        text = (text or "")[:MAX_TEXT]
        if not chars(text):
            return []
        probabilities = self.pipeline.predict_proba([text])[0]
        ranked = sorted(zip(self.classes, probabilities, strict=True), key=lambda p: -p[1])
        return [Guess(code, float(p)) for code, p in ranked[:k]]

    def top_many(self, texts: Sequence[str], k: int = 3) -> list[list[str]]:
        """The first ``k`` codes for each text (the benchmark's batch)."""
        probabilities = self.pipeline.predict_proba([t[:MAX_TEXT] for t in texts])
        return [[self.classes[i] for i in row.argsort()[::-1][:k]] for row in probabilities]


def train(documents: Iterable[tuple[str, str]], *, c: float = C,
          chars_range: tuple[int, int] = CHARS) -> Model:  # fmt: skip
    """A model of the classes in ``documents`` (code, text); at least two classes."""
    docs = [(code, text[:MAX_TEXT]) for code, text in documents if code and chars(text or "")]
    if len({code for code, _text in docs}) < 2:
        raise ValueError("training needs documents of at least two classes")
    pipeline = _pipeline(c, chars_range)
    pipeline.fit([t for _c, t in docs], [c for c, _t in docs])
    return Model(pipeline, len(docs))


def _mac(key: bytes, blob: bytes) -> str:
    return hmac.new(key, blob, hashlib.sha256).hexdigest()


def dump(model: Model, key: bytes) -> tuple[bytes, str]:
    """The model as bytes and their signature."""
    buffer = io.BytesIO()
    pickle.dump(model, buffer, protocol=pickle.HIGHEST_PROTOCOL)
    blob = buffer.getvalue()
    return blob, _mac(key, blob)


def load(blob: bytes, signature: str, key: bytes) -> Model:
    """The model of ``blob`` — unpickled only when ``signature`` is its HMAC under ``key``."""
    if not hmac.compare_digest(_mac(key, bytes(blob)), signature):
        raise SignatureError("the stored model's signature does not hold")
    model = pickle.loads(bytes(blob))  # signed by this server: see above
    if not isinstance(model, Model):
        raise SignatureError("the stored bytes are not a model")
    return model
