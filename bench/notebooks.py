"""Notebook suite: wall time of
``pytest --nbval --nbval-sanitize-with tests/nbval_sanitize.cfg example_notebooks``
(the notebook part of the test command), next to the same command on the minimal
notebook alone (what pytest, nbval and one kernel cost before any notebook code runs).
"""

from __future__ import annotations

import re
import subprocess
import time
from typing import Any

from bench._common import (
    MINIMAL,
    PYTHON,
    REPO,
    app_folder,
    app_names,
    load_average,
    log,
    summary,
)

NAME = "notebooks"
TITLE = "Notebook suite"
GOAL_SECONDS = 120
TIMEOUT = 900


def _pytest(*paths: str) -> tuple[float, str]:
    command = [PYTHON, "-m", "pytest", "--nbval", "--nbval-sanitize-with",
               "tests/nbval_sanitize.cfg", "-q", "-p", "no:cacheprovider", *paths]
    started = time.perf_counter()
    try:
        done = subprocess.run(command, cwd=REPO, capture_output=True, text=True,
                              timeout=TIMEOUT)
        output = done.stdout
    except subprocess.TimeoutExpired:
        return float(TIMEOUT), "timeout"
    elapsed = time.perf_counter() - started
    tail = [line for line in output.strip().splitlines() if re.search(r"passed|failed|error",
                                                                      line)]
    return elapsed, (tail[-1].strip("= ") if tail else "no summary")


def run(quick: bool = False) -> dict[str, Any]:
    rounds = 1 if quick else 2
    load_before = load_average()
    suite: list[float] = []
    reference: list[float] = []
    outcomes: list[str] = []
    with app_folder([], minimal=True) as folder:
        minimal = str(folder / MINIMAL)
        # the minimal notebook has no stored outputs: nbval compares nothing, runs the cell
        for i in range(rounds):
            order = ["suite", "ref"] if i % 2 == 0 else ["ref", "suite"]
            for which in order:
                if which == "suite":
                    seconds, outcome = _pytest("example_notebooks")
                    suite.append(seconds)
                    outcomes.append(outcome)
                    log(f"notebooks: {seconds:.0f} s ({outcome})")
                else:
                    seconds, _ = _pytest(minimal)
                    reference.append(seconds)
    stats = summary(suite)
    figures = [{
        "key": "notebooks.suite",
        "label": f"nbval on example_notebooks ({len(app_names())} notebooks): {outcomes[-1]}",
        "unit": "s",
        "stats": stats,
        "reference_label": "nbval on the minimal notebook",
        "reference": summary(reference),
        "ratio": None,
        "goal": f"< {GOAL_SECONDS} s",
        "met": bool(stats.get("n")) and stats["median"] < GOAL_SECONDS,
    }]
    notes = []
    if figures[0]["met"] is False:
        notes.append(
            f"The notebook suite took {stats.get('median', 0):.0f} s: each notebook starts a "
            f"kernel (the minimal notebook alone: {summary(reference).get('median', 0):.0f} s) "
            "and imports pandas, pandera and Altair; on a loaded 2-core machine nbval runs "
            "them one after the other. `pytest -n 2` (pytest-xdist) would halve it on an "
            "idle machine.")
    return {
        "name": NAME,
        "title": TITLE,
        "quick": quick,
        "load": [load_before, load_average()],
        "method": f"{rounds} run(s) of each command, alternating; wall time of the process.",
        "figures": figures,
        "outcomes": outcomes,
        "notes": notes,
    }
