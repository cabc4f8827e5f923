"""The knowledge base: who keeps articles, their versions and reviews, and the search an operator
runs while the caller is on the line.

- **Keeping**: district administrators (who keep the rules) and the people of the owning unit
  write an article; every save is a new version (the previous text kept, with who, when and what
  changed). **Reviewed** moves the review date; articles past it are listed for review.
- **Search** (``search``): the words typed — a caller's sentence, or a few keywords — against
  every article in use, by an index each process keeps (rebuilt when an article changes): jieba's
  words and runs of two characters of the title (counted thrice), the keywords (twice), who is
  responsible and the answer, weighed by how rare each is (TF-IDF; a term in more than a tenth
  of the articles is left out, as it tells none apart), with the articles of the
  suggested classes first among equals. No query per keystroke beyond the one that reads the
  ten articles shown.
"""

from __future__ import annotations

import datetime as dt
import math
from array import array
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.accounts import permissions
from civicgrid.accounts.choices import Role, UnitKind
from civicgrid.accounts.models import OrgUnit, User
from civicgrid.core.checks import checked
from civicgrid.core.errors import DomainError, ErrorCode
from civicgrid.core.stamped import StampedCache

from .knowledge_models import Article, ArticleVersion
from .words import chars, words

MAX_QUERY = 500
FIELDS = ("title", "answer", "responsible", "resident_can", "keywords")


# the units that may own an article: the offices of government, not companies or associations
OWNER_KINDS = frozenset({
    UnitKind.DEPARTMENT, UnitKind.STATIONED_TEAM, UnitKind.STREET_OFFICE,
    UnitKind.TOWN_GOVERNMENT, UnitKind.COMMUNITY_COMMITTEE, UnitKind.WORK_STATION,
    UnitKind.GRID_CENTRE, UnitKind.MEDIATION_CENTRE, UnitKind.SERVICE_CENTRE,
})  # fmt: skip
NOT_STAFF = (Role.RESIDENT, Role.COUNCIL_MEMBER)


def owned_units(user: User) -> set[int]:
    """The units whose articles the user keeps: those of an owning kind they work for as staff."""
    return {
        g.unit_id for g in permissions.grants(user)
        if g.role not in NOT_STAFF and g.unit_kind in OWNER_KINDS
    }  # fmt: skip


def may_keep(user: User, owner: OrgUnit | None = None) -> bool:
    """District administrators; the owning unit's staff for its articles."""
    return permissions.can_manage_rules(user) or (
        owner is not None and owner.pk in owned_units(user)
    )


def may_read(user: User) -> bool:
    return permissions.is_staff_member(user)


@transaction.atomic
def article_save(*, actor: User, article: Article | None = None, note: str = "",
                 classes=None, items=None, now: dt.datetime | None = None,
                 **values) -> Article:  # fmt: skip
    """Write an article (a new one when ``article`` is None) as its next version; ``classes``
    and ``items`` None leave the links as they are. Two editors at once are written one after
    the other, each as a version of its own."""
    now = now or timezone.now()
    fresh = article is None
    article = (
        Article() if article is None else Article.objects.select_for_update().get(pk=article.pk)
    )
    owner = values.get("owner") or (None if fresh else article.owner)
    if not may_keep(actor, None if fresh else article.owner) or not may_keep(actor, owner):
        raise DomainError(_("You do not keep this article."), code=ErrorCode.FORBIDDEN,
                          field="owner")  # fmt: skip
    for name, value in values.items():
        setattr(article, name, value.strip() if isinstance(value, str) else value)
    if not fresh:
        article.version += 1
    checked(article)
    article.save()
    if classes is not None:
        article.classes.set(classes)
    if items is not None:
        article.items.set(items)
    ArticleVersion.objects.create(
        article=article, version=article.version, title=article.title, answer=article.answer,
        responsible=article.responsible, resident_can=article.resident_can, edited_by=actor,
        edited_at=now, note=note.strip()[:300],
    )  # fmt: skip
    INDEX.changed()
    return article


def article_reviewed(*, actor: User, article: Article, review_by: dt.date,
                     today: dt.date | None = None) -> Article:  # fmt: skip
    """Checked and still true: the next review date (after today)."""
    if not may_keep(actor, article.owner):
        raise DomainError(_("You do not keep this article."), code=ErrorCode.FORBIDDEN,
                          field="owner")  # fmt: skip
    if review_by <= (today or timezone.localdate()):
        raise DomainError(_("The next review comes after today."), code=ErrorCode.INVALID,
                          field="review_by")  # fmt: skip
    article.review_by = review_by
    article.save(update_fields=["review_by", "updated_at"])
    return article


def due_for_review(today: dt.date | None = None):
    return Article.objects.filter(active=True, review_by__lte=today or timezone.localdate())


# -- the search ---------------------------------------------------------------------------------


def terms(text: str) -> list[str]:
    """What a text is searched by: its words and its runs of two characters."""
    plain = chars(text)
    return [*words(text), *(plain[n : n + 2] for n in range(len(plain) - 1))]


