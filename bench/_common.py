"""What the benchmarks share: statistics, machine facts, a Voila server, headless Chromium,
the "page has rendered" probe and small notebooks to compare against.

Nothing here fails on a slow machine: every wait is bounded and a sample that times out is
recorded as such, never raised.
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "example_notebooks"
#: The national Iv3 files (not shipped), next to the repository: ``../shared/data/iv3``.
SHARED_IV3 = REPO.parent / "shared" / "data" / "iv3"
FLAGSHIP = "regiemodel_vs_aannemersmodel.ipynb"
PYRAMID = "zorgpiramide_en_kantelen.ipynb"
PYTHON = sys.executable

CHROMIUM = os.environ.get("SDTOOLKIT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # No internet: every host name but this machine's fails to resolve, inside Chromium's
    # network stack (a municipal network that blocks CDNs). Unlike Playwright's request
    # interception this leaves the HTTP cache on and adds no round trip per request.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
#: Longest wait for one page (seconds): a sample that takes longer is recorded as a timeout.
PAGE_TIMEOUT = 240


# --------------------------------------------------------------------------- statistics


def summary(values: Sequence[float]) -> dict[str, Any]:
    """n, median, min, max, quartiles and p95 of *values* (empty: n = 0)."""
    data = sorted(float(v) for v in values)
    if not data:
        return {"n": 0}
    result: dict[str, Any] = {
        "n": len(data),
        "median": statistics.median(data),
        "min": data[0],
        "max": data[-1],
        "p95": percentile(data, 95),
    }
    if len(data) >= 4:
        q1, _, q3 = statistics.quantiles(data, n=4, method="inclusive")
        result["q1"], result["q3"] = q1, q3
    return result


def percentile(values: Sequence[float], pct: float) -> float:
    """Linear-interpolated percentile (like numpy's default)."""
    data = sorted(values)
    if not data:
        return float("nan")
    k = (len(data) - 1) * pct / 100
    lo, hi = int(k), min(int(k) + 1, len(data) - 1)
    return data[lo] + (data[hi] - data[lo]) * (k - lo)


def ratio(a: dict[str, Any], b: dict[str, Any]) -> float | None:
    """Ratio of two medians, or None."""
    if a.get("n") and b.get("n") and b["median"]:
        return a["median"] / b["median"]
    return None


def paired_ratios(pairs: Sequence[tuple[float, float]]) -> dict[str, Any]:
    """Summary of a/b over pairs measured next to each other."""
    return summary([a / b for a, b in pairs if b])


# --------------------------------------------------------------------------- machine


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "-"


def machine_facts() -> dict[str, Any]:
    """Cores, memory, load, Python and the versions of the packages that matter."""
    import psutil

    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    chromium = "-"
    with contextlib.suppress(OSError, ValueError):
        import subprocess

        chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True,
                                  timeout=30).stdout.strip() or "-"
    packages = ["sdtoolkit", "pandas", "numpy", "pandera", "altair", "vl-convert-python",
                "ipywidgets", "anywidget", "voila", "jupyter_server", "ipykernel",
                "jsonschema", "nbval", "playwright"]
    return {
        "cores": os.cpu_count(),
        "cpu": cpu,
        "memory_gib": round(psutil.virtual_memory().total / 2**30, 1),
        "available_gib_at_start": round(psutil.virtual_memory().available / 2**30, 1),
        "load_at_start": [round(x, 2) for x in os.getloadavg()],
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "chromium": chromium,
        "packages": {name: _version(name) for name in packages},
    }


def load_average() -> float:
    return round(os.getloadavg()[0], 2)


# --------------------------------------------------------------------------- notebooks


def write_notebook(path: Path, *sources: str) -> Path:
    """A notebook with these code cells (not executed), kernel python3."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(source) for source in sources]
    nbformat.write(nb, path)
    return path


#: The reference app for first render: one label, nothing else.
MINIMAL = "minimaal.ipynb"
MINIMAL_SOURCE = "import ipywidgets as w\nw.Label('Hallo raad')"
#: The reference app for interaction: one slider that updates one text.
SLIDER = "schuif.ipynb"
SLIDER_SOURCE = """import ipywidgets as w
schuif = w.IntSlider(value=5, min=0, max=10, description="Groei")
tekst = w.HTML("<p>Totaal: 50</p>")
def bij(change):
    tekst.value = f"<p>Totaal: {change['new'] * 10}</p>"
