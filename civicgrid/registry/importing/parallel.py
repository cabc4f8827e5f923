"""Checking an import's rows in several processes (issue 19, decision 0016).

Every row is still checked, and nothing is written until every row has been: the processes only
run the importer's ``clean`` (and ``seal``: the blind index, ciphertext and masked form of a
person's ID number and phone, held until the write, about 0.5 KB a person) over slices of the rows and hand back, in order, each row's result
and its errors by row and column. They never touch the database: ``prepare`` has loaded
everything ``clean`` looks up before they start, and they are forked from the importing process,
so they share its loaded look-ups and the rows without copying them. Duplicates across slices are
found afterwards, in the importing process, in file order, as before.

Small imports (``CIVICGRID_IMPORT_PARALLEL_ROWS``), a single worker, or a platform without
``fork`` check the rows in the importing process itself, with the same code.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from django.conf import settings

SLICE = 20_000  # rows a process checks at a time, at most

Check = Callable[[Any, int, dict, bool], tuple[dict | None, list]]  # (…, seal)

# What a forked worker checks: set in the importing process just before the workers start.
_job: tuple[Check, Any, list[tuple[int, dict]]] | None = None


def _slice(start: int, stop: int) -> list[tuple[dict | None, list]]:
    assert _job is not None
    check, importer, records = _job
    return [check(importer, number, rec, True) for number, rec in records[start:stop]]


def worker_count(rows: int, workers: int | None = None) -> int:
    """How many processes check ``rows`` rows (1: the importing process alone)."""
    wanted = settings.CIVICGRID_IMPORT_WORKERS if workers is None else workers
    if wanted <= 1 or rows < settings.CIVICGRID_IMPORT_PARALLEL_ROWS:
        return 1
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return wanted


def checked(
    check: Check,
    importer,
    records: list[tuple[int, dict]],
    workers: int | None,
    advance: Callable[[int], object],
) -> Iterator[tuple[int, dict, dict | None, list]]:
    """(row number, record, cleaned row or None, errors) for every record, in file order."""
    global _job
    n = worker_count(len(records), workers)
    if n == 1:
        for number, rec in records:
            out, errors = check(importer, number, rec, False)  # write seals chunk by chunk
            advance(1)
            yield number, rec, out, errors
        return
    size = min(SLICE, len(records) // (n * 4) + 1)  # at least four slices a process
    starts = list(range(0, len(records), size))
    _job = (check, importer, records)
    try:
        with ProcessPoolExecutor(
            max_workers=n, mp_context=multiprocessing.get_context("fork")
        ) as pool:
            results = pool.map(_slice, starts, [s + size for s in starts])
            for start, part in zip(starts, results, strict=True):
                for (number, rec), (out, errors) in zip(
                    records[start : start + size], part, strict=True
                ):
                    yield number, rec, out, errors
                advance(len(part))
    finally:
        _job = None
