"""Load and soak: viewers come and go for a few minutes; nothing piles up.

A production server (``sdtoolkit serve`` settings, one pre-started kernel) with a SHORT
cull timeout serves the flagship notebook (Regiemodel versus Aannemersmodel). Viewers
open it a few at a time in headless Chromium and close it again, about 24 page views
in two minutes at most. Checked:

* every page renders: the ModelComparison conclusion (``.sd-conclusion``) is visible;
* the kernels of closed pages are culled: the kernel count returns to the pool size
  once the idle timeout has passed;
* the resident memory of Voila plus its kernels (from /proc) returns to its level
  after warm-up, within ``MEMORY_TOLERANCE``.

The figures (views, render p50/p95, memory and kernels before/peak/after) go to
``test-artifacts/soak.json``. Bounded: at most ``VIEWS`` views and ``SOAK_BUDGET``
seconds of soaking, every wait has its own limit; 127.0.0.1 only. Takes 3-4 minutes.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import statistics
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from sdtoolkit.serving import VoilaServer

REPO = Path(__file__).resolve().parent.parent
FLAGSHIP = REPO / "example_notebooks" / "regiemodel_vs_aannemersmodel.ipynb"
ARTIFACT = REPO / "test-artifacts" / "soak.json"
CHROMIUM = os.environ.get("SDTOOLKIT_CHROMIUM", "/usr/bin/chromium")
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]  # as in conftest.py

POOL_SIZE = 1
CULL_IDLE_TIMEOUT = 20  # seconds (production: 900)
CULL_INTERVAL = 5  # seconds (production: 60)
VIEWS = 24  # page views in the soak
CONCURRENT = 3  # pages open at the same time
SOAK_BUDGET = 120  # seconds: the soak starts no new views after this
#: Fewer views than this within the budget fails the test (the machine is far too busy
#: for the figures to mean anything). An idle 2-core machine does all VIEWS.
MIN_VIEWS = 12
PAGE_TIMEOUT = 120  # seconds for one page to show its conclusion
#: Memory after culling may exceed the level after warm-up by this fraction: the server
#: process keeps some heap it used at the peak, and the refilled pool kernel is a fresh
#: process whose size varies by a few MB.
MEMORY_TOLERANCE = 0.25
MB = 1024 * 1024

# Sets window.__sdVisible (ms since navigation start) when the conclusion is on screen.
VISIBLE_PROBE = """
(() => {
  const check = () => {
    for (const el of document.querySelectorAll('.sd-conclusion')) {
      const box = el.getBoundingClientRect();
      if (box.height > 0 && el.innerText.includes('scoort')) {
        window.__sdVisible = performance.now();
        return true;
      }
    }
    return false;
  };
  const start = () => {
    if (check()) return;
    const observer = new MutationObserver(() => {
      if (window.__sdVisible === undefined && check()) observer.disconnect();
    });
    observer.observe(document.documentElement, {childList: true, subtree: true,
                                                characterData: true});
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
"""


def _rss(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _footprint(server: VoilaServer) -> tuple[int, int]:
    """(resident bytes of Voila plus its kernels, number of kernels)."""
    kernels = server.kernel_pids()
    return _rss(server.process.pid) + sum(_rss(pid) for pid in kernels), len(kernels)


def _wait(condition, timeout: float, interval: float = 0.5) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return bool(condition())


def _settled(server: VoilaServer, timeout: float) -> tuple[int, int]:
    """Wait until only the pool is left and its memory has stopped changing (the refilled
    kernel has run the notebook); return the footprint then."""
    samples: list[int] = []

    def steady() -> bool:
        memory, kernels = _footprint(server)
        samples.append(memory if kernels == POOL_SIZE else -1)
        last = samples[-4:]
        return (len(last) == 4 and min(last) > 0
                and max(last) - min(last) <= 0.02 * max(last))

    _wait(steady, timeout, interval=1.0)
    return _footprint(server)


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
def test_viewers_come_and_go_without_piling_up(tmp_path):
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM}")
    sync_api = pytest.importorskip("playwright.sync_api")

    folder = tmp_path / "apps"
    folder.mkdir()
    shutil.copy(FLAGSHIP, folder / FLAGSHIP.name)
    log_path = tmp_path / "voila.log"
    started = time.monotonic()
    figures: dict = {}
    with open(log_path, "w", encoding="utf-8") as log:
        server = VoilaServer(folder, port=0, host="127.0.0.1", log=log, pool_size=POOL_SIZE,
                             cull_idle_timeout=CULL_IDLE_TIMEOUT, cull_interval=CULL_INTERVAL)
        try:
            server.start(wait=True, timeout=120)
            url = server.render_url(FLAGSHIP.name)
            with sync_api.sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                                     args=CHROMIUM_ARGS, timeout=60_000)
                try:
                    figures = _soak(server, browser, url)
                finally:
                    browser.close()
        finally:
            log.flush()
            server.stop(timeout=20)
    figures["total_seconds"] = round(time.monotonic() - started, 1)
    ARTIFACT.parent.mkdir(parents=True, exist_ok=True)
    ARTIFACT.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n",
                        encoding="utf-8")
    print(json.dumps(figures, indent=2))
    server_log = log_path.read_text(encoding="utf-8", errors="replace")

    assert figures["failed_views"] == [], figures["failed_views"]
    assert figures["views"] >= MIN_VIEWS, figures
    assert "Culling 'idle' kernel" in server_log  # the viewers' kernels were culled...
    kernels = figures["kernels"]
    assert kernels["peak"] > POOL_SIZE, kernels  # ...after there had been several
    assert kernels["after"] == POOL_SIZE, kernels
    memory = figures["memory_mb"]
    assert memory["peak"] > memory["before"], memory
    assert memory["after"] <= memory["before"] * (1 + MEMORY_TOLERANCE), memory


def _soak(server: VoilaServer, browser, url: str) -> dict:
    context = browser.new_context(viewport={"width": 1200, "height": 900}, locale="nl-NL")
    blocked: list[str] = []

    def route(route) -> None:
        if (urlsplit(route.request.url).hostname or "") in LOCAL_HOSTS:
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    context.route("**/*", route)
    context.add_init_script(VISIBLE_PROBE)

    def view_batch(count: int) -> list[float | str]:
        """Open *count* pages at once, wait for each conclusion, close them; returns the
        render time of each (seconds since its navigation started) or an error."""
        pages = []
        for _ in range(count):
            page = context.new_page()
            page.goto(url, wait_until="commit", timeout=PAGE_TIMEOUT * 1000)
            pages.append(page)
        results: list[float | str] = []
        for page in pages:
            try:
                page.wait_for_function("window.__sdVisible !== undefined",
                                       timeout=PAGE_TIMEOUT * 1000)
                results.append(page.evaluate("window.__sdVisible") / 1000)
            except Exception as error:  # noqa: BLE001 - reported as a failed view
                results.append(f"{type(error).__name__}: {str(error)[:200]}")
            finally:
                page.close()
        return results

    # Warm-up: the pool kernel is ready, two viewers have come and gone and been culled.
    assert _wait(lambda: len(server.kernel_pids()) == POOL_SIZE, 120)
    warm = view_batch(1) + view_batch(1)
    assert all(isinstance(t, float) for t in warm), warm
    settle = CULL_IDLE_TIMEOUT + 2 * CULL_INTERVAL + 60
    memory_before, kernels_before = _settled(server, settle)
    assert kernels_before == POOL_SIZE, "warm-up viewers' kernels were not culled"
    server_before = _rss(server.process.pid)

    # Soak: CONCURRENT pages at a time, until VIEWS views or SOAK_BUDGET seconds. A thread
    # samples memory and kernels twice a second for the peak.
    times: list[float] = []
    failed: list[str] = []
    peak = {"memory": memory_before, "kernels": kernels_before}
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(0.5):
            memory, kernels = _footprint(server)
            peak["memory"] = max(peak["memory"], memory)
            peak["kernels"] = max(peak["kernels"], kernels)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    soak_start = time.monotonic()
    views = 0
    try:
        while views < VIEWS and time.monotonic() - soak_start < SOAK_BUDGET:
            for result in view_batch(min(CONCURRENT, VIEWS - views)):
                views += 1
                (times if isinstance(result, float) else failed).append(result)
    finally:
        stop.set()
        sampler.join(timeout=10)
    soak_seconds = time.monotonic() - soak_start
    memory_end, kernels_end = _footprint(server)
    peak_memory = max(peak["memory"], memory_end)
    peak_kernels = max(peak["kernels"], kernels_end)
    context.close()

    # Culling: every viewer's kernel goes once idle; only the pool is left.
    cull_start = time.monotonic()
    memory_after, kernels_after = _settled(server, settle)
    cull_seconds = time.monotonic() - cull_start
    server_after = _rss(server.process.pid)

    return {
        "test": "tests/test_soak.py::test_viewers_come_and_go_without_piling_up",
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "notebook": FLAGSHIP.name,
        "settings": {"pool_size": POOL_SIZE, "cull_idle_timeout": CULL_IDLE_TIMEOUT,
                     "cull_interval": CULL_INTERVAL, "concurrent_pages": CONCURRENT,
                     "memory_tolerance": MEMORY_TOLERANCE},
        "machine": {"cores": os.cpu_count(),
                    "load_average_at_end": [round(x, 2) for x in os.getloadavg()]},
        "views": views,
        "rendered_views": len(times),
        "failed_views": failed,
        "blocked_requests": blocked,
        "soak_seconds": round(soak_seconds, 1),
        "render_seconds": {
            "p50": round(statistics.median(times), 2) if times else None,
            "p95": round(_percentile(times, 0.95), 2) if times else None,
            "min": round(min(times), 2) if times else None,
            "max": round(max(times), 2) if times else None,
            "warm_up": [round(t, 2) for t in warm],
        },
        "memory_mb": {"before": round(memory_before / MB), "peak": round(peak_memory / MB),
                      "end_of_soak": round(memory_end / MB), "after": round(memory_after / MB),
                      "server_before": round(server_before / MB),
                      "server_after": round(server_after / MB)},
        "kernels": {"before": kernels_before, "peak": peak_kernels, "end_of_soak": kernels_end,
                    "after": kernels_after},
        "seconds_until_culled_and_settled": round(cull_seconds, 1),
    }