@dataclass(frozen=True, eq=False)
class Index:
    """Every article in use by its place (ids ascending, so the lower id also comes first among
    equals), and each term kept with its postings: the places ``spans[r]:spans[r + 1]`` of
    ``places`` and ``weights`` for the term's row ``r`` (a compressed sparse row matrix, term ×
    article, in two flat arrays instead of a dict per term)."""

    vocabulary: dict[str, int]  # term → its row
    spans: np.ndarray  # row → where its postings start (one more at the end: where they stop)
    places: np.ndarray  # the articles of each row's postings, by place (int32)
    weights: np.ndarray  # their weights (float64: title×3, keywords×2, others×1, × log(1+N/df))
    ids: np.ndarray  # place → article id, ascending
    classes: dict[str, np.ndarray]  # class code → the places of its articles
    size: int


COMMON_FLOOR = 50  # a term is never dropped as common in a base this small
WEIGHT = {"title": 3.0, "keywords": 2.0, "responsible": 1.0, "resident_can": 1.0, "answer": 1.0}
BOOST = 1.2  # an article linked to a suggested class
EVEN = 9  # scores equal to this many decimals are equal (a sum's last bits vary with its order)


def build(rows=None) -> Index:
    """The index of every article in use (``rows``: (id, fields…, class codes) for a test or a
    benchmark; the database's otherwise)."""
    if rows is None:
        linked: dict[int, set[str]] = defaultdict(set)
        for pk, code in Article.classes.through.objects.filter(article__active=True).values_list(
            "article_id", "caseclass__code"
        ):
            linked[pk].add(code)
        rows = [
            (pk, *values, frozenset(linked.get(pk, ())))
            for pk, *values in Article.objects.filter(active=True).values_list("pk", *FIELDS)
        ]
    rows = sorted(rows, key=lambda line: line[0])  # a place for each article, in the order of ids
    vocabulary: dict[str, int] = {}  # every term seen (the common ones too) → its number
    numbers, places, counted = array("i"), array("i"), array("d")  # one entry per (article, term)
    coded: dict[str, list[int]] = defaultdict(list)
    for place, (_pk, *values, codes) in enumerate(rows):
        found: dict[int, float] = defaultdict(float)
        for name, value in zip(FIELDS, values, strict=True):
            for term in set(terms(value or "")):
                found[vocabulary.setdefault(term, len(vocabulary))] += WEIGHT[name]
        numbers.extend(found)
        counted.extend(found.values())
        places.extend(array("i", [place]) * len(found))
        for code in codes:
            coded[code].append(place)
    size = len(rows)
    number = np.frombuffer(numbers, dtype=np.int32)
    frequency = np.bincount(number, minlength=len(vocabulary))  # how many articles have it
    common = max(COMMON_FLOOR, size // 10)  # in a tenth of the articles: it tells none apart
    kept = frequency <= common
    rarity = np.zeros(len(vocabulary))
    rarity[kept] = [math.log(1 + size / df) for df in frequency[kept].tolist()]
    row = np.cumsum(kept) - 1  # a kept term's number → its row
    chosen = np.flatnonzero(kept[number])  # the entries of the kept terms: by row, then by place
    chosen = chosen[np.argsort(row[number[chosen]], kind="stable")]
    spans = np.zeros(int(kept.sum()) + 1, dtype=np.int64)
    np.cumsum(frequency[kept], out=spans[1:])  # a row has an entry for each article with it
    return Index(
        vocabulary={term: int(row[n]) for term, n in vocabulary.items() if kept[n]},
        spans=spans,
        places=np.frombuffer(places, dtype=np.int32)[chosen],
        weights=np.frombuffer(counted, dtype=np.float64)[chosen] * rarity[number[chosen]],
        ids=np.array([line[0] for line in rows], dtype=np.int64),
        classes={code: np.array(at, dtype=np.int32) for code, at in coded.items()},
        size=size,
    )


INDEX = StampedCache("insight:knowledge", build)


def ranked(index: Index, text: str, *, classes=(), limit: int = 10) -> list[int]:
    """The ids of the articles best matching ``text``, best first: each term of the text adds
    its weight to the articles it is in (a term counts once however often typed); an article of
    one of ``classes`` counts ×1.2; equals in order of id. Only articles sharing a term."""
    rows = sorted({index.vocabulary[t] for t in terms(text[:MAX_QUERY]) if t in index.vocabulary})
    if not rows or limit < 1:
        return []
    spans = index.spans
    places = np.concatenate([index.places[spans[r] : spans[r + 1]] for r in rows])
    weights = np.concatenate([index.weights[spans[r] : spans[r + 1]] for r in rows])
    scores = np.bincount(places, weights=weights, minlength=index.size)  # each article's sum
    boosted = [index.classes[code] for code in set(classes) if code in index.classes]
    if boosted:
        scores[np.unique(np.concatenate(boosted))] *= BOOST
    found = np.flatnonzero(scores)  # the articles sharing a term (every weight is above 0)
    score = scores[found].round(EVEN)  # equal sums added up in another order: equal, id decides
    if len(found) > limit:  # the best ``limit`` and whoever equals the last of them
        last = np.partition(score, len(found) - limit)[len(found) - limit]
        found, score = found[score >= last], score[score >= last]
    best = found[np.lexsort((found, -score))[:limit]]  # by score, then by place (= by id)
    return index.ids[best].tolist()


def search(text: str, *, classes=(), limit: int = 10) -> list[Article]:
    """The articles in use best matching what was typed (nothing for nothing typed)."""
    if not chars(text or ""):
        return []
    ids = ranked(INDEX.get(), text, classes=classes, limit=limit)
    found = Article.objects.in_bulk(ids)
    return [found[pk] for pk in ids if pk in found and found[pk].active]
