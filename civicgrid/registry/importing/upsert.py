"""Bulk upsert on a natural key: create what is new, update what changed, leave the rest."""

from __future__ import annotations

from collections.abc import Callable, Iterable

CHUNK = 2000


def chunks(items: list, size: int = CHUNK) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def upsert(
    model,
    key: str,
    rows: list[dict],
    *,
    compare: Iterable[str],
    build: Callable[[dict], object] | None = None,
    apply: Callable[[object, dict], None] | None = None,
    on_progress: Callable[[int], None] | None = None,
    update_fields: Iterable[str] | None = None,
) -> tuple[dict[str, int], dict]:
    """``rows`` carry ``key`` and the model's field values. ``compare`` lists the fields whose
    difference makes an update. ``build``/``apply`` override how a row becomes or changes an
    instance (e.g. to encrypt); keys starting with "_" are theirs. Returns (counts, key → pk)."""
    compare = list(compare)
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    ids: dict = {}
    build = build or (lambda row: model(**{k: v for k, v in row.items() if not k.startswith("_")}))

    def default_apply(obj, row):
        for field, value in row.items():
            if not field.startswith("_"):
                setattr(obj, field, value)

    apply = apply or default_apply
    for batch in chunks(rows):
        keys = [row[key] for row in batch]
        existing = {getattr(o, key): o for o in model.objects.filter(**{f"{key}__in": keys})}
        new, changed = [], []
        for row in batch:
            obj = existing.get(row[key])
            if obj is None:
                new.append(build(row))
                continue
            if any(getattr(obj, f) != row[f] for f in compare if f in row):
                apply(obj, row)
                changed.append(obj)
            else:
                counts["unchanged"] += 1
            ids[row[key]] = obj.pk
        if new:
            model.objects.bulk_create(new, batch_size=CHUNK)
            if any(o.pk is None for o in new):  # backends that do not return ids
                fetched = model.objects.filter(**{f"{key}__in": [getattr(o, key) for o in new]})
                ids.update({getattr(o, key): o.pk for o in fetched})
            else:
                ids.update({getattr(o, key): o.pk for o in new})
            counts["created"] += len(new)
        if changed:
            fields = sorted(
                set(update_fields or (f for row in batch for f in row if not f.startswith("_")))
                - {key}
                | {"updated_at"}
            )
            model.objects.bulk_update(changed, fields, batch_size=CHUNK)
            counts["updated"] += len(changed)
        if on_progress:
            on_progress(len(batch))
    return counts, ids