schuif.observe(bij, names="value")
w.VBox([schuif, tekst])"""


def app_names() -> list[str]:
    """The example notebooks (the apps), flagship first."""
    names = sorted(p.name for p in EXAMPLES.glob("*.ipynb"))
    if FLAGSHIP in names:
        names.remove(FLAGSHIP)
        names.insert(0, FLAGSHIP)
    return names


@contextlib.contextmanager
def app_folder(apps: Sequence[str], *, minimal: bool = True,
               slider: bool = False) -> Iterator[Path]:
    """A temporary folder with copies of these apps and the reference notebooks."""
    folder = Path(tempfile.mkdtemp(prefix="sdtoolkit-bench-"))
    try:
        for name in apps:
            shutil.copy(EXAMPLES / name, folder / name)
        if minimal:
            write_notebook(folder / MINIMAL, MINIMAL_SOURCE)
        if slider:
            write_notebook(folder / SLIDER, SLIDER_SOURCE)
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# --------------------------------------------------------------------------- Voila


@contextlib.contextmanager
def voila(folder: Path, **settings: Any) -> Iterator[Any]:
    """A Voila server with the production settings of ``sdtoolkit serve`` (changed only by
    *settings*) on 127.0.0.1 and a free port; stopped with its kernels on exit."""
    from sdtoolkit.serving import VoilaServer

    log_dir = Path(tempfile.mkdtemp(prefix="sdtoolkit-bench-log-"))
    log = open(log_dir / "voila.log", "w", encoding="utf-8")  # noqa: SIM115
    server = VoilaServer(folder, port=0, host="127.0.0.1", log=log, **settings)
    server.log_path = log_dir / "voila.log"
    try:
        server.start(wait=True, timeout=120)
        yield server
    finally:
        server.stop(timeout=30)
        log.close()
        shutil.rmtree(log_dir, ignore_errors=True)


def kernel_processes(server: Any) -> dict[str, Any]:
    """Kernel id -> psutil.Process for the kernels of *server*."""
    import psutil

    found = {}
    for pid in server.kernel_pids():
        with contextlib.suppress(psutil.Error):
            proc = psutil.Process(pid)
            for arg in proc.cmdline():
                name = Path(arg).name
                if name.startswith("kernel-") and name.endswith(".json"):
                    found[name[len("kernel-"):-len(".json")]] = proc
    return found


def preheated(proc: Any) -> bool | None:
    """Whether a kernel was started for the pool (Voila sets VOILA_PREHEAT=True)."""
    import psutil

    try:
        return proc.environ().get("VOILA_PREHEAT") == "True"
    except psutil.Error:
        return None


def shutdown_kernel(server: Any, kernel_id: str | None) -> bool:
    """Shut a viewer's kernel down through the server's REST API (as a page would; the
    same-value xsrf cookie and header pass tornado's check). Never for pool kernels:
    Voila would not refill the pool. Returns whether the server accepted it."""
    import urllib.error
    import urllib.request

    if not kernel_id:
        return False
    request = urllib.request.Request(
        f"{server.url}api/kernels/{kernel_id}", method="DELETE",
        headers={"Cookie": "_xsrf=sdtoolkitbench", "X-XSRFToken": "sdtoolkitbench"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status in (200, 204)
    except (urllib.error.URLError, OSError):
        return False


def tree_rss(server: Any) -> int:
    """Resident memory (bytes) of the Voila process and all its kernels."""
    import psutil

    total = 0
    if server.process is None:
        return 0
    with contextlib.suppress(psutil.Error):
        root = psutil.Process(server.process.pid)
        for proc in [root, *root.children(recursive=True)]:
            with contextlib.suppress(psutil.Error):
                total += proc.memory_info().rss
    return total


def wait_kernels_quiet(server: Any, *, count: int, exclude: set[str] = frozenset(),
                       timeout: float = 300, quiet_for: float = 2.0,
                       server_too: bool = False) -> float:
    """Wait until at least *count* kernels (ids not in *exclude*) run and every kernel of the
    server has used (almost) no CPU for *quiet_for* seconds: the pool has been filled and
    has run its notebooks. With *server_too* the Voila process must be quiet as well: while
    it starts many kernels at once, kernels that have started sit idle until Voila sends
    them the notebook. Returns the seconds waited (``timeout`` if it never settled)."""
    import psutil

    started = time.monotonic()
    quiet_since: float | None = None
    last: dict[int, float] = {}
    while time.monotonic() - started < timeout:
        kernels = kernel_processes(server)
        fresh = [k for k in kernels if k not in exclude]
        watched = list(kernels.values())
        if server_too and server.process is not None:
            with contextlib.suppress(psutil.Error):
                watched.append(psutil.Process(server.process.pid))
        cpu: dict[int, float] = {}
        for proc in watched:
            with contextlib.suppress(psutil.Error):
                times = proc.cpu_times()
                cpu[proc.pid] = times.user + times.system
        used = sum(cpu[pid] - last.get(pid, cpu[pid]) for pid in cpu)
        busy = used > 0.05 or set(cpu) != set(last)
        last = cpu
        now = time.monotonic()
        if len(fresh) >= count and not busy:
            quiet_since = quiet_since or now
            if now - quiet_since >= quiet_for:
                return now - started
        else:
            quiet_since = None
        time.sleep(0.25)
    return timeout


# --------------------------------------------------------------------------- Chromium


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    """Headless Debian Chromium through Playwright (never ``playwright install``)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=CHROMIUM_ARGS, timeout=120_000)
        try:
            yield browser
        finally:
            browser.close()


