"""Memory of reading an import file: the reader's peak Python allocation
(tracemalloc) for a large csv and xlsx, against the file's size, and for a zip bomb (refused
before unpacking). Numbers, not pass/fail; no database needed. Writes
benchmarks/results/import-memory.json.

    .venv/bin/python benchmarks/bench_import_memory.py [--rows 200000]

(tracemalloc slows the reading several times: the seconds are not the reader's speed.)
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import tempfile
import time
import tracemalloc
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from civicgrid.core.errors import DomainError  # noqa: E402
from civicgrid.core.spreadsheet import write_sheets  # noqa: E402
from civicgrid.registry.importing.table import NO_LIMITS, read_table  # noqa: E402

HEADER = ["姓名", "证件号码", "人口类型", "网格编码", "户号", "备注"]


def rows(n: int):
    for i in range(n):
        yield [
            f"居民{i}",
            f"31010419800101{i % 10000:04d}",
            "户籍",
            "310104001001001",
            f"H{i}",
            "无",
        ]


def measure(label: str, path: Path, **kwargs) -> dict:
    tracemalloc.start()
    start = time.perf_counter()
    try:
        _header, body = read_table(path, **kwargs)
        count = sum(1 for _ in body)
        outcome = f"{count:,} rows"
    except DomainError as exc:
        outcome = f"refused: {exc.message}"
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    size = path.stat().st_size
    seconds = time.perf_counter() - start
    print(
        f"{label:<28} file {size / 2**20:8.1f} MB  peak {peak / 2**20:7.1f} MB  "
        f"{seconds:6.1f} s  {outcome}"
    )
    return {
        "what": label,
        "file_mb": round(size / 2**20, 2),
        "peak_mb": round(peak / 2**20, 2),
        "seconds_traced": round(seconds, 2),
        "outcome": outcome,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=200_000)
    n = parser.parse_args().rows
    with tempfile.TemporaryDirectory() as tmp:
        csv_path = Path(tmp) / "persons.csv"
        with csv_path.open("w", encoding="utf-8") as out:
            out.write(",".join(HEADER) + "\n")
            for row in rows(n):
                out.write(",".join(row) + "\n")
        found = [
            measure("csv, no limits", csv_path, limits=NO_LIMITS),
            measure("csv, the settings' limits", csv_path),
        ]
        xlsx_path = Path(tmp) / "persons.xlsx"
        write_sheets(xlsx_path, [("data", HEADER, rows(min(n, 50_000)))])
        found.append(measure("xlsx, no limits", xlsx_path, limits=NO_LIMITS))
        bomb = Path(tmp) / "bomb.xlsx"
        buffer = io.BytesIO()
        write_sheets(buffer, [("data", HEADER, rows(1))])
        with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("xl/media/padding.bin", b"\0" * (1024 * 2**20))
        bomb.write_bytes(buffer.getvalue())
        found.append(measure("zip bomb (1 GB unpacked)", bomb))
    out = ROOT / "benchmarks" / "results" / "import-memory.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"rows": n, "runs": found}, indent=2, ensure_ascii=False) + "\n")
    print(f"written {out}")


if __name__ == "__main__":
    main()
