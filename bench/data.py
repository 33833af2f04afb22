"""Data at national scale: ``read_iv3`` (read and validate) against plain
``pandas.read_csv`` of the same files.

* the four national Iv3 files next to the repository (``../shared/data/iv3``, about
  97,000 rows in total): all four read one after the other is one sample;
* a generated file of 1,000,000 rows of the same shape (the national rows repeated, with
  the municipality renamed per copy and the amounts varied), written to a temporary
  folder and deleted afterwards.

Both readers run in this process, alternating, after one untimed run each (imports and
file cache).
"""

from __future__ import annotations

import random
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from bench._common import SHARED_IV3, load_average, log, paired_ratios, ratio, summary

NAME = "data"
TITLE = "Data at national scale"
GOAL_RATIO = 2.0
GENERATED_ROWS = 1_000_000


def national_files() -> list[Path]:
    return sorted(SHARED_IV3.glob("20*_*.csv"))


def generate(files: list[Path], target: Path, rows: int = GENERATED_ROWS) -> int:
    """Write *rows* data rows in the Iv3 layout to *target*; returns the row count."""
    lines = []
    header = None
    for file in files:
        with file.open(encoding="utf-8") as handle:
            header = handle.readline()
            lines.extend(line for line in handle if line.strip())
    assert header is not None
    rng = random.Random(2026)
    written = 0
    with target.open("w", encoding="utf-8", newline="") as out:
        out.write(header)
        copy = 0
        while written < rows:
            copy += 1
            for line in lines:
                if written >= rows:
                    break
                cells = line.rstrip("\n").split(";")
                cells[0] = f"{cells[0]} {copy}"
                if cells[4]:  # Lasten: vary the amounts a little
                    cells[4] = f"{float(cells[4]) + rng.randint(0, 9):.1f}"
                out.write(";".join(cells) + "\n")
                written += 1
    return written


def _time(function: Any, files: list[Path]) -> float:
    started = time.perf_counter()
    for file in files:
        function(file)
    return time.perf_counter() - started


def run(quick: bool = False) -> dict[str, Any]:
    import pandas as pd

    from sdtoolkit.iv3 import read_iv3

    def plain(path: Path) -> Any:
        return pd.read_csv(path, sep=";")

    rounds = 3 if quick else 5
    big_rounds = 2 if quick else 3
    load_before = load_average()
    files = national_files()
    figures = []
    notes = []
    if not files:
        notes.append("The shared Iv3 files were not found next to the repository "
                     "(../shared/data/iv3): national figures skipped.")
        return {"name": NAME, "title": TITLE, "quick": quick, "figures": [], "notes": notes,
                "load": [load_before, load_average()]}
    national_rows = sum(len(read_iv3(f)) for f in files)  # also the untimed warm-up
    _time(plain, files)
    pairs = []
    for i in range(rounds):
        if i % 2 == 0:
            a = _time(read_iv3, files)
            b = _time(plain, files)
        else:
            b = _time(plain, files)
            a = _time(read_iv3, files)
        pairs.append((a, b))
    figures.append(_figure("data.national", f"4 national Iv3 files ({national_rows:,} rows)",
                           pairs))
    log(f"data: national read_iv3 {summary([a for a, _ in pairs])['median']:.2f} s")

    folder = Path(tempfile.mkdtemp(prefix="sdtoolkit-bench-iv3-"))
    try:
        big = folder / "2030_begroting.csv"
        written = generate(files, big)
        size_mb = big.stat().st_size / 1e6
        big_pairs = []
        for i in range(big_rounds):
            if i % 2 == 0:
                a = _time(read_iv3, [big])
                b = _time(plain, [big])
            else:
                b = _time(plain, [big])
                a = _time(read_iv3, [big])
            big_pairs.append((a, b))
        figures.append(_figure("data.generated",
                               f"generated file ({written:,} rows, {size_mb:.0f} MB)",
                               big_pairs))
        log(f"data: 1M rows read_iv3 {summary([a for a, _ in big_pairs])['median']:.2f} s")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    for figure in figures:
        if figure["met"] is False:
            notes.append(
                f"{figure['label']}: read_iv3 takes {figure['ratio']:.2f} × plain read_csv. "
                "read_iv3 also validates every cell (pandera schema) and converts the "
                "amounts to exact euros; plain read_csv does neither.")
    return {
        "name": NAME,
        "title": TITLE,
        "quick": quick,
        "load": [load_before, load_average()],
        "method": (f"{rounds} samples (national) and {big_rounds} (generated) per reader, "
                   "alternating; read_iv3 = read + validate + convert to whole euros; "
                   "reference = pandas.read_csv(path, sep=';')."),
        "figures": figures,
        "notes": notes,
    }


def _figure(key: str, label: str, pairs: list[tuple[float, float]]) -> dict[str, Any]:
    stats = summary([a for a, _ in pairs])
    reference = summary([b for _, b in pairs])
    value = ratio(stats, reference)
    return {
        "key": key,
        "label": f"read_iv3: {label}",
        "unit": "s",
        "stats": stats,
        "reference_label": "pandas.read_csv, same files",
        "reference": reference,
        "ratio": value,
        "paired": paired_ratios(pairs),
        "goal": f"≤ {GOAL_RATIO} × read_csv",
        "met": value is not None and value <= GOAL_RATIO,
    }
