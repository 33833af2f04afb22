"""Static export: size of each exported HTML file (``sdtoolkit.export.export(nb,
to="html")``) and the time until its charts show in Chromium (``file://``, no host
resolvable), against the export of a reference notebook with one small chart (what
the inlined Vega bundle alone costs).
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from bench._common import (
    EXAMPLES,
    FLAGSHIP,
    PYRAMID,
    app_names,
    chromium,
    load_average,
    log,
    offline_context,
    ratio,
    summary,
    write_notebook,
)

NAME = "export"
TITLE = "Static export"
GOAL_MB = 3.0
GOAL_SECONDS = 1.0
MB = 1024 * 1024
REFERENCE = "referentie_grafiek.ipynb"
REFERENCE_SOURCE = """import altair as alt
import pandas as pd
from sdtoolkit.charts import chart_widget
chart_widget(alt.Chart(pd.DataFrame({"wijk": ["Noord", "Zuid"], "bedrag": [1200, 800]}))
             .mark_bar().encode(x="wijk:N", y="bedrag:Q"))"""

_PROBE = """
(() => {
  const state = {readyAt: null, expected: null, ready: 0, failed: 0};
  window.__sdexport = state;
  function check() {
    if (state.expected === null) return;
    let ready = 0;
    document.querySelectorAll('.sd-chart').forEach(el => {
      const svg = el.querySelector('svg.marks');
      if (svg && svg.querySelector('.role-mark')) ready++;
    });
    state.ready = ready;
    state.failed = document.querySelectorAll('.sd-chart-failed').length;
    if (ready >= state.expected && state.readyAt === null) state.readyAt = performance.now();
  }
  document.addEventListener('DOMContentLoaded', () => {
    state.expected = document.querySelectorAll('.sd-chart').length;
    new MutationObserver(check).observe(document.documentElement,
                                        {subtree: true, childList: true});
    check();
  });
})();
"""


def _show(browser: Any, path: Path) -> dict[str, Any]:
    context = offline_context(browser, init_script=_PROBE)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(path.as_uri(), wait_until="commit", timeout=60_000)
        page.wait_for_function("() => window.__sdexport && window.__sdexport.readyAt !== null",
                               timeout=60_000, polling=50)
        state = page.evaluate("() => window.__sdexport")
        return {"seconds": state["readyAt"] / 1000, "charts": state["expected"],
                "failed": state["failed"], "blocked": list(context.blocked), "errors": errors}
    except Exception as exc:  # noqa: BLE001 - recorded, not raised
        return {"seconds": None, "error": type(exc).__name__, "errors": errors,
                "blocked": list(context.blocked)}
    finally:
        context.close()


def run(quick: bool = False) -> dict[str, Any]:
    from sdtoolkit.export import export

    apps = [FLAGSHIP, PYRAMID] if quick else app_names()
    rounds = 3 if quick else 5
    load_before = load_average()
    folder = Path(tempfile.mkdtemp(prefix="sdtoolkit-bench-export-"))
    exported: dict[str, Path] = {}
    export_seconds: dict[str, float] = {}
    problems: list[str] = []
    try:
        reference_nb = write_notebook(folder / REFERENCE, REFERENCE_SOURCE)
        out = folder / "html"
        out.mkdir()
        for name in [REFERENCE, *apps]:
            source = reference_nb if name == REFERENCE else folder / name
            if name != REFERENCE:
                shutil.copy(EXAMPLES / name, source)
            started = time.perf_counter()
            try:
                exported[name] = export(source, to="html", output=out)
            except Exception as exc:  # noqa: BLE001 - a failing export is a result
                problems.append(f"{name}: export failed: {exc}"[:300])
                continue
            export_seconds[name] = time.perf_counter() - started
            log(f"export {name}: {exported[name].stat().st_size / MB:.2f} MB in "
                f"{export_seconds[name]:.0f} s")
        shown: dict[str, list[float]] = {name: [] for name in exported}
        charts: dict[str, int] = {}
        with chromium() as browser:
            if REFERENCE in exported:
                _show(browser, exported[REFERENCE])  # browser warm-up, not timed
            for i in range(rounds):
                for name in exported:
                    if name == REFERENCE:
                        continue
                    order = [REFERENCE, name] if i % 2 == 0 else [name, REFERENCE]
                    for which in order:
                        if which not in exported:
                            continue
                        result = _show(browser, exported[which])
                        if result.get("seconds") is None or result.get("failed"):
                            problems.append(f"{which}: {result}"[:300])
                        if result.get("blocked"):
                            problems.append(f"{which}: network requests {result['blocked'][:3]}")
                        if result.get("seconds") is not None:
                            shown[which].append(result["seconds"])
                            charts[which] = result.get("charts", 0)
        figures = []
        reference_shown = summary(shown.get(REFERENCE, []))
        reference_size = (exported[REFERENCE].stat().st_size / MB
                          if REFERENCE in exported else None)
        for name in apps:
            if name not in exported:
                continue
            size = exported[name].stat().st_size / MB
            stats = summary(shown[name])
            figures.append({
                "key": f"export.size.{name}",
                "label": f"{name.removesuffix('.ipynb')}.html, size",
                "unit": "MB",
                "stats": {"n": 1, "median": size, "min": size, "max": size},
                "reference_label": "reference export (one chart)",
                "reference": ({"n": 1, "median": reference_size, "min": reference_size,
                               "max": reference_size} if reference_size else {"n": 0}),
                "ratio": size / reference_size if reference_size else None,
                "goal": f"< {GOAL_MB:.0f} MB",
                "met": size < GOAL_MB,
            })
            figures.append({
                "key": f"export.show.{name}",
                "label": (f"{name.removesuffix('.ipynb')}.html, until its "
                          f"{charts.get(name, '?')} chart(s) show"),
                "unit": "s",
                "stats": stats,
                "reference_label": "reference export (one chart)",
                "reference": reference_shown,
                "ratio": ratio(stats, reference_shown),
                "goal": f"< {GOAL_SECONDS:.0f} s",
                "met": bool(stats.get("n")) and stats["median"] < GOAL_SECONDS,
            })
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    notes = []
    for figure in figures:
        if figure["met"] is False:
            notes.append(
                f"{figure['label']}: missed. The page inlines Vega (about 0.9 MB) once; the "
                "reference export with a single chart shows what that alone costs here "
                f"({reference_shown.get('median', 0):.2f} s at load {load_before}).")
    return {
        "name": NAME,
        "title": TITLE,
        "quick": quick,
        "load": [load_before, load_average()],
        "method": (f"{len(apps)} notebook(s) exported (executed in a fresh kernel); each file "
                   f"opened {rounds} times from file:// in a fresh context with the network "
                   "blocked, alternating with the reference export; time from navigation "
                   "start until every chart has an SVG with marks."),
        "figures": figures,
        "export_seconds": {k: round(v, 1) for k, v in export_seconds.items()},
        "problems": problems[:10],
        "notes": notes,
    }
