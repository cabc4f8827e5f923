"""Reads of the catalogue, including the hotline's class search."""

from __future__ import annotations

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from civicgrid.core.stamped import StampedCache

from .models import CaseClass

CATALOGUE_STAMP = "catalogue"


def _active_by_code() -> dict[str, CaseClass]:
    classes = (
        CaseClass.objects.filter(active=True).select_related("major").prefetch_related("questions")
    )
    return {c.code: c for c in classes}


# Every intake reads its class and questions: each process keeps the active ones, rebuilt when
# the "catalogue" stamp moves (any save or delete of a class or a question, see signals.py).
ACTIVE_CLASSES = StampedCache(CATALOGUE_STAMP, _active_by_code)


def active_class(code: str) -> CaseClass | None:
    """The active class with this code (questions loaded), from the process cache. Read-only."""
    return ACTIVE_CLASSES.get().get((code or "").strip().upper())


def class_list(*, kind: str = "", major: str = "", active: bool | None = True) -> QuerySet:
    qs = CaseClass.objects.select_related("major", "part")
    if kind:
        qs = qs.filter(kind=kind)
    if major:
        qs = qs.filter(major__code=major)
    if active is not None:
        qs = qs.filter(active=active)
    return qs.order_by("code")


def public_classes() -> QuerySet:
    """What the public may report (portal, Open311): active classes marked public, by major
    class, with their questions."""
    return (
        CaseClass.objects.filter(active=True, public=True)
        .select_related("major")
        .prefetch_related("questions")
        .order_by("major__order", "major__code", "code")
    )


def class_search(q: str, *, kind: str = "", limit: int = 20) -> list[CaseClass]:
    """Classes matching ``q`` by code, Chinese characters or pinyin initials, best first.

    ``06010`` and ``060`` match codes; ``bllj`` and ``bl`` match 暴露垃圾 by initials; ``垃圾``
    matches names and keywords. Exact and prefix matches come before matches inside a word.
    """
    q = q.strip()
    qs = class_list(kind=kind)
    if not q:
        return list(qs[:limit])
    if q.isascii() and q.isalnum() and not q.isalpha():
        match, starts = Q(code__startswith=q.upper()), Q(code=q.upper())
    elif q.isascii() and q.isalpha():
        q = q.lower()
        match, starts = Q(initials__contains=q), Q(initials__startswith=q)
    else:
        match = Q(name__contains=q) | Q(keywords__contains=q) | Q(name_en__icontains=q)
        starts = Q(name__startswith=q)
    rank = Case(When(starts, then=Value(0)), default=Value(1), output_field=IntegerField())
    return list(qs.filter(match).annotate(rank=rank).order_by("rank", "code")[:limit])