def offline_context(browser: Any, *, init_script: str | None = None) -> Any:
    """A fresh context (empty cache: a first-time viewer). Requests off this machine fail
    (see ``CHROMIUM_ARGS``); ``context.blocked`` lists the ones the pages tried."""
    context = browser.new_context(viewport={"width": 1200, "height": 900}, locale="nl-NL")
    context.blocked = []

    def seen(request: Any) -> None:
        url = request.url
        if not (url.startswith(("file:", "data:", "blob:"))
                or (urlsplit(url).hostname or "") in LOCAL_HOSTS):
            context.blocked.append(url)

    context.on("request", seen)
    if init_script:
        context.add_init_script(init_script)
    return context


#: Installed in every page before its own scripts: watches the DOM and records in
#: ``window.__sdbench.readyAt`` (ms since navigation start) the moment at which Voila's
#: spinner is gone, every widget output of the notebook shows its widget, and every chart
#: (``.vega-embed``) has an SVG with marks -- at least ``EXPECTED`` charts.
RENDER_PROBE = """
(() => {
  const expectedCharts = () => window.__sdbenchExpected ?? __EXPECTED__;
  const state = {readyAt: null, lastReadyAt: null, expectedWidgets: null, widgets: 0,
                 charts: 0, chartsReady: 0, errors: 0, spinner: true};
  window.__sdbench = state;
  function countExpected() {
    let n = 0;
    document.querySelectorAll('script[type="application/vnd.voila.cell-output+json"]')
      .forEach(s => {
        if (s.textContent.includes('application/vnd.jupyter.widget-view+json')) n++;
      });
    return n;
  }
  function check() {
    if (state.expectedWidgets === null) return;
    const loading = document.getElementById('loading');
    state.spinner = !!(loading && loading.isConnected
                       && getComputedStyle(loading).display !== 'none');
    const cells = document.getElementById('rendered_cells');
    const cellsShown = !cells || getComputedStyle(cells).display !== 'none';
    let widgets = 0;
    document.querySelectorAll('.jp-OutputArea-output:not([data-mime-type])').forEach(out => {
      const view = out.firstElementChild;
      // a view with content (text or controls); "Loading widget..." is text without a view
      if (view && (view.classList.contains('vega-embed') || view.textContent.trim() !== ''
                   || view.querySelector('svg, canvas, input, button, select, textarea'))) {
        widgets++;
      }
    });
    const embeds = document.querySelectorAll('.vega-embed');
    let ready = 0;
    embeds.forEach(e => { const svg = e.querySelector('svg.marks');
                          if (svg && svg.querySelector('.role-mark')) ready++; });
    state.widgets = widgets; state.charts = embeds.length; state.chartsReady = ready;
    state.errors = document.querySelectorAll(
      '.jupyter-widgets-error-widget, .jp-RenderedText[data-mime-type*="error"]').length;
    const done = !state.spinner && cellsShown && widgets >= state.expectedWidgets
                 && ready === embeds.length && embeds.length >= expectedCharts();
    if (done && state.readyAt === null) { state.readyAt = performance.now();}
    if (done) { if (state.lastReadyAt === null) state.lastReadyAt = performance.now(); }
    else { state.lastReadyAt = null; }
  }
  // At most one check per frame, in the frame's callback: what a frame shows is what the
  // viewer sees, and checking on every DOM change (forcing style work each time) would
  // slow down the page being measured.
  let scheduled = false;
  function schedule() {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(() => { scheduled = false; check(); });
  }
  document.addEventListener('DOMContentLoaded', () => {
    state.expectedWidgets = countExpected();
    new MutationObserver(schedule).observe(document.documentElement,
      {subtree: true, childList: true, attributes: true});
    schedule();
  });
})();
"""


