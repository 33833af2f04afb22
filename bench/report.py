"""Write ``bench/RESULTS.md`` from the stored figures (``results.json``: after,
``baseline.json``: before the performance work)."""

from __future__ import annotations

import copy
from typing import Any

from bench import narrative
from bench import render as render_bench

_UNITS = {"s": " s", "ms": " ms", "MB": " MB"}


def _num(value: float | None, unit: str) -> str:
    if value is None:
        return "–"
    if unit == "ms" or unit == "MB":
        return f"{value:.0f}" if value >= 10 else f"{value:.1f}"
    if unit == "s":
        return f"{value:.2f}" if value < 10 else f"{value:.1f}"
    return f"{value:.3g}"


def fmt(stats: dict[str, Any] | None, unit: str) -> str:
    """``2.27 s (1.90–3.10, n=7)``; with p95 when there are 10 or more samples."""
    if not stats or not stats.get("n") or stats.get("median") is None:
        return "–"
    text = f"**{_num(stats['median'], unit)}{_UNITS.get(unit, ' ' + unit)}**"
    spread = []
    if stats.get("n", 0) >= 10 and stats.get("p95") is not None:
        spread.append(f"p95 {_num(stats['p95'], unit)}")
    if stats.get("n", 0) > 1 and stats.get("min") is not None:
        spread.append(f"{_num(stats['min'], unit)}–{_num(stats['max'], unit)}")
    spread.append(f"n={stats['n']}")
    return f"{text} ({'; '.join(spread)})"


def _ratio(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}×"


def _met(value: bool | None) -> str:
    return {True: "met", False: "**missed**", None: ""}[value]


