"""Import time: ``python -c "import sdtoolkit"`` against ``python -c "import pandas"``.

Fresh processes, interleaved (sdtoolkit, pandas, sdtoolkit, ...), so a burst of load on
the machine hits both. Also, for information, what an app's first cell pays: importing
the widgets (pandas, pandera, Altair, ipywidgets).
"""

from __future__ import annotations

import subprocess
import tempfile
import time
from typing import Any

from bench._common import PYTHON, load_average, log, ratio, summary

NAME = "import"
TITLE = "Import"
GOAL_RATIO = 1.2

STATEMENTS = {
    "sdtoolkit": "import sdtoolkit",
    "pandas": "import pandas",
    "widgets": "from sdtoolkit.widgets import ModelComparison",
    "altair": "import altair",
}


#: Run from a neutral folder: the repository root on sys.path would shadow the installed
#: package (and a checkout of an older version, for the "before" figures).
_CWD = tempfile.gettempdir()


def _time(statement: str) -> float:
    started = time.perf_counter()
    subprocess.run([PYTHON, "-c", statement], check=True, cwd=_CWD, timeout=120,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def run(quick: bool = False) -> dict[str, Any]:
    runs = 10 if quick else 20
    extra_runs = 5 if quick else 10
    load_before = load_average()
    times: dict[str, list[float]] = {name: [] for name in STATEMENTS}
    for name in STATEMENTS:  # warm the file cache once, not timed
        _time(STATEMENTS[name])
    for i in range(runs):
        order = ["sdtoolkit", "pandas"] if i % 2 == 0 else ["pandas", "sdtoolkit"]
        if i < extra_runs:
            order += ["widgets", "altair"] if i % 2 == 0 else ["altair", "widgets"]
        for name in order:
            times[name].append(_time(STATEMENTS[name]))
    log(f"import: sdtoolkit {summary(times['sdtoolkit'])['median']:.3f} s, "
        f"pandas {summary(times['pandas'])['median']:.3f} s")
    stats = {name: summary(values) for name, values in times.items()}
    pandas_ = stats["pandas"]
    main_ratio = ratio(stats["sdtoolkit"], pandas_)
    figures = [
        {
            "key": "import.sdtoolkit",
            "label": '`python -c "import sdtoolkit"`',
            "unit": "s",
            "stats": stats["sdtoolkit"],
            "reference_label": '`python -c "import pandas"`',
            "reference": pandas_,
            "ratio": main_ratio,
            "goal": f"≤ {GOAL_RATIO} × pandas",
            "met": main_ratio is not None and main_ratio <= GOAL_RATIO,
        },
        {
            "key": "import.widgets",
            "label": "`from sdtoolkit.widgets import ModelComparison` (the flagship's imports)",
            "unit": "s",
            "stats": stats["widgets"],
            "reference_label": '`python -c "import pandas"`',
            "reference": pandas_,
            "ratio": ratio(stats["widgets"], pandas_),
            "goal": "(information)",
            "met": None,
        },
        {
            "key": "import.altair",
            "label": '`python -c "import altair"`',
            "unit": "s",
            "stats": stats["altair"],
            "reference_label": '`python -c "import pandas"`',
            "reference": pandas_,
            "ratio": ratio(stats["altair"], pandas_),
            "goal": "(information)",
            "met": None,
        },
    ]
    notes = []
    if not figures[0]["met"]:
        notes.append(
            "The import goal was missed: `import sdtoolkit` should import nothing heavy "
            "(pandas, pandera and Altair load on first use); run "
            "`python -X importtime -c 'import sdtoolkit'` to see what crept in.")
    return {
        "name": NAME,
        "title": TITLE,
        "quick": quick,
        "load": [load_before, load_average()],
        "method": (f"{runs} fresh processes each for sdtoolkit and pandas, alternating "
                   f"order; {extra_runs} each for the widgets and Altair; one untimed run "
                   "of each first to warm the file cache. Wall time of the whole process."),
        "figures": figures,
        "notes": notes,
    }
