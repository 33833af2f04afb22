"""Interaction latency: one keyboard step on a slider until the text and the chart show
the new result, in headless Chromium against the production server.

* the flagship (ModelComparison): a weight slider; text = the weighted scores, chart =
  the stacked bars;
* zorgpiramide (CarePyramid): the kantelen slider; text = the new total, chart = the
  pyramid;
* reference: a notebook with one slider and one text (the widget round trip alone).

Measured in the page: from the ``keydown`` event until a MutationObserver sees the text
changed, and until the chart's SVG differs from before and has all its marks again. Steps
alternate right and left, round robin over the three pages.
"""

from __future__ import annotations

import time
from typing import Any

from bench._common import (
    FLAGSHIP,
    PYRAMID,
    SLIDER,
    app_folder,
    chromium,
    load_average,
    log,
    open_rendered,
    ratio,
    summary,
    voila,
    wait_kernels_quiet,
)

NAME = "latency"
TITLE = "Interaction latency"
GOAL_MEDIAN_MS = 100
GOAL_P95_MS = 250
STEP_TIMEOUT_MS = 15_000

#: Per page: how to find the slider, the text and the chart (JavaScript expressions).
TARGETS = {
    FLAGSHIP: {
        "label": "flagship: weight slider",
        "slider": "document.querySelector('.sd-model-comparison .sd-weight .noUi-handle')",
        "text": ("Array.from(document.querySelectorAll('.sd-model-comparison "
                 ".widget-html-content')).find(e => /Regiemodel \\d+,\\d\\d/.test(e.textContent))"),
        "chart": "document.querySelector('.sd-model-comparison .vega-embed')",
    },
    PYRAMID: {
        "label": "zorgpiramide: kantelen slider",
        "slider": "document.querySelector('.widget-slider .noUi-handle')",
        "text": ("Array.from(document.querySelectorAll('.widget-html-content'))"
                 ".find(e => e.textContent.includes('startpunt'))"),
        "chart": "document.querySelector('.vega-embed')",
    },
    SLIDER: {
        "label": "reference: one slider, one text",
        "slider": "document.querySelector('.widget-slider .noUi-handle')",
        "text": ("Array.from(document.querySelectorAll('.widget-html-content'))"
                 ".find(e => e.textContent.includes('Totaal'))"),
        "chart": "null",
    },
}

_ARM = """([sliderExpr, textExpr, chartExpr, timeout]) => {
  const slider = eval(sliderExpr), text = eval(textExpr), chart = eval(chartExpr);
  if (!slider || !text) return 'missing ' + (!slider ? 'slider' : 'text');
  slider.focus();
  const textBefore = text.textContent;
  const svg0 = chart ? chart.querySelector('svg.marks') : null;
  const svgBefore = svg0 ? svg0.innerHTML : null;
  const marksBefore = svg0 ? svg0.querySelectorAll('.role-mark').length : 0;
  const result = {text: null, chart: chart ? null : -1};
  let t0 = null, observer = null, timer = null;
  window.__sdstep = new Promise(resolve => {
    const finish = extra => { if (observer) observer.disconnect(); clearTimeout(timer);
                              resolve(Object.assign(result, extra || {})); };
    const check = () => {
      if (t0 === null) return;
      const now = performance.now();
      if (result.text === null && text.textContent !== textBefore) result.text = now - t0;
      if (result.chart === null) {
        const svg = chart.querySelector('svg.marks');
        if (svg && svg.innerHTML !== svgBefore
            && svg.querySelectorAll('.role-mark').length >= marksBefore) result.chart = now - t0;
      }
      if (result.text !== null && result.chart !== null) finish();
    };
    document.addEventListener('keydown', () => { t0 = performance.now(); },
                              {capture: true, once: true});
    observer = new MutationObserver(check);
    observer.observe(document.body, {subtree: true, childList: true, characterData: true,
                                     attributes: true});
    timer = setTimeout(() => finish({timeout: true}), timeout);
  });
  const now = Number(slider.getAttribute('aria-valuenow'));
  const max = Number(slider.getAttribute('aria-valuemax'));
  return {value: now, max: max};
}"""