def _figures(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    found = {}
    for record in data.get("benchmarks", {}).values():
        for figure in record.get("figures", []):
            found[figure["key"]] = figure
    return found


def _machine(machine: dict[str, Any]) -> list[str]:
    if not machine:
        return ["(no run yet)"]
    packages = ", ".join(f"{k} {v}" for k, v in machine.get("packages", {}).items())
    return [
        "| | |",
        "|---|---|",
        f"| cores | {machine.get('cores')} ({machine.get('cpu')}) |",
        f"| memory | {machine.get('memory_gib')} GiB "
        f"({machine.get('available_gib_at_start')} GiB available at the start) |",
        f"| load average at the start (1, 5, 15 min) | "
        f"{', '.join(str(x) for x in machine.get('load_at_start', []))} |",
        f"| system | {machine.get('os')}, Python {machine.get('python')}, "
        f"{machine.get('chromium')} |",
        f"| packages | {packages} |",
    ]


def _today(data: dict[str, Any]) -> dict[str, Any]:
    """*data* with the render goals of today applied to its stored render figures."""
    record = data.get("benchmarks", {}).get("render")
    if not record:
        return data
    return {**data, "benchmarks": {**data["benchmarks"],
                                   "render": render_bench.rejudge(copy.deepcopy(record))}}


def _not_yet_run(old: dict[str, Any]) -> dict[str, Any]:
    """The after record of a benchmark that has only before figures: its goals, no values."""
    return {"title": old.get("title"), "method": old.get("method"), "when": "not yet run",
            "figures": [{**f, "stats": None, "reference": None, "ratio": None, "met": None,
                         "paired": None} for f in old.get("figures", [])],
            "notes": [], "load": ["–", "–"], "seconds": "–"}


def render(results: dict[str, Any], baseline: dict[str, Any], order: list[str]) -> str:
    results, baseline = _today(results), _today(baseline)
    for name in order:  # a benchmark measured only before still gets its section
        if name in baseline.get("benchmarks", {}) and name not in results.get("benchmarks", {}):
            results = {**results, "benchmarks": {
                **results.get("benchmarks", {}),
                name: _not_yet_run(baseline["benchmarks"][name])}}
    before = _figures(baseline)
    lines = [
        "# sdtoolkit benchmarks",
        "",
        "Written by `python -m bench` (all benchmarks, a few minutes; `python -m bench "
        "import latency` for a subset, `--quick` for fewer repetitions). Benchmarks are "
        "not tests: nothing here fails a build. Every figure is measured in the same run "
        "next to its reference, interleaved, so a burst of load on the machine hits both; "
        "the ratio is the steadier figure when the machine is busy.",
        "",
        "Figures: **median** (p95 when n ≥ 10; min–max; n = number of samples). *Before* "
        "is the same suite on the code before the performance work (`bench/baseline.json`), "
        "*after* the current code (`bench/results.json`).",
        "",
        "## Machine (after)",
        "",
        *_machine(results.get("machine", {})),
        "",
    ]
    if baseline.get("machine"):
        lines += [
            f"The *before* figures were measured on the same machine at load "
            f"{', '.join(str(x) for x in baseline['machine'].get('load_at_start', []))}.",
            "",
        ]
    lines += ["## Summary", "",
              "| figure | before | after | reference (same run, after) | ratio | goal | |",
              "|---|---|---|---|---|---|---|"]
    for name in order:
        record = results.get("benchmarks", {}).get(name)
        if not record:
            continue
        for figure in record.get("figures", []):
            if figure.get("goal") in ("(information)", "(reference)", ""):
                continue
            old = before.get(figure["key"])
            lines.append(
                f"| {figure['label']} | {fmt(old and old.get('stats'), figure['unit'])} | "
                f"{fmt(figure.get('stats'), figure['unit'])} | "
                f"{fmt(figure.get('reference'), figure['unit'])} | {_ratio(figure.get('ratio'))} "
                f"| {figure['goal']} | {_met(figure.get('met'))} |")
    lines.append("")
    missed = [n for name in order for n in results.get("benchmarks", {}).get(name, {})
              .get("notes", [])]
    if missed:
        lines += ["Missed goals, why, and what would reach them:", ""]
        lines += [f"- {note}" for note in missed]
        lines.append("")
    for name in order:
        record = results.get("benchmarks", {}).get(name)
        if not record:
            continue
        lines += _section(name, record, before, baseline.get("benchmarks", {}).get(name))
    lines += narrative.SECTIONS
    return "\n".join(lines).rstrip() + "\n"


def _run_facts(record: dict[str, Any]) -> str:
    load = record.get("load") or ["?", "?"]
    return (f"run {record.get('when', '?')}{' (--quick)' if record.get('quick') else ''}, "
            f"{record.get('seconds', '?')} s, load average {load[0]} → {load[1]}")


def _when(record: dict[str, Any], old_record: dict[str, Any] | None) -> str:
    if record.get("when") == "not yet run":
        return (f"After: not yet run. Before: {_run_facts(old_record or {})}.")
    facts = _run_facts(record)
    return f"{facts[0].upper()}{facts[1:]}."


def _section(name: str, record: dict[str, Any], before: dict[str, Any],
             old_record: dict[str, Any] | None) -> list[str]:
    lines = [f"## {record.get('title', name)} (`python -m bench {name}`)", ""]
    if record.get("crashed"):
        return lines + ["The benchmark crashed:", "", "```", record["crashed"], "```", ""]
    lines += [
        f"{narrative.INTRO.get(name, '')}".strip(),
        "",
        f"Method: {record.get('method', '')} {_when(record, old_record)}",
        "",
        "| figure | before | after | reference (same run) | ratio | paired ratio | goal | |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for figure in record.get("figures", []):
        old = before.get(figure["key"])
        paired = figure.get("paired")
        lines.append(
            f"| {figure['label']} | {fmt(old and old.get('stats'), figure['unit'])} | "
            f"{fmt(figure.get('stats'), figure['unit'])} | "
            f"{figure.get('reference_label', '')}: {fmt(figure.get('reference'), figure['unit'])} "
            f"| {_ratio(figure.get('ratio'))} | "
            f"{_ratio(paired.get('median')) if paired and paired.get('n') else '–'} | "
            f"{figure.get('goal', '')} | {_met(figure.get('met'))} |".replace(
                "|  :", "| ").replace("| : –", "| –"))
    lines.append("")
    extra = narrative.extra(name, record, old_record)
    if extra:
        lines += extra + [""]
    for note in record.get("notes", []):
        lines += [f"- {note}"]
    if record.get("problems"):
        lines += ["", "Problems seen during the run:", ""]
        lines += [f"- `{p}`" for p in record["problems"][:10]]
    lines.append("")
    return lines