def render_probe(expected_charts: int = 0) -> str:
    return RENDER_PROBE.replace("__EXPECTED__", str(int(expected_charts)))


def open_rendered(browser: Any, url: str, *, expected_charts: int = 0,
                  settle: float = 0.0, timeout: float = PAGE_TIMEOUT,
                  keep: bool = False, context: Any = None) -> dict[str, Any]:
    """Open *url* in a fresh offline context and wait until it has rendered.

    Returns ``{"seconds", "charts", "widgets", "blocked", "errors", "kernel_id",
    "timeout"}``; ``seconds`` is from navigation start to the moment everything showed.
    With ``settle`` the page is watched that much longer and the *last* moment it became
    complete counts (used once per app to learn how many charts it has). With ``keep``
    the page and context are returned too (``"page"``, ``"context"``); close them.
    With *context* (made by :func:`offline_context` with ``render_probe()``) the page opens
    there instead -- with what that context has cached -- and only the page is closed.
    """
    own_context = context is None
    if own_context:
        context = offline_context(browser, init_script=render_probe(expected_charts))
    page = context.new_page()
    if not own_context:
        page.add_init_script(f"window.__sdbenchExpected = {int(expected_charts)};")
    page_errors: list[str] = []
    page.on("pageerror", lambda error: page_errors.append(str(error)))
    result: dict[str, Any] = {"timeout": False}
    try:
        page.goto(url, wait_until="commit", timeout=timeout * 1000)
        try:
            page.wait_for_function("() => window.__sdbench && window.__sdbench.readyAt !== null",
                                   timeout=timeout * 1000, polling=100)
        except Exception:  # noqa: BLE001 - playwright's TimeoutError; recorded, not raised
            result["timeout"] = True
        if settle and not result["timeout"]:
            # Watch until nothing changed for `settle` seconds (at most 60 s).
            hard_stop = time.monotonic() + 60
            quiet_until = time.monotonic() + settle
            last = None
            while time.monotonic() < min(quiet_until, hard_stop):
                seen = page.evaluate(
                    "() => [window.__sdbench.charts, window.__sdbench.lastReadyAt]")
                if seen != last:
                    quiet_until = time.monotonic() + settle
                    last = seen
                time.sleep(0.2)
        state = page.evaluate("() => window.__sdbench")
        ready = state.get("lastReadyAt") if settle else state.get("readyAt")
        if ready is None:
            ready = state.get("readyAt")
        result.update({
            "seconds": None if result["timeout"] or ready is None else ready / 1000,
            "charts": state.get("charts"),
            "charts_ready": state.get("chartsReady"),
            "widgets": state.get("widgets"),
            "expected_widgets": state.get("expectedWidgets"),
            "widget_errors": state.get("errors"),
            "blocked": list(context.blocked),
            "errors": page_errors,
            "kernel_id": page.evaluate(
                "() => { const c = document.getElementById('jupyter-config-data');"
                " try { return c ? JSON.parse(c.textContent).kernelId : null; }"
                " catch (e) { return null; } }"),
        })
    finally:
        if keep:
            result["page"], result["context"] = page, context
        elif own_context:
            context.close()
        else:
            page.close()
    return result


# --------------------------------------------------------------------------- misc


def dump(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False, sort_keys=True)


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)
