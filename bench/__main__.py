"""Run the sdtoolkit benchmarks and write ``bench/RESULTS.md``.

::

    python -m bench                    # every benchmark (a few minutes)
    python -m bench import latency     # a subset; the other sections keep their figures
    python -m bench --quick            # fewer repetitions (rooms of 1 and 5 viewers)
    python -m bench room --quick       # the committee room only, quickly
    python -m bench --baseline         # store the figures as "before" (bench/baseline.json)

Figures are kept in ``bench/results.json`` (and the "before" figures in
``bench/baseline.json``); ``RESULTS.md`` is written from both. Benchmarks never fail: a
slow machine gives slow figures, a missed goal is reported, the exit code stays 0 unless
a benchmark itself crashed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import signal
import sys
import time
import traceback
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE.parent) not in sys.path:  # `python bench` from the repository root
    sys.path.insert(0, str(HERE.parent))

from bench import report  # noqa: E402
from bench._common import log, machine_facts  # noqa: E402

#: name on the command line -> module
BENCHMARKS = {
    "import": "bench.imports",
    "render": "bench.render",
    "latency": "bench.latency",
    "memory": "bench.memory",
    "room": "bench.room",
    "data": "bench.data",
    "notebooks": "bench.notebooks",
    "export": "bench.export",
}
RESULTS_JSON = HERE / "results.json"
BASELINE_JSON = HERE / "baseline.json"
RESULTS_MD = HERE / "RESULTS.md"


def _load(path: Path) -> dict[str, Any]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"benchmarks": {}}


def _save(path: Path, data: dict[str, Any]) -> None:
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n",
                    encoding="utf-8")


def _prepare_bundles() -> None:
    """Build the charts' JavaScript bundles into the disk cache first (as ``sdtoolkit
    serve`` does): a one-time cost per machine, not something a viewer waits for. (Code
    without the cache has no such module; then nothing happens.)"""
    import subprocess

    subprocess.run([sys.executable, "-m", "sdtoolkit.charts._bundle"], check=False,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=600)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("names", nargs="*", metavar="NAME",
                        help=f"benchmarks to run (default: all): {', '.join(BENCHMARKS)}")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument("--baseline", action="store_true",
                        help="store the figures as the 'before' figures (baseline.json)")
    parser.add_argument("--report-only", action="store_true",
                        help="only rewrite RESULTS.md from the stored figures")
    args = parser.parse_args(argv)
    # SIGTERM stops the run like Ctrl-C: servers, kernels and browsers are shut down.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    unknown = [name for name in args.names if name not in BENCHMARKS]
    if unknown:
        parser.error(f"unknown benchmark {', '.join(unknown)}; choose from "
                     f"{', '.join(BENCHMARKS)}")
    names = args.names or list(BENCHMARKS)

    target = BASELINE_JSON if args.baseline else RESULTS_JSON
    stored = _load(target)
    crashed = []
    if not args.report_only:
        stored["machine"] = machine_facts()
        _prepare_bundles()
        for name in names:
            log(f"--- {name} ---")
            started = time.monotonic()
            try:
                module = importlib.import_module(BENCHMARKS[name])
                record = module.run(quick=args.quick)
            except Exception:  # noqa: BLE001 - one broken benchmark must not stop the rest
                crashed.append(name)
                record = {"name": name, "title": name, "crashed": traceback.format_exc()[-2000:],
                          "figures": [], "notes": []}
                log(f"{name} crashed:\n{record['crashed']}")
            record["seconds"] = round(time.monotonic() - started, 1)
            record["when"] = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
            stored.setdefault("benchmarks", {})[name] = record
            _save(target, stored)  # after each benchmark: an interrupted run keeps its part
            log(f"{name}: {record['seconds']:.0f} s")
    RESULTS_MD.write_text(
        report.render(_load(RESULTS_JSON), _load(BASELINE_JSON), order=list(BENCHMARKS)),
        encoding="utf-8")
    log(f"wrote {RESULTS_MD.relative_to(HERE.parent)}")
    return 1 if crashed else 0


if __name__ == "__main__":
    sys.exit(main())
