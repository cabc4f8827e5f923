"""Re-encrypting stored personal data under the current key (decision 0016).

Every model field whose name ends in ``_enc`` holds ciphertext (``core/pii.py``). ``rotate`` walks
each such table by id in batches; each batch is one transaction that locks its rows, opens every
value not already under the current key and seals it again, and writes only the new ciphertext
(one UPDATE per batch). Plaintext lives only in memory, one value at a time: it is never logged,
written to a file or stored in a column. A run stopped part-way has committed its finished
batches; running it again skips what is already current, so it can simply be run again.
Blind indexes and masked forms are left alone: they do not depend on the encryption key.

The same code runs from ``civicgrid pii rotate`` and, with historical models, from the migration
that moved values from Fernet to AES-GCM (``core/migrations/0005``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.apps import apps as global_apps
from django.db import models, transaction

from . import pii

BATCH = 1000


@dataclass
class Counts:
    rows: int = 0
    values: int = 0  # non-empty ciphertexts seen
    rewritten: int = 0
    failed: int = 0  # values no configured key opens (left as they are)
    by_column: dict[str, int] = field(default_factory=dict)


def encrypted_columns(registry=None) -> list[tuple[type[models.Model], list[str]]]:
    """(model, its ``…_enc`` fields) for every concrete model that has some."""
    found = []
    for model in (registry or global_apps).get_models():
        meta = model._meta
        if meta.proxy or not meta.managed:
            continue
        names = [
            f.attname
            for f in meta.concrete_fields
            if f.name.endswith("_enc") and isinstance(f, models.TextField)
        ]
        if names:
            found.append((model, names))
    return found


def rotate_model(
    model,
    names: list[str],
    *,
    seal: Callable[[str], str | None] = pii.reencrypt,
    batch: int = BATCH,
    counts: Counts | None = None,
    on_batch: Callable[[Counts], object] | None = None,
) -> Counts:
    """Re-seal every value of ``names`` in ``model`` with ``seal`` (None: leave it)."""
    counts = counts or Counts()
    manager = model._base_manager
    label = model._meta.label
    last = None
    while True:
        with transaction.atomic(using=manager.db):
            rows = manager.select_for_update().order_by("pk")
            if last is not None:
                rows = rows.filter(pk__gt=last)
            page = list(rows.values_list("pk", *names)[:batch])
            if not page:
                return counts
            changed = []
            for pk, *tokens in page:
                new = list(tokens)
                for i, token in enumerate(tokens):
                    if not token:
                        continue
                    counts.values += 1
                    try:
                        sealed = seal(token)
                    except pii.Undecryptable:
                        counts.failed += 1
                        continue
                    if sealed is not None:
                        new[i] = sealed
                        key = f"{label}.{names[i]}"
                        counts.by_column[key] = counts.by_column.get(key, 0) + 1
                if new != list(tokens):
                    changed.append(model(pk=pk, **dict(zip(names, new, strict=True))))
            if changed:
                manager.bulk_update(changed, names, batch_size=batch)
            counts.rows += len(page)
            counts.rewritten += len(changed)
            last = page[-1][0]
        if on_batch:
            on_batch(counts)


def rotate(
    targets: Iterable[tuple[type[models.Model], list[str]]] | None = None,
    *,
    seal: Callable[[str], str | None] = pii.reencrypt,
    batch: int = BATCH,
    on_batch: Callable[[Counts], object] | None = None,
) -> Counts:
    """Re-encrypt every encrypted column of every model (or ``targets``)."""
    pii.reset_keys()
    counts = Counts()
    for model, names in encrypted_columns() if targets is None else targets:
        rotate_model(model, names, seal=seal, batch=batch, counts=counts, on_batch=on_batch)
    return counts


def status(targets=None) -> list[tuple[str, int, int, int, int]]:
    """(model.field, under the current key, under another AES-GCM key, Fernet, empty)."""
    current = pii.current_prefix()
    out = []
    for model, names in encrypted_columns() if targets is None else targets:
        rows = model._base_manager.all()
        for name in names:
            total = rows.count()
            empty = (
                rows.filter(**{name: ""}).count() + rows.filter(**{f"{name}__isnull": True}).count()
            )
            now = rows.filter(**{f"{name}__startswith": current}).count()
            aes = rows.filter(**{f"{name}__startswith": pii.PREFIX}).count() - now
            out.append((f"{model._meta.label}.{name}", now, aes, total - now - aes - empty, empty))
    return out