def _step(page: Any, target: dict[str, str], key: str) -> dict[str, Any]:
    armed = page.evaluate(_ARM, [target["slider"], target["text"], target["chart"],
                                 STEP_TIMEOUT_MS])
    if isinstance(armed, str):
        return {"error": armed}
    page.keyboard.press(key)
    result = page.evaluate("() => window.__sdstep")
    result["value_before"] = armed.get("value")
    return result


def run(quick: bool = False) -> dict[str, Any]:
    steps = 20 if quick else 30
    load_before = load_average()
    samples: dict[str, dict[str, list[float]]] = {
        name: {"text": [], "chart": []} for name in TARGETS}
    problems: list[str] = []
    with app_folder([FLAGSHIP, PYRAMID], minimal=False, slider=True) as folder, \
            voila(folder) as server, chromium() as browser:
        wait_kernels_quiet(server, count=len(TARGETS), timeout=600)
        pages = {}
        for name in TARGETS:
            opened = open_rendered(browser, server.render_url(name), keep=True)
            if opened.get("timeout"):
                problems.append(f"{name}: did not render")
            pages[name] = opened["page"]
        contexts = [p.context for p in pages.values()]
        # the pool refills after each page took its kernel: let that finish first
        wait_kernels_quiet(server, count=2 * len(TARGETS), timeout=600)
        direction: dict[str, str] = {}
        for i in range(steps):
            for name, target in TARGETS.items():
                page = pages[name]
                if name not in direction:
                    value = page.evaluate(f"() => {{ const s = {target['slider']};"
                                          " return s ? [Number(s.getAttribute('aria-valuenow')),"
                                          " Number(s.getAttribute('aria-valuemax'))] : null; }")
                    direction[name] = "ArrowRight" if value and value[0] < value[1] else "ArrowLeft"
                key = direction[name] if i % 2 == 0 else (
                    "ArrowLeft" if direction[name] == "ArrowRight" else "ArrowRight")
                result = _step(page, target, key)
                if result.get("error") or result.get("timeout"):
                    problems.append(f"{name} step {i}: {result}")
                    continue
                samples[name]["text"].append(result["text"])
                if result["chart"] is not None and result["chart"] >= 0:
                    samples[name]["chart"].append(result["chart"])
                time.sleep(0.25)  # let the kernel and the page go idle
        for context in contexts:
            context.close()
    log("latency: " + ", ".join(f"{n}: {summary(s['text']).get('median')}" for n, s in
                                samples.items()))
    reference = summary(samples[SLIDER]["text"])
    figures = []
    for name in (FLAGSHIP, PYRAMID):
        for what in ("text", "chart"):
            stats = summary(samples[name][what])
            met = bool(stats.get("n")) and (stats["median"] < GOAL_MEDIAN_MS
                                            and stats["p95"] < GOAL_P95_MS)
            figures.append({
                "key": f"latency.{name}.{what}",
                "label": f"{TARGETS[name]['label']} → {what} updated",
                "unit": "ms",
                "stats": stats,
                "reference_label": "reference slider → text",
                "reference": reference,
                "ratio": ratio(stats, reference),
                "goal": f"median < {GOAL_MEDIAN_MS} ms, p95 < {GOAL_P95_MS} ms",
                "met": met,
            })
    figures.append({
        "key": "latency.reference",
        "label": "reference: one slider → one text",
        "unit": "ms",
        "stats": reference,
        "goal": "(reference)",
        "met": None,
    })
    notes = []
    for figure in figures:
        if figure["met"] is False:
            ref = reference.get("median") or 0
            notes.append(
                f"{figure['label']}: median {figure['stats'].get('median', 0):.0f} ms, p95 "
                f"{figure['stats'].get('p95', 0):.0f} ms; the bare widget round trip "
                f"(reference) takes {ref:.0f} ms on this machine at load "
                f"{load_before}.")
    return {
        "name": NAME,
        "title": TITLE,
        "quick": quick,
        "load": [load_before, load_average()],
        "method": (f"{steps} keyboard steps per page (arrow keys, alternating direction), "
                   "round robin over the three pages, 0.25 s pause between steps; timed in "
                   "the page from keydown to the DOM change."),
        "figures": figures,
        "problems": problems[:10],
        "notes": notes,
    }
